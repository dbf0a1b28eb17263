import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { parse as parseYaml } from "yaml";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { launchBrowser } from "#tests/support/browser.ts";
import { startDevServer } from "#tests/support/dev-server.ts";

const siteRoot = inject("siteRoot");
const seedFrontmatter = () =>
  parseYaml(
    /^---\n([\s\S]*?)\n---/.exec(
      readFileSync(join(siteRoot, BLOG_CONTENT_DIR, "building-real-time-data-pipelines.mdx"), "utf8"),
    )?.[1] ?? "",
  );

describe("the generated JSON schema (.astro/collections/blog.schema.json)", () => {
  const schema = () => JSON.parse(readFileSync(join(siteRoot, ".astro/collections/blog.schema.json"), "utf8"));

  it("accepts the seed frontmatter and rejects a misspelled or mistyped field", () => {
    const validate = new Ajv2020({ strict: false }).compile(schema());
    expect(validate(seedFrontmatter()), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...seedFrontmatter(), publised: false })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: "additionalProperties",
      params: { additionalProperty: "publised" },
    });
    expect(validate({ ...seedFrontmatter(), featured: "yes" })).toBe(false);
  });

  it("describes every field, for hover text in the editor", () => {
    const properties = schema().properties as Record<string, { description?: string }>;
    for (const [field, definition] of Object.entries(properties)) {
      expect(definition.description, field).toBeTruthy();
    }
  });
});

describe("the Astro language server on a post's frontmatter", () => {
  let connection: ReturnType<typeof createMessageConnection>;
  let server: ReturnType<typeof spawn>;
  const diagnostics = new Map<string, { message: string }[]>();
  const uri = pathToFileURL(join(siteRoot, BLOG_CONTENT_DIR, "event-time-watermarks.md")).href;

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [join(repoRoot, "node_modules/@astrojs/language-server/bin/nodeServer.js"), "--stdio"],
      {
        stdio: ["pipe", "pipe", "ignore"],
      },
    );
    if (!server.stdout || !server.stdin) throw new Error("language server has no stdio");
    connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onNotification(
      "textDocument/publishDiagnostics",
      (params: { uri: string; diagnostics: { message: string }[] }) => {
        diagnostics.set(params.uri, params.diagnostics);
      },
    );
    connection.onRequest(() => null);
    connection.listen();
    const rootUri = pathToFileURL(siteRoot).href;
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: "site" }],
      capabilities: {
        textDocument: { completion: {}, hover: { contentFormat: ["markdown"] }, publishDiagnostics: {} },
        workspace: { workspaceFolders: true },
      },
      // The same options the VS Code extension sends when astro.content-intellisense is on.
      initializationOptions: {
        typescript: { tsdk: join(repoRoot, "node_modules/typescript/lib") },
        contentIntellisense: true,
      },
    });
    await connection.sendNotification("initialized", {});
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: {
        uri,
        languageId: "markdown",
        version: 1,
        text: '---\ntitle: "Event time"\npublised: true\n\n---\n\nBody\n',
      },
    });
  }, 120_000);

  afterAll(() => {
    connection?.dispose();
    server?.kill();
  });

  it("completes frontmatter field names", async () => {
    const completion = await connection.sendRequest<{ items?: { label: string }[] } | { label: string }[]>(
      "textDocument/completion",
      { textDocument: { uri }, position: { line: 3, character: 0 } },
    );
    const labels = (Array.isArray(completion) ? completion : (completion.items ?? [])).map((item) => item.label);
    expect(labels).toEqual(expect.arrayContaining(["excerpt", "date", "category", "published", "tags", "coverImage"]));
  });

  it("shows the schema's field description on hover", async () => {
    const hover = await connection.sendRequest<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 1, character: 2 },
    });
    expect(hover.contents.value).toContain("The post title, shown as the page heading.");
  });

  it("flags a misspelled field", async () => {
    await expect
      .poll(() => diagnostics.get(uri)?.map((d) => d.message) ?? [], { timeout: 20_000 })
      .toContain("Property publised is not allowed.");
  });
});

