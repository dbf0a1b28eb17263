/**
 * A rebuild reuses what it can (compiled MDX, unchanged pages, Open Graph images) and
 * still shows an edit everywhere: on the post, on its neighbours and related posts, in
 * the lists and feeds. Two real builds of a copy of the site, sharing one cache.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTempSite } from "../../scripts/lib/temp-site.ts";
import { listFiles } from "../support/dist.ts";

const OLD_TITLE = "What the Guarantee Really Covers";
const NEW_TITLE = "Exactly-Once, Revisited After an Edit";
/** Pages, feeds and images (not bundles or index chunks, whose names hash their contents). */
const STABLE_OUTPUT = /\.(html|xml|json|png|txt|svg)$/;

describe("a rebuild after editing one post", () => {
  const site = createTempSite("blog-incremental-");
  afterAll(() => site.remove());
  const outputFiles = () =>
    listFiles(site.dist)
      .filter((name) => STABLE_OUTPUT.test(name) && !name.startsWith("pagefind/") && !name.startsWith("_astro/"))
      .sort();
  let secondFiles: string[] = [];

  it("reuses unchanged work and leaves the old title nowhere", async () => {
    const first = await site.runAsync("build");
    expect(first.status, first.output).toBe(0);
    const file = join(site.root, "src/content/blog/exactly-once-kafka-to-spark.mdx");
    const source = readFileSync(file, "utf8");
    expect(source).toContain(OLD_TITLE);
    writeFileSync(
      file,
      `${source.replace(/^title: .*$/m, `title: "${NEW_TITLE}"`)}\nA paragraph added by the rebuild test.\n`,
    );
    // The seed post is plain Markdown: rendered when content syncs, not compiled as MDX.
    const seed = join(site.root, "src/content/blog/building-real-time-data-pipelines.mdx");
    writeFileSync(seed, `${readFileSync(seed, "utf8")}\nA paragraph added to the seed by the rebuild test.\n`);
    // A deleted post leaves nothing behind, though the rebuild starts from the last build's output.
    expect(existsSync(join(site.dist, "blog/event-time-watermarks/index.html"))).toBe(true);
    rmSync(join(site.root, "src/content/blog/event-time-watermarks.md"));
    // A page that shows nothing of the edits, and the compiled-MDX cache, as the first build left them.
    const untouchedPage = join(site.dist, "tags/avro/index.html");
    const pageBefore = statSync(untouchedPage, { bigint: true });
    const mdxCache = join(site.root, ".astro-cache/mdx-compile");
    const compiledBefore = new Set(readdirSync(mdxCache));
    expect(compiledBefore.size).toBeGreaterThan(0);

    const second = await site.runAsync("build");
    expect(second.status, second.output).toBe(0);
    // Files, not log lines: the untouched page is the same file, never written again; one MDX post was compiled.
    const pageAfter = statSync(untouchedPage, { bigint: true });
    expect([pageAfter.ino, pageAfter.mtimeNs]).toEqual([pageBefore.ino, pageBefore.mtimeNs]);
    expect(readdirSync(mdxCache).filter((entry) => !compiledBefore.has(entry))).toHaveLength(1);
    // Only the edited post is compiled again; pages that show nothing of it are copied from the first build.
    expect(second.output).toMatch(/\[mdx-compile-cache\] \d+ MDX files from cache, 1 compiled/);
    expect(second.output).toMatch(
      /\[posts-loader\] 1 plain-Markdown MDX posts rendered to HTML, 1 old renderings removed/,
    );
    // Unchanged pages stay where the last build wrote them: none is copied from Astro's cache.
    expect(second.output.match(/\(cached\)/g)?.length ?? 0).toBeGreaterThan(3);
    expect(second.output).not.toMatch(/\(restored\)/);
    expect(second.output).toMatch(/\[output-in-place\] \d+ files of the last build removed/);
    expect(second.output).toMatch(/Open Graph images: 1 drawn/);
    // Post pages changed, so the search index is made again, not copied from the cache.
    expect(second.output).toMatch(/\[search-index\] Indexed \d+ pages for search/);
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

  it("renders every post again when a Markdown plugin changes; after an interrupted build, starts from an empty folder", async () => {
    const plugin = join(site.root, "src/plugins/heading-anchors.ts");
    writeFileSync(plugin, readFileSync(plugin, "utf8").replace("Link to section: ", "Jump to section: "));
    // As an interrupted build leaves it: the mark of a finished build gone, a stray file in the output.
    rmSync(join(site.root, ".astro-cache/reusable-output"));
    mkdirSync(join(site.dist, "blog/stray"));
    writeFileSync(join(site.dist, "blog/stray/index.html"), "<p>stray</p>");
    const third = await site.runAsync("build");
    expect(third.status, third.output).toBe(0);
    expect(third.output).not.toMatch(/\[output-in-place\]/);
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
