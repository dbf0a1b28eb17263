/**
 * The blog's content loader: Astro's `glob` loader, plus two things it lacks.
 *
 * - An MDX post that is plain Markdown (build/content/plain-mdx.ts) is rendered once, when
 *   content syncs, to an HTML file in the cache (build/content/prerendered-posts.ts); only
 *   posts that use components, imports or expressions stay MDX modules. Astro bundles
 *   every MDX post into the build as a JavaScript module: most of the bundling time and
 *   memory of a large build. The HTML is kept out of the content store because the store
 *   is itself bundled as one module (figures in docs/performance.md).
 * - Posts are read and rendered again when the Markdown pipeline changes (src/markdown and
 *   what it imports, the settings, package versions): Astro keys what it stores on the post's text alone.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { setImmediate } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Loader, LoaderContext } from "astro/loaders";
import { glob } from "astro/loaders";
import { recordBuildFigures } from "#build/cache/build-report.ts";
import { markdownPipelineFingerprint } from "#build/cache/transform-cache.ts";
import { isPlainMarkdown } from "#build/content/plain-mdx.ts";
import { PrerenderedPosts, prerenderedFile } from "#build/content/prerendered-posts.ts";
import { refuseLinkedPosts } from "#build/integrations/content-boundary.ts";
import { splitPostFile } from "#src/domain/frontmatter.ts";
import { mdxCodeProblems } from "#src/domain/mdx-code.ts";
import { readingTimeOfPost } from "#src/domain/reading-time.ts";
import type { PostData } from "#src/schemas/post.ts";
import { siteConfig } from "#src/site.config.ts";

type GlobOptions = Parameters<typeof glob>[0];

const PIPELINE_KEY = "markdown-pipeline";

/**
 * What a post that fails the schema becomes on the dev server: a draft whose title names the file and whose
 * excerpt is the error, so the server starts and the author sees what to fix. Saving the fixed file reloads it.
 * A build has no watcher and never gets here: the error stops it.
 */
function brokenPostData(filePath: string, message: string): PostData {
  return {
    title: `This post has an error: ${filePath}`,
    excerpt: message.slice(0, 400),
    date: new Date(),
    category: "Broken posts",
    tags: [],
    featured: false,
    published: false,
    unlisted: false,
    author: siteConfig.author.name,
    coverAlt: "",
    readingTime: "Fix the frontmatter",
  };
}

/**
 * On the dev server (which has a watcher), a schema error is logged and the post shown as broken, not fatal.
 * A broken MDX post is stored with nothing rendered instead of as a module to compile: compiling it would fail
 * on the frontmatter that broke it when Astro's parser cannot read that (a YAML syntax error).
 */
function tolerantOnDevServer(context: LoaderContext): LoaderContext {
  if (!context.watcher) return context;
  const { store } = context;
  /** The ids of the posts parseData made broken posts of, until they parse. */
  const broken = new Set<string>();
  return {
    ...context,
    parseData: (async (props) => {
      try {
        const data = await context.parseData(props);
        broken.delete(props.id);
        return data;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.logger.error(`${props.filePath ?? props.id}: ${message}`);
        broken.add(props.id);
        return brokenPostData(props.filePath ?? props.id, message);
      }
    }) as LoaderContext["parseData"],
    store: {
      ...store,
      set: (entry) =>
        store.set(
          entry.deferredRender && broken.has(entry.id)
            ? { ...entry, deferredRender: false, rendered: { html: "", metadata: {} } }
            : entry,
        ),
    },
  };
}

export function postsLoader(options: GlobOptions): Loader {
  const inner = glob(options);
  return {
    name: "posts-loader",
    load: async (context) => {
      const { store, meta, config, logger } = context;
      const root = fileURLToPath(config.root);
      const pipeline = markdownPipelineFingerprint(root, config);
      if (meta.get(PIPELINE_KEY) !== pipeline) {
        // Everything stored was rendered by another pipeline: read every post again.
        store.clear();
        meta.set(PIPELINE_KEY, pipeline);
      }
      const digestsBefore = new Map([...store.values()].map((entry) => [entry.id, entry.digest]));
      // A post file (or folder) that links out of the content folder is refused before the glob loader reads it.
      if (options.base !== undefined) {
        refuseLinkedPosts(relative(root, fileURLToPath(new URL(options.base, config.root))) || ".", root);
      }
      await inner.load(tolerantOnDevServer(context));
      // Posts the glob loader parsed (and, for .md, rendered) this sync: new or changed files, or all after a clear.
      const read = [...store.values()].filter((entry) => digestsBefore.get(entry.id) !== entry.digest).length;

      const prerendered = new PrerenderedPosts(join(fileURLToPath(config.cacheDir), "prerendered-posts"));
      let rendered = 0;
      for (const entry of store.values()) {
        const { id, filePath } = entry;
        const kept = prerenderedFile(entry);
        if (kept && existsSync(kept)) {
          prerendered.keep(kept);
          continue;
        }
        // An MDX module not looked at yet (in this version), or a rendering whose file the cache has lost.
        const moduleMark = `mdx-module:${id}`;
        const seen = `${pipeline}:${entry.digest}`;
        const unseenModule = entry.deferredRender && meta.get(moduleMark) !== seen;
        if (!(unseenModule || kept !== undefined) || !filePath?.endsWith(".mdx")) continue;
        const file = join(root, filePath);
        const source = readFileSync(file, "utf8");
        const { body, bodyLine } = splitPostFile(source);
        // MDX is code: what it may import and call is bounded before anything compiles or runs it.
        const code = mdxCodeProblems(body, siteConfig.mdxImports);
        if (code.length > 0) {
          throw new Error(
            code.map((problem) => `${filePath}:${bodyLine + problem.line - 1}: ${problem.message}`).join("\n"),
          );
        }
        if (!isPlainMarkdown(body)) {
          meta.set(moduleMark, seen);
          if (entry.data.readingTime !== undefined) continue;
          // It stays an MDX module. Its reading time is counted here: the store keeps no bodies.
          let readingTime: string;
          try {
            readingTime = readingTimeOfPost(filePath, body);
          } catch {
            continue; // Invalid MDX: the MDX compiler reports it with the file, line and column.
          }
          store.delete(id);
          store.set({ ...entry, data: { ...entry.data, readingTime } });
          continue;
        }
        // The store keeps an entry whose digest it has seen: remove the module version first.
        store.delete(id);
        // The whole file, so plugins see the frontmatter as they do in MDX (the title heading plugin needs it).
        const { html, metadata } = await context.renderMarkdown(source, { fileURL: pathToFileURL(file) });
        const htmlFile = prerendered.write(html.trimEnd());
        // The HTML stays out of the store; `rendered` keeps the headings and where the HTML is.
        store.set({ ...entry, deferredRender: false, rendered: { html: "", metadata: { ...metadata, htmlFile } } });
        rendered++;
        // Rendering never waits on I/O, so the event loop would not turn until every post is
        // rendered: the HTML writes would pile up in memory and the Open Graph drawers sit idle.
        if (rendered % 16 === 0) await setImmediate();
      }
      await prerendered.flush();
      const removed = prerendered.prune();
      recordBuildFigures(fileURLToPath(config.cacheDir), { postsReadAtSync: read, postsRenderedAtSync: rendered });
      if (rendered > 0 || removed > 0) {
        logger.info(`${rendered} plain-Markdown MDX posts rendered to HTML, ${removed} old renderings removed`);
      }
    },
  };
}
