/**
 * A rebuild reuses what it can (compiled MDX, unchanged pages, Open Graph images) and
 * still shows an edit everywhere: on the post, on its neighbours and related posts, in
 * the lists and feeds. Two real builds of a copy of the site, sharing one cache.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readBuildReport } from "#build/cache/build-report.ts";
import { createTempSite } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { listFiles } from "#tests/support/dist.ts";

const OLD_TITLE = "What the Guarantee Really Covers";
const NEW_TITLE = "Exactly-Once, Revisited After an Edit";
/** Pages, feeds and images (not bundles or index chunks, whose names hash their contents). */
const STABLE_OUTPUT = /\.(html|xml|json|png|txt|svg)$/;

describe("a rebuild after editing one post", () => {
  const site = createTempSite("blog-incremental-");
  afterAll(() => site.remove());
  const cacheDir = join(site.root, ".astro-cache");
  const outputFiles = () =>
    listFiles(site.dist)
      .filter((name) => STABLE_OUTPUT.test(name) && !name.startsWith("pagefind/") && !name.startsWith("_astro/"))
      .sort();
  let secondFiles: string[] = [];

  it("reuses unchanged work and leaves the old title nowhere", async () => {
    const first = await site.runAsync("build");
    expect(first.status, first.output).toBe(0);
    const file = join(site.root, BLOG_CONTENT_DIR, "exactly-once-kafka-to-spark.mdx");
    const source = readFileSync(file, "utf8");
    expect(source).toContain(OLD_TITLE);
    writeFileSync(
      file,
      `${source.replace(/^title: .*$/m, `title: "${NEW_TITLE}"`)}\nA paragraph added by the rebuild test.\n`,
    );
    // The seed post is plain Markdown: rendered when content syncs, not compiled as MDX.
    const seed = join(site.root, BLOG_CONTENT_DIR, "building-real-time-data-pipelines.mdx");
    writeFileSync(seed, `${readFileSync(seed, "utf8")}\nA paragraph added to the seed by the rebuild test.\n`);
    // A deleted post leaves nothing behind, though the rebuild starts from the last build's output.
    expect(existsSync(join(site.dist, "blog/event-time-watermarks/index.html"))).toBe(true);
    rmSync(join(site.root, BLOG_CONTENT_DIR, "event-time-watermarks.md"));
    // A page that shows nothing of the edits, and the compiled-MDX cache, as the first build left them.
    const untouchedPage = join(site.dist, "tags/avro/index.html");
    const pageBefore = statSync(untouchedPage, { bigint: true });
    const mdxCache = join(cacheDir, "mdx-compile");
    const compiledBefore = new Set(readdirSync(mdxCache));
    expect(compiledBefore.size).toBeGreaterThan(0);
    const renderingsBefore = readdirSync(join(cacheDir, "prerendered-posts")).length;

    const second = await site.runAsync("build");
    expect(second.status, second.output).toBe(0);
    // Files, not log lines: the untouched page is the same file, never written again; one MDX post was compiled.
    const pageAfter = statSync(untouchedPage, { bigint: true });
    expect([pageAfter.ino, pageAfter.mtimeNs]).toEqual([pageBefore.ino, pageBefore.mtimeNs]);
    expect(readdirSync(mdxCache).filter((entry) => !compiledBefore.has(entry))).toHaveLength(1);
    // The build's own counters: only the edited posts are read, rendered and compiled again, one card drawn,
    // and, post pages having changed, the search index is made again.
    const report = readBuildReport(cacheDir);
    // (The one MDX-module post is the edited one: the others are plain Markdown, rendered at sync.)
    expect(report).toMatchObject({
      postsReadAtSync: 2,
      postsRenderedAtSync: 1,
      mdxCompiled: 1,
      mdxFromCache: 0,
      ogImagesDrawn: 1,
    });
    expect(report.searchPagesIndexed).toBeGreaterThan(0);
    // The seed's old rendering is replaced, not kept beside the new one.
    expect(readdirSync(join(cacheDir, "prerendered-posts"))).toHaveLength(renderingsBefore);
    // Unchanged pages stay where the last build wrote them (Astro's log): none is copied from its cache.
    expect(second.output.match(/\(cached\)/g)?.length ?? 0).toBeGreaterThan(3);
    expect(second.output).not.toMatch(/\(restored\)/);
    expect(existsSync(join(site.dist, "blog/event-time-watermarks/index.html"))).toBe(false);
    expect(existsSync(join(site.dist, "og/event-time-watermarks.png"))).toBe(false);
    secondFiles = outputFiles();
    for (const page of ["blog/building-real-time-data-pipelines/index.html", "rss.xml"]) {
      expect(readFileSync(join(site.dist, page), "utf8"), page).toContain(
        "A paragraph added to the seed by the rebuild test.",
      );
    }

    const post = readFileSync(join(site.dist, "blog/exactly-once-kafka-to-spark/index.html"), "utf8");
    expect(post).toContain(NEW_TITLE);
    expect(post).toContain("A paragraph added by the rebuild test.");
    const stale = listFiles(site.dist)
      .filter((name) => /\.(html|xml|json)$/.test(name) && !name.startsWith("pagefind/"))
      .filter((name) => readFileSync(join(site.dist, name), "utf8").includes(OLD_TITLE));
    expect(stale).toEqual([]);
    for (const page of [
      "blog/index.html",
      "index.html",
      "rss.xml",
      "blog/choosing-a-serialization-format/index.html",
    ]) {
      expect(readFileSync(join(site.dist, page), "utf8"), page).toContain(NEW_TITLE);
    }
  }, 240_000);

  it("renders no post and compiles no MDX after an edit to the SEO helper and a page template", async () => {
    const edit = (path: string, comment: string) => {
      const file = join(site.root, path);
      writeFileSync(file, readFileSync(file, "utf8").replace(/\n/, `\n${comment}\n`));
    };
    edit("src/domain/seo.ts", "// Edited by the rebuild test.");
    edit("src/layouts/PostLayout.astro", "// Edited by the rebuild test.");
    const build = await site.runAsync("build");
    expect(build.status, build.output).toBe(0);
    const report = readBuildReport(cacheDir);
    expect(report).toMatchObject({ postsReadAtSync: 0, postsRenderedAtSync: 0, mdxCompiled: 0, mdxFromCache: 1 });
    expect(outputFiles()).toEqual(secondFiles);
  }, 240_000);

  it("renders every post again when a Markdown plugin changes; after an interrupted build, starts from an empty folder", async () => {
    const plugin = join(site.root, "src/markdown/heading-anchors.ts");
    writeFileSync(plugin, readFileSync(plugin, "utf8").replace("Link to section: ", "Jump to section: "));
    // As an interrupted build leaves it: the mark of a finished build gone, a stray file in the output.
    rmSync(join(site.root, ".astro-cache/reusable-output"));
    mkdirSync(join(site.dist, "blog/stray"));
    writeFileSync(join(site.dist, "blog/stray/index.html"), "<p>stray</p>");
    const third = await site.runAsync("build");
    expect(third.status, third.output).toBe(0);
    // Every post read and rendered again, by the counters.
    const report = readBuildReport(cacheDir);
    expect(report.postsReadAtSync).toBe(
      readdirSync(join(site.root, BLOG_CONTENT_DIR)).filter((name) => /\.mdx?$/.test(name)).length,
    );
    expect(report.mdxFromCache).toBe(0);
    expect(existsSync(join(site.dist, "blog/stray"))).toBe(false);
    expect(readdirSync(join(site.root, ".astro-cache/old-output"))).toEqual([]);
    // The build kept in place (the second) made the same files as this one from an empty folder.
    expect(outputFiles()).toEqual(secondFiles);
    // .md posts (stored HTML), plain-Markdown .mdx (HTML rendered at sync) and MDX modules alike.
    for (const slug of [
      "choosing-a-serialization-format",
      "building-real-time-data-pipelines",
      "exactly-once-kafka-to-spark",
    ]) {
      const page = readFileSync(join(site.dist, `blog/${slug}/index.html`), "utf8");
      expect(page, slug).toContain('aria-label="Jump to section: ');
      expect(page, slug).not.toContain('aria-label="Link to section: ');
    }
  }, 240_000);
});