describe("npm run new", () => {
  const site = createTempSite("blog-scaffold-");
  afterAll(() => site.remove());
  const scaffold = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, "scripts/new-post.ts"), ...args], {
      cwd: site.root,
      encoding: "utf8",
    });

  it("writes a draft that passes the schema and builds, and prints the path and preview URL", () => {
    const result = scaffold(
      "Exactly-Once Sinks: “Idempotent” Writes & <Upserts>",
      "--category",
      "Data Engineering",
      "--tags",
      "Apache Kafka,Sinks",
    );
    expect(result.status, result.stderr).toBe(0);
    const file = join(site.root, BLOG_CONTENT_DIR, "exactly-once-sinks-idempotent-writes-and-upserts.mdx");
    expect(existsSync(file)).toBe(true);
    expect(result.stdout).toContain("src/content/blog/exactly-once-sinks-idempotent-writes-and-upserts.mdx");
    expect(result.stdout).toContain("http://localhost:4321/blog/exactly-once-sinks-idempotent-writes-and-upserts/");
    const frontmatter = parseYaml(/^---\n([\s\S]*?)\n---/.exec(readFileSync(file, "utf8"))?.[1] ?? "");
    expect(frontmatter).toMatchObject({
      title: "Exactly-Once Sinks: “Idempotent” Writes & <Upserts>",
      date: new Date().toISOString().slice(0, 10),
      published: false,
      category: "Data Engineering",
      tags: ["Apache Kafka", "Sinks"],
    });
    const build = site.run("build");
    expect(build.status, build.output).toBe(0);
    // A draft: built without error, but nowhere in the production site.
    expect(existsSync(join(site.dist, "blog/exactly-once-sinks-idempotent-writes-and-upserts"))).toBe(false);
  });

  it("publishes with --publish, and refuses to reuse a slug or overwrite a post", () => {
    const published = scaffold("Published Right Away", "--publish");
    expect(published.status, published.stderr).toBe(0);
    expect(readFileSync(join(site.root, "src/content/blog/published-right-away.mdx"), "utf8")).toContain(
      "published: true",
    );
    const again = scaffold("Published Right Away");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('a post with the slug "published-right-away" already exists');
    const seedSlug = scaffold("Anything", "--slug", "building-real-time-data-pipelines");
    expect(seedSlug.status).toBe(1);
    expect(seedSlug.stderr).toContain("already exists");
    const noTitle = scaffold();
    expect(noTitle.status).toBe(1);
    expect(noTitle.stderr).toContain('give a title: npm run new -- "My Post Title"');
  });
});

describe("npm run dev", () => {
  it("shows drafts with a Draft mark, and a broken post's file and field in the terminal and the browser overlay", async () => {
    const site = createTempSite("blog-dev-");
    const dev = startDevServer(site.root);
    const browser = await launchBrowser();
    try {
      const origin = await dev.ready();
      const page = await browser.newPage();
      // The first visit makes Vite optimize the client dependencies and reload the page once.
      await page.goto(`${origin}/blog/kafka-tiered-storage/`);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(1500);
      await page.goto(`${origin}/blog/kafka-tiered-storage/`);
      await page.waitForLoadState("networkidle");
      expect(await page.locator(".post__header .draft-badge").textContent()).toBe("Draft");
      site.addPost(
        "typo-post.md",
        '---\ntitle: "T"\nexcerpt: "E"\ndate: "2024-01-01"\ncategory: "C"\npublised: false\n---\nBody\n',
      );
      const overlayText = () =>
        page.evaluate(() => document.querySelector("vite-error-overlay")?.shadowRoot?.textContent ?? "");
      await expect
        .poll(overlayText, { timeout: 20_000 })
        .toContain('unknown field "publised": did you mean "published"?');
      expect(await overlayText()).toContain("src/content/blog/typo-post.md");
      expect(dev.terminal()).toContain('src/content/blog/typo-post.md:6  publised  error: unknown field "publised"');
    } finally {
      await browser.close();
      dev.stop();
      site.remove();
    }
  }, 90_000);

  it("starts with a broken post, shows its error on the post's page, and recovers when the file is fixed", async () => {
    const site = createTempSite("blog-dev-broken-");
    const broken =
      '---\ntitle: "Fixed Title"\nexcerpt: "E"\ndate: "2024-01-01"\ncategory: "C"\npublised: false\n---\nBody\n';
    site.addPost("broken-at-start.md", broken);
    const dev = startDevServer(site.root);
    try {
      const origin = await dev.ready();
      expect(dev.terminal()).toContain("broken-at-start.md");
      const page = async () => (await fetch(`${origin}/blog/broken-at-start/`)).text();
      const first = await page();
      expect(first).toContain("This post has an error");
      expect(first).toContain("publised");
      site.addPost("broken-at-start.md", broken.replace("publised: false\n", ""));
      await expect.poll(page, { timeout: 20_000, interval: 500 }).toContain("<h1");
      await expect
        .poll(async () => (await page()).includes("Fixed Title") && !(await page()).includes("has an error"), {
          timeout: 20_000,
          interval: 500,
        })
        .toBe(true);
    } finally {
      dev.stop();
      site.remove();
    }
  }, 90_000);
});
