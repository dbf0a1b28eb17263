/**
 * Three integrations lean on facts about other packages that no documentation promises
 * (build/integrations/preact-islands.ts, mdx-compile-cache.ts, output-in-place.ts), and so does
 * the collection's frontmatter guard on the dev server (build/content/post-files.ts) and the content
 * boundary's reading of content-image imports (build/integrations/content-boundary.ts). Each
 * fact is checked here against the installed packages, by running their code where that
 * is practical and by reading it where it is not, so that an upgrade which changes one
 * fails here, naming the integration to update, instead of slowing or breaking builds
 * without a word.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { satteri } from "@astrojs/markdown-satteri";
import mdx from "@astrojs/mdx";
import preact from "@astrojs/preact";
import { getRenderer } from "@astrojs/preact/container-renderer";
import type { AstroIntegration, AstroRenderer, HookParameters } from "astro";
import { glob } from "astro/loaders";
import { renderComponentToString } from "astro/runtime/server/render/component.js";
import { type Plugin, parseSync, resolveConfig, runnerImport, type UserConfig } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { readBuildReport } from "#build/cache/build-report.ts";
import { createFrontmatterGuard } from "#build/content/post-files.ts";
import { mdxCompileCache } from "#build/integrations/mdx-compile-cache.ts";
import { outputInPlace, skipIncrementalOutputCopies } from "#build/integrations/output-in-place.ts";
import { preactIslands } from "#build/integrations/preact-islands.ts";

const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "framework-internals-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const version = (name: string) =>
  (JSON.parse(readFileSync(join(packageDir(name), "package.json"), "utf8")) as { version: string }).version;
const upstreamFile = (name: string, file: string) => readFileSync(join(packageDir(name), file), "utf8");
/** The failure message: which package changed, and which module to update. */
const changedFor = (name: string, module: string, fact: string) =>
  `${name} ${version(name)}: ${fact} no longer holds. Update ${module} (written against the version named in its comments).`;
/** The failure message: which package changed, and which integration to update. */
const changed = (name: string, integration: string, fact: string) =>
  changedFor(name, `build/integrations/${integration}.ts`, fact);
/** Runs upstream code; an error it throws fails the test with `message` too. */
async function running<T>(message: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${message}\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** What an integration's `astro:config:setup` hook registered, given a minimal stand-in for Astro. */
interface Registered {
  renderers: AstroRenderer[];
  vite: NonNullable<UserConfig>[];
  scripts: unknown[];
  contentEntryTypes: unknown[];
}
async function runConfigSetup(
  integration: AstroIntegration,
  command: "build" | "dev",
  config: Record<string, unknown> = {},
): Promise<Registered> {
  const registered: Registered = { renderers: [], vite: [], scripts: [], contentEntryTypes: [] };
  const params = {
    command,
    config,
    isRestart: false,
    addRenderer: (renderer: AstroRenderer) => registered.renderers.push(renderer),
    updateConfig: (update: { vite?: UserConfig }) => {
      if (update.vite) registered.vite.push(update.vite);
      return config;
    },
    injectScript: (...script: unknown[]) => registered.scripts.push(script),
    addPageExtension: () => undefined,
    addContentEntryType: (entryType: unknown) => registered.contentEntryTypes.push(entryType),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
  } as unknown as HookParameters<"astro:config:setup">;
  await integration.hooks["astro:config:setup"]?.(params);
  return registered;
}
const vitePlugins = (registered: Registered) =>
  registered.vite.flatMap((config) => ((config.plugins ?? []) as unknown[]).flat(Number.POSITIVE_INFINITY)) as Plugin[];

/** An object hook's handler (Vite accepts `hook` or `{ filter, handler }`). */
type ObjectHook = { handler: (this: unknown, ...args: never[]) => unknown; filter?: { id?: RegExp } };
const isObjectHook = (hook: unknown): hook is ObjectHook =>
  typeof hook === "object" && hook !== null && typeof (hook as ObjectHook).handler === "function";

describe("preact-islands: @astrojs/preact's build without @astrojs/preact", () => {
  const fact = (text: string) => changed("@astrojs/preact", "preact-islands", text);
  const include = ["**/src/islands/**"];

  it("adds the renderer @astrojs/preact adds in a build, and what else that adds is only what it replaces", async () => {
    const ours = await runConfigSetup(preactIslands({ include }), "build");
    const upstream = await runConfigSetup(preact({ include }), "build");
    expect(ours.renderers, fact("the renderer it adds in a build")).toEqual(upstream.renderers);
    expect(upstream.renderers, fact("its renderer's name and entry points")).toEqual([
      {
        name: "@astrojs/preact",
        clientEntrypoint: "@astrojs/preact/client.js",
        serverEntrypoint: "@astrojs/preact/server.js",
      },
    ]);
    // Everything else @astrojs/preact registers in a build: @preact/preset-vite's plugins (Babel JSX, devtools,
    // Fast Refresh), the options module and dependency optimisation. A new entry may be one a build needs.
    expect(
      vitePlugins(upstream).map((plugin) => plugin.name),
      fact("the Vite plugins it adds in a build"),
    ).toEqual([
      "vite:preact-jsx",
      "preact:devtools",
      "prefresh",
      "@astrojs/preact:opts",
      "@astrojs/preact:environment",
    ]);
    expect(upstream.vite.flatMap(Object.keys).sort(), fact("the Vite settings it changes")).toEqual([
      "optimizeDeps",
      "plugins",
    ]);
    expect(upstream.scripts, fact("no script injected in a build")).toEqual([]);
  });

  it("would compile JSX with Babel (the cost preact-islands avoids), as Oxc would with the settings it uses", async () => {
    const jsxConfig = async (integrationPlugins: Plugin[]) => {
      const jsx = integrationPlugins.find((plugin) => plugin.name === "vite:preact-jsx");
      const hook = jsx?.config as ((this: unknown, ...args: unknown[]) => Promise<UserConfig> | UserConfig) | undefined;
      // Vite 8 (Rolldown) tells plugins so through `this.meta.rolldownVersion`.
      return hook?.call({ meta: { rolldownVersion: "1" } }, {}, { command: "build", mode: "production" });
    };
    const upstream = await jsxConfig(vitePlugins(await runConfigSetup(preact({ include }), "build")));
    expect(upstream?.oxc, fact("@astrojs/preact passing a `babel` option to @preact/preset-vite")).toBeUndefined();
    // @preact/preset-vite without Babel sets Oxc's JSX transform: the settings preact-islands gives it itself.
    const { preact: presetVite } = (await import(
      pathToFileURL(require.resolve("@preact/preset-vite", { paths: [packageDir("@astrojs/preact")] })).href
    )) as { preact: (options: object) => Plugin[] };
    const withoutBabel = await jsxConfig(presetVite({ include }));
    const ours = (await runConfigSetup(preactIslands({ include }), "build")).vite[0]?.oxc;
    expect(ours, fact("@preact/preset-vite's JSX settings without Babel")).toEqual(withoutBabel?.oxc);
  });

  it('reads its options from "astro:preact:opts" in server.js, in the shape preact-islands provides', async () => {
    const source = upstreamFile("@astrojs/preact", "dist/server.js");
    const imports = parseSync("server.js", source).module.staticImports.map((entry) => entry.moduleRequest.value);
    expect(
      imports.filter((specifier) => specifier.startsWith("astro:")),
      fact('server.js importing its options from "astro:preact:opts" (and no other virtual module)'),
    ).toEqual(["astro:preact:opts"]);

    // The real server renderer, loaded with preact-islands' options module: `include` decides what it claims.
    const { vite } = await runConfigSetup(preactIslands({ include }), "build");
    const { module } = await running(fact("server.js loading with preact-islands' options module"), () =>
      runnerImport<{ default: { check: (...args: unknown[]) => Promise<boolean> } }>("@astrojs/preact/server.js", {
        configFile: false,
        logLevel: "silent",
        root: repoRoot,
        plugins: vite.flatMap((config) => config.plugins ?? []),
        ssr: { noExternal: ["@astrojs/preact"] },
      }),
    );
    const Island = () => "island";
    const check = (componentUrl: string) => module.default.check.call({ result: {} }, Island, {}, {}, { componentUrl });
    expect(await check("/site/src/islands/SearchBox.tsx"), fact("server.js applying `include`")).toBe(true);
    expect(await check("/site/src/components/Card.tsx"), fact("server.js applying `include`")).toBe(false);
  });

  it('is found by the name "@astrojs/preact": Astro matches renderers by it, JSX integrations find each other by it', async () => {
    // Astro renders a component no renderer's check() claims (an island that renders nothing on the server)
    // with the one renderer whose name it expects for JSX ("@astrojs/preact" among them); any other name fails.
    const Empty = () => null;
    const check = async () => false;
    const render = (name: string) =>
      renderComponentToString(
        {
          renderers: [
            { ...getRenderer(false), name, ssr: { check, renderToStaticMarkup: async () => ({ html: "" }) } },
          ],
          clientDirectives: new Map(),
        } as unknown as Parameters<typeof renderComponentToString>[0],
        "Empty",
        Empty,
        {},
      );
    expect(
      await running(changed("astro", "preact-islands", "renderers found by name"), () =>
        render(getRenderer(false).name),
      ),
    ).toBe("");
    await expect(render("preact-islands")).rejects.toThrow(/Unable to render `Empty`/);

    // @astrojs/preact (like @astrojs/react and @astrojs/solid-js) warns about two JSX renderers by integration name.
    const warnings: string[] = [];
    const done = (integrations: { name: string }[]) =>
      preact().hooks["astro:config:done"]?.({
        config: { integrations },
        logger: { warn: (message: string) => warnings.push(message) },
      } as unknown as HookParameters<"astro:config:done">);
    await done([{ name: preactIslands({ include }).name }, { name: "@astrojs/react" }]);
    expect(warnings, fact("JSX renderer integrations found by name")).toHaveLength(1);
  });

  it("gives the dev server @astrojs/preact itself, loaded with require()", async () => {
    const dev = await runConfigSetup(preactIslands({ include }), "dev");
    expect(
      dev.renderers.map((renderer) => renderer.clientEntrypoint),
      fact("its dev renderer"),
    ).toEqual(["@astrojs/preact/client-dev.js"]);
    expect(
      vitePlugins(dev).map((plugin) => plugin.name),
      fact("its dev plugins"),
    ).toContain("prefresh");
  });
});

describe("mdx-compile-cache: the transform of @astrojs/mdx's Vite plugin", () => {
  const fact = (text: string) => changed("@astrojs/mdx", "mdx-compile-cache", text);
  const root = pathToFileURL(repoRoot);
  const markdown = { processor: satteri({ features: { gfm: true } }), syntaxHighlight: false, gfm: true };
  const post = "---\ntitle: A post\n---\n# Hello *there*\n\n<Note>An MDX component.</Note>\n";

  it('is a plugin named "@mdx-js/rolldown" with an object transform hook, whose output depends only on the text and path', async () => {
    const integration = mdx({ optimize: true });
    const config = { root, srcDir: new URL("src/", root), markdown };
    const plugins = vitePlugins(await runConfigSetup(integration, "build", config));
    const named = plugins.filter((plugin) => plugin.name === "@mdx-js/rolldown");
    expect(named, fact('one Vite plugin named "@mdx-js/rolldown"')).toHaveLength(1);
    const transform = named[0]?.transform;
    if (!isObjectHook(transform)) throw new Error(fact("its transform being `{ filter, handler }`"));
    expect(transform.filter?.id?.test("/site/post.mdx"), fact("its transform filter")).toBe(true);

    await integration.hooks["astro:config:done"]?.({
      config,
      logger: { warn: () => undefined },
    } as unknown as HookParameters<"astro:config:done">);
    // No plugin context (`this`): the output cannot depend on the environment, which the cache key leaves out.
    const compile = transform.handler as (this: unknown, code: string, id: string) => Promise<unknown>;
    const first = await running(fact("its handler needing no plugin context"), () =>
      compile.call(undefined, post, "/site/post.mdx"),
    );
    expect(first, fact("its output being { code, map, meta }")).toMatchObject({ code: expect.any(String), map: null });
    // The cache stores JSON: the output must come back from it as it was.
    expect(JSON.parse(JSON.stringify(first)), fact("its output being plain data")).toEqual(first);
    expect(await compile.call(undefined, post, "/site/post.mdx"), fact("its output being deterministic")).toEqual(
      first,
    );
  });

  it("is wrapped by mdx-compile-cache once Vite resolves the config, and a second compile comes from disk", async () => {
    const config = { root, srcDir: new URL("src/", root), markdown };
    const integration = mdx({ optimize: true });
    const mdxPlugins = vitePlugins(await runConfigSetup(integration, "build", config));
    await integration.hooks["astro:config:done"]?.({
      config,
      logger: { warn: () => undefined },
    } as unknown as HookParameters<"astro:config:done">);
    const cache = mdxCompileCache();
    const cachePlugins = vitePlugins(await runConfigSetup(cache, "build"));
    const cacheDir = join(scratch, "mdx-cache");
    await cache.hooks["astro:config:done"]?.({
      config: { ...config, site: "https://example.test", base: "/", cacheDir: pathToFileURL(`${cacheDir}/`) },
    } as unknown as HookParameters<"astro:config:done">);

    // mdx-compile-cache throws from configResolved when it finds nothing to wrap.
    const resolved = await running(fact("a transform handler to wrap"), () =>
      resolveConfig(
        { configFile: false, logLevel: "silent", root: repoRoot, plugins: [...mdxPlugins, ...cachePlugins] },
        "build",
      ),
    );
    const transform = resolved.plugins.find((plugin) => plugin.name === "@mdx-js/rolldown")?.transform;
    if (!isObjectHook(transform)) throw new Error(fact("Vite keeping the plugin's object hook"));
    const compile = transform.handler as (this: unknown, code: string, id: string) => Promise<unknown>;
    const first = await running(fact("its handler needing no plugin context"), () =>
      compile.call(undefined, post, "/site/post.mdx"),
    );
    expect(await compile.call(undefined, post, "/site/post.mdx")).toEqual(first);
    await cache.hooks["astro:build:done"]?.({
      logger: { info: () => undefined },
    } as unknown as HookParameters<"astro:build:done">);
    expect(readBuildReport(cacheDir), fact("the wrapped handler being the one Vite calls")).toMatchObject({
      mdxCompiled: 1,
      mdxFromCache: 1,
    });
  });
});

describe("output-in-place: Astro's handling of the output folder", () => {
  const fact = (text: string) => changed("astro", "output-in-place", text);

  it("turns off Astro's own emptying, which Astro skips only for `vite.build.emptyOutDir: false`", async () => {
    const { vite } = await runConfigSetup(outputInPlace(), "build");
    expect(vite, "output-in-place sets vite.build.emptyOutDir: false in builds").toEqual([
      { build: { emptyOutDir: false } },
    ]);
    const staticBuild = upstreamFile("astro", "dist/core/build/static-build.js");
    expect(staticBuild, fact("viteBuild emptying outDir unless vite.build.emptyOutDir is false")).toMatch(
      /if\s*\(\s*settings\.config\??\.vite\??\.build\??\.emptyOutDir\s*!==\s*false\s*\)\s*\{\s*emptyDir\(\s*settings\.config\.outDir\b/,
    );
  });

  it("keeps a page the incremental build skips in the output, unwritten, and lists it in astro:build:done's assets", () => {
    const generate = upstreamFile("astro", "dist/core/build/generate.js");
    expect(generate, fact("the incremental cache being on exactly with experimental.incrementalBuild")).toMatch(
      /if\s*\(\s*options\.settings\.config\.experimental\.incrementalBuild\s*\)\s*\{[^}]*IncrementalBuildCache\.load\(/,
    );
    // The branch for a page whose cache key is unchanged, up to its return.
    const skip = /cache\?\.canSkip\([\s\S]*?\n\s*return;\n/.exec(generate)?.[0] ?? "";
    expect(skip, fact("a page with an unchanged cache key being skipped")).not.toBe("");
    // Left as it is when it is already in the output (so its file identity is unchanged) ...
    expect(skip, fact("a skipped page kept when already in the output")).toMatch(/existsSync\(outFile\)/);
    expect(skip, fact("a skipped page not written again")).not.toMatch(/writeFile/);
    // ... and claimed, so that output-in-place does not delete it as a leftover.
    expect(skip, fact("a skipped page recorded in route.distURL")).toMatch(
      /route\.distURL\.push\(outFile\)|distURL = \[outFile\]/,
    );
  });

  it("writes no copy of a page into the incremental cache, and renders a skipped page that is in neither place", async () => {
    const generate = upstreamFile("astro", "dist/core/build/generate.js");
    // Astro's one use of the copies: a skipped page missing from the output is copied back, else rendered.
    expect(generate, fact("a rendered page's copy being written through cache.writeOutputFile")).toMatch(
      /await cache\.writeOutputFile\(options\.settings, relativeOutFile, result\.body\)/,
    );
    expect(generate, fact("a skipped page missing from the output being restored from its copy, or rendered")).toMatch(
      /const restored = !existsInDist && await cache\.restoreOutputFile\([^)]*\);\s*if \(existsInDist \|\| restored\)/,
    );
    const { IncrementalBuildCache } = (await import(
      pathToFileURL(join(packageDir("astro"), "dist/core/build/incremental.js")).href
    )) as {
      IncrementalBuildCache: new (
        ...args: unknown[]
      ) => {
        writeOutputFile(settings: unknown, file: string, body: Buffer): Promise<void>;
        restoreOutputFile(settings: unknown, file: string, destination: URL): Promise<boolean>;
      };
    };
    const settings = { config: { cacheDir: pathToFileURL(join(scratch, "incremental-cache/")) } };
    const stale = join(scratch, "incremental-cache/dist/blog/a/index.html");
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, "last build's copy");
    skipIncrementalOutputCopies();
    const cache = new IncrementalBuildCache("config", "lockfile", "keys");
    await running(fact("IncrementalBuildCache.writeOutputFile(settings, outputFile, body)"), () =>
      cache.writeOutputFile(settings, "blog/a/index.html", Buffer.from("this build's page")),
    );
    expect(existsSync(stale), "output-in-place removes a stale copy instead of writing one").toBe(false);
    const destination = pathToFileURL(join(scratch, "incremental-out/blog/a/index.html"));
    expect(
      await running(fact("IncrementalBuildCache.restoreOutputFile(settings, outputFile, destination)"), () =>
        cache.restoreOutputFile(settings, "blog/a/index.html", destination),
      ),
      fact("restoreOutputFile answering false when it has no copy (the page is then rendered)"),
    ).toBe(false);
  });

  it("renders every page again when vite.define changes (astro.config.mjs puts the middleware's fingerprint there)", () => {
    const input = upstreamFile("astro", "dist/core/build/config-hash/input.js");
    expect(
      input,
      changedFor("astro", "astro.config.mjs (vite.define)", "vite.define being part of the config hash"),
    ).toMatch(/define:\s*config\.vite\.define/);
  });

  it("passes each route's distURL as astro:build:done's assets, running integrations one after another", async () => {
    const hooks = (await import(pathToFileURL(join(packageDir("astro"), "dist/integrations/hooks.js")).href)) as {
      runHookBuildDone: (options: unknown) => Promise<void>;
    };
    const outDir = pathToFileURL(join(scratch, "dist/"));
    const page = new URL("blog/kept/index.html", outDir);
    const order: string[] = [];
    let assets: unknown;
    const integrations: AstroIntegration[] = [
      {
        name: "writes-files",
        hooks: {
          "astro:build:done": async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            order.push("writes-files");
          },
        },
      },
      {
        name: "output-in-place",
        hooks: {
          "astro:build:done": (params) => {
            order.push("output-in-place");
            assets = params.assets;
          },
        },
      },
    ];
    const logger = { forkIntegrationLogger: () => ({}), info: () => undefined };
    await hooks.runHookBuildDone({
      settings: { buildOutput: "static", config: { outDir, integrations } },
      pages: ["blog/kept/"],
      routes: [{ route: "/blog/[slug]", distURL: [page] }, { route: "/draft" }],
      logger,
    });
    expect(order, fact("astro:build:done hooks running in order, each awaited")).toEqual([
      "writes-files",
      "output-in-place",
    ]);
    expect(assets, fact("astro:build:done's assets being each route's distURL")).toEqual(
      new Map([["/blog/[slug]", [page]]]),
    );
  });
});

describe("post-files: the frontmatter guard reading posts Astro's parser throws on, on the dev server", () => {
  const fact = (text: string) => changedFor("astro", "build/content/post-files.ts", text);
  type EntryType = { extensions: string[]; getEntryInfo: (params: { contents: string; fileUrl: URL }) => unknown };

  /** The entry types Astro's content layer hands loaders: its Markdown one, and @astrojs/mdx's. */
  async function entryTypes(): Promise<Map<string, EntryType>> {
    const { markdownContentEntryType } = (await import(
      pathToFileURL(join(packageDir("astro"), "dist/vite-plugin-markdown/content-entry-type.js")).href
    )) as { markdownContentEntryType: EntryType };
    const config = { root: pathToFileURL(repoRoot), srcDir: new URL("src/", pathToFileURL(repoRoot)) };
    const [mdxEntryType] = (await runConfigSetup(mdx(), "dev", config)).contentEntryTypes as EntryType[];
    if (!mdxEntryType)
      throw new Error(changedFor("@astrojs/mdx", "build/content/post-files.ts", "an MDX content entry type"));
    return new Map(
      [markdownContentEntryType, mdxEntryType].flatMap((type) => type.extensions.map((ext) => [ext, type])),
    );
  }

  it("gives each loader the entry types, by extension, in its context's `entryTypes`", () => {
    const contentLayer = upstreamFile("astro", "dist/content/content-layer.js");
    expect(
      contentLayer,
      fact("the loader context's `entryTypes`: the content and data entry types by extension"),
    ).toMatch(/entryTypes:\s*getEntryConfigByExtMap\(\[\s*\.\.\.this\.#settings\.contentEntryTypes,/);
  });

  it("has the glob loader read each post with its context's entry types, whose Markdown and MDX ones throw on a YAML syntax error", async () => {
    const types = await entryTypes();
    const broken = "---\ntitle: T\ntags: [a, b\n---\nBody\n";
    for (const extension of [".md", ".mdx"]) {
      const reading = types
        .get(extension)
        ?.getEntryInfo({ contents: broken, fileUrl: pathToFileURL(`/site/p${extension}`) });
      await expect(reading, fact(`the ${extension} entry type throwing on a YAML syntax error`)).rejects.toThrow(
        /comma|flow/i,
      );
    }
    const { load, store, seen } = globOver({ "post.md": "---\ntitle: Written\n---\nBody\n" }, "glob-only");
    const read: string[] = [];
    const stub = new Map([
      [
        ".md",
        {
          extensions: [".md"],
          getEntryInfo: async ({ contents }: { contents: string }) => {
            read.push(contents);
            return { data: { title: "From the entry type" }, body: "Body", rawData: "" };
          },
        },
      ],
    ]);
    await load({ entryTypes: stub });
    expect(read, fact("the glob loader reading a post with its context's `entryTypes`")).toEqual([
      "---\ntitle: Written\n---\nBody\n",
    ]);
    expect(seen, fact("generateId getting the entry type's data")).toEqual([{ title: "From the entry type" }]);
    expect(store.get("post")?.data).toEqual({ title: "From the entry type" });
  });

  it("with the guard, the glob loader takes every post on the dev server: one Astro cannot parse is refused, naming its line", async () => {
    const files = {
      "fine.md": "---\ntitle: Fine\n---\nBody\n",
      "broken.md": '---\ntitle: "never closed\n---\nBody\n',
      "broken.mdx": "---\ntitle: T\ntags: [a, b\n---\nBody\n",
    };
    const { load, store, dir } = globOver(files, "guarded", true);
    await running(fact("the glob loader with the guard's entry types starting with a YAML syntax error"), async () =>
      load({ entryTypes: await entryTypes(), watcher: { add: () => undefined, on: () => undefined } }),
    );
    expect(store.get("fine")?.data).toEqual({ title: "Fine" });
    expect(store.get("broken")?.data).toEqual({
      refused: expect.stringMatching(new RegExp(`^${dir}/broken\\.md:2: frontmatter: malformed YAML: Missing closing`)),
    });
    expect(store.get("broken-mdx")?.data).toEqual({
      refused: expect.stringMatching(new RegExp(`^${dir}/broken\\.mdx:\\d+: frontmatter: malformed YAML: `)),
    });
  });

  /**
   * Astro's glob loader over `files` in a scratch folder, given a context with what a test adds (`entryTypes`, a watcher);
   * with `guarded`, inside the guard, its generateId comparing readings and each refusal kept as the post's data.
   */
  function globOver(files: Record<string, string>, name: string, guarded = false) {
    const root = join(scratch, name);
    const dir = join(root, "posts");
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    const guard = createFrontmatterGuard(dir);
    const seen: unknown[] = [];
    const entries = new Map<string, { id: string; data: Record<string, unknown>; digest?: string }>();
    const store = {
      get: (id: string) => entries.get(id),
      set: (entry: { id: string; data: Record<string, unknown>; digest?: string }) => {
        entries.set(entry.id, entry);
        return true;
      },
      has: (id: string) => entries.has(id),
      keys: () => [...entries.keys()],
      values: () => [...entries.values()],
      entries: () => [...entries.entries()],
      delete: (id: string) => entries.delete(id),
      clear: () => entries.clear(),
      addModuleImport: () => undefined,
      addAssetImports: () => undefined,
      addAssetImport: () => undefined,
    };
    const makeGlob = () => {
      const inner = glob({
        pattern: "**/*.{md,mdx}",
        base: "./posts",
        // Nothing rendered: what is read is the point.
        deferRender: true,
        generateId: ({ entry, data }) => {
          seen.push(data);
          if (guarded) guard.assertReadAlike(join(dir, entry), data);
          return entry.replace(/\.md$/, "").replace(/\.mdx$/, "-mdx");
        },
      });
      // As the posts loader does on the dev server: a refused post is kept (here with its refusal as its data).
      return {
        ...inner,
        load: (context: Parameters<typeof inner.load>[0]) =>
          inner.load({
            ...context,
            parseData: ((props) =>
              context
                .parseData(props)
                .catch((error: Error) => ({ refused: error.message }))) as typeof context.parseData,
          }),
      };
    };
    const loader = guarded ? guard.checking(makeGlob)({}) : makeGlob();
    const load = (extra: Record<string, unknown>) =>
      loader.load({
        collection: "posts",
        config: {
          root: pathToFileURL(`${root}/`),
          srcDir: pathToFileURL(`${root}/src/`),
          cacheDir: pathToFileURL(`${root}/cache/`),
        },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
        parseData: async ({ data }: { data: Record<string, unknown> }) => data,
        generateDigest: (text: string) => String(text.length),
        store,
        meta: new Map(),
        ...extra,
      } as never);
    return { load, store, seen, dir };
  }
});

describe("content-boundary: how Astro imports a post's Markdown images", () => {
  const module = "build/integrations/content-boundary.ts";
  const changedBoundary = (fact: string) => changedFor("astro", module, fact);

  it("names the image's post in an `importer=` query, which the boundary plugin reads to refuse a path out of the folders", async () => {
    // Astro's own function for the import specifier of a content image (what `![x](../a.png)` becomes).
    const { imageSrcToImportId } = (await import(
      pathToFileURL(join(packageDir("astro"), "dist/assets/utils/resolveImports.js")).href
    )) as { imageSrcToImportId: (src: string, file?: string) => string | undefined };
    const specifier = imageSrcToImportId("../../../../outside.png", "src/content/blog/post.md");
    expect(
      specifier,
      changedBoundary("a content image's import is `<path>?astroContentImageFlag&importer=<post>`"),
    ).toMatch(
      /^\.\.\/\.\.\/\.\.\/\.\.\/outside\.png\?astroContentImageFlag(=)?&importer=src%2Fcontent%2Fblog%2Fpost\.md$/,
    );
    // The plugin, given that specifier (with no importer, as Astro's content layer resolves it), refuses it for the post.
    const site = mkdtempSync(join(scratch, "boundary-"));
    mkdirSync(join(site, "src/content/blog"), { recursive: true });
    writeFileSync(join(site, "src/content/blog/post.md"), "---\ntitle: x\n---\n");
    const { contentBoundaryPlugin } = await import("#build/integrations/content-boundary.ts");
    const plugin = contentBoundaryPlugin(site);
    const resolveId = plugin.resolveId as (
      this: unknown,
      source: string,
      importer?: string,
      options?: object,
    ) => Promise<unknown>;
    const context = {
      resolve: async (source: string) => ({ id: join(site, "src/content/blog", source.split("?")[0] ?? "") }),
    };
    const resolved = (await resolveId.call(context, specifier ?? "", undefined, {})) as { id: string } | null;
    expect(resolved?.id, changedBoundary("the plugin finds the post of a content image from its `importer=`")).toMatch(
      /^\0content-boundary:refused:/,
    );
    const load = (plugin.load as { handler: (id: string) => unknown }).handler;
    expect(() => load(resolved?.id ?? "")).toThrow(/src\/content\/blog\/post\.md/);
  });

  it("resolves content images in astro:content-asset-propagation, a pre plugin that resolves the path against the post", () => {
    const source = upstreamFile("astro", "dist/content/vite-plugin-content-assets.js");
    expect(source, changedBoundary("astro:content-asset-propagation resolves `importer=` against the root")).toContain(
      'params.get("importer")',
    );
    expect(source, changedBoundary("astro:content-asset-propagation calls this.resolve(base, importerPath)")).toMatch(
      /this\.resolve\(base, importerPath/,
    );
  });
});
