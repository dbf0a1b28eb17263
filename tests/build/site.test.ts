import { readFileSync } from "node:fs";
import { join } from "node:path";
import Parser from "rss-parser";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { termSlug } from "#src/domain/taxonomy.ts";
import { siteConfig } from "#src/site.config.ts";
import {
  listFiles,
  pageExists,
  postSlugsListed,
  readPage,
  readSourcePosts,
  type SourcePost,
} from "#tests/support/dist.ts";
import { TEST_PAGE_SIZE } from "#tests/support/global-build.ts";
import { fontFiles, htmlAndCssGzipBytes, scriptsRunOnLoad } from "#tests/support/page-weight.ts";

const distDir = inject("distDir");
const siteRoot = inject("siteRoot");

let posts: SourcePost[];
let published: SourcePost[];
let drafts: SourcePost[];

/** Every post slug listed on a paginated list, following its pages. */
function slugsAcrossPages(firstPageUrl: string): string[] {
  const slugs: string[] = [];
  for (let page = 1; ; page++) {
    const url = page === 1 ? firstPageUrl : `${firstPageUrl}${page}/`;
    if (!pageExists(distDir, url)) break;
    const listed = postSlugsListed(readPage(distDir, url));
    expect(listed.length, `${url} holds at most one page of posts`).toBeLessThanOrEqual(TEST_PAGE_SIZE);
    slugs.push(...listed);
  }
  return slugs;
}

function byNewest(a: SourcePost, b: SourcePost): number {
  return String(b.frontmatter.date).localeCompare(String(a.frontmatter.date));
}

beforeAll(() => {
  posts = readSourcePosts(join(siteRoot, "src/content/blog"));
  published = posts.filter((post) => post.published);
  drafts = posts.filter((post) => !post.published);
});

describe("the built site", () => {
  it("has the content this suite relies on: published posts, a draft and the real-post fixture", () => {
    expect(published.length).toBeGreaterThanOrEqual(5);
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    expect(published.map((post) => post.slug)).toContain("markdown-style-guide");
  });

  it("has every page type", () => {
    for (const url of [
      "/",
      "/blog/",
      "/blog/2/",
      "/tags/",
      "/categories/",
      "/archive/",
      "/404.html",
      "/favicon.svg",
      "/favicon.ico",
    ]) {
      expect(pageExists(distDir, url), url).toBe(true);
    }
  });

  it("gives every published post its own page with its title as the only h1", () => {
    for (const post of published) {
      const document = readPage(distDir, `/blog/${post.slug}/`);
      const h1s = [...document.querySelectorAll("h1")];
      expect(h1s[0]?.textContent, post.file).toBe(post.frontmatter.title);
      expect(document.querySelector("main article .prose")).not.toBeNull();
    }
  });

  it("lists exactly the published posts on the paginated blog index, newest first", () => {
    const listed = slugsAcrossPages("/blog/");
    expect(listed).toEqual([...published].sort(byNewest).map((post) => post.slug));
    const first = readPage(distDir, "/blog/");
    expect(first.querySelector('a[rel="next"]')?.getAttribute("href")).toBe("/blog/2/");
    expect(first.querySelector('link[rel="canonical"]')?.getAttribute("href")).toMatch(/\/blog\/$/);
    expect(readPage(distDir, "/blog/2/").querySelector('link[rel="canonical"]')?.getAttribute("href")).toMatch(
      /\/blog\/2\/$/,
    );
  });

  it("puts each published post on each of its tag pages and its category page, and nothing else there", () => {
    const expectedTags = new Map<string, Set<string>>();
    const expectedCategories = new Map<string, Set<string>>();
    for (const post of published) {
      for (const tag of post.frontmatter.tags ?? []) {
        const slugs = expectedTags.get(termSlug(tag)) ?? new Set();
        expectedTags.set(termSlug(tag), slugs.add(post.slug));
      }
      const slugs = expectedCategories.get(termSlug(post.frontmatter.category)) ?? new Set();
      expectedCategories.set(termSlug(post.frontmatter.category), slugs.add(post.slug));
    }
    for (const [tag, slugs] of expectedTags) {
      expect(new Set(slugsAcrossPages(`/tags/${tag}/`)), `tag ${tag}`).toEqual(slugs);
    }
    for (const [category, slugs] of expectedCategories) {
      expect(new Set(slugsAcrossPages(`/categories/${category}/`)), `category ${category}`).toEqual(slugs);
    }
    const tagIndex = readPage(distDir, "/tags/");
    const tagLinks = [...tagIndex.querySelectorAll("main .term-index a")].map((a) => a.getAttribute("href"));
    expect(new Set(tagLinks)).toEqual(new Set([...expectedTags.keys()].map((tag) => `/tags/${tag}/`)));
    for (const item of tagIndex.querySelectorAll("main .term-index li")) {
      const slug = /\/tags\/([^/]+)\//.exec(item.querySelector("a")?.getAttribute("href") ?? "")?.[1] ?? "";
      expect(item.textContent).toContain(`${expectedTags.get(slug)?.size} post`);
    }
  });

  it("merges tag spellings that slug the same into one tag", () => {
    // The seed says "Apache Kafka"; the tag-spelling fixture says "apache-kafka".
    const listed = slugsAcrossPages("/tags/apache-kafka/");
    expect(listed).toContain("building-real-time-data-pipelines");
    expect(listed).toContain("tag-spelling");
    expect(pageExists(distDir, "/tags/apache-kafka-2/")).toBe(false);
  });

  it("lists every published post in the archive, grouped by year", () => {
    const archive = readPage(distDir, "/archive/");
    const slugs = [...archive.querySelectorAll("main .archive-item a.archive-item__title")].map(
      (a) => /\/blog\/([^/]+)\//.exec(a.getAttribute("href") ?? "")?.[1],
    );
    expect(new Set(slugs)).toEqual(new Set(published.map((post) => post.slug)));
    const years = [...archive.querySelectorAll("main h2")].map((h) => Number.parseInt(h.textContent ?? "", 10));
    expect(years.every(Number.isInteger)).toBe(true);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it("never lets a draft's title or slug into any built file", () => {
    expect(drafts.length).toBeGreaterThan(0);
    for (const file of listFiles(distDir)) {
      expect(file, "no draft file name").not.toMatch(new RegExp(drafts.map((d) => d.slug).join("|")));
      if (!/\.(html|xml|json|txt|css|js)$/.test(file)) continue;
      const text = readFileSync(join(distDir, file), "utf8");
      for (const draft of drafts) {
        expect(text.includes(draft.frontmatter.title), `${file} names draft ${draft.file}`).toBe(false);
        expect(text.includes(`/blog/${draft.slug}/`), `${file} links draft ${draft.file}`).toBe(false);
      }
    }
  });

  it("renders dates in one human form with a machine-readable datetime", () => {
    const post = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const time = post.querySelector(".post__header time");
    expect(time?.getAttribute("datetime")).toBe("2023-11-15");
    expect(time?.textContent).toBe("November 15, 2023");
    const updated = readPage(distDir, "/blog/event-time-watermarks/").querySelectorAll(".post__header time");
    expect([...updated].map((t) => t.getAttribute("datetime"))).toEqual(["2024-08-22", "2024-09-02"]);
  });
});

describe("the seed post", () => {
  const seedSource = () =>
    readFileSync(join(siteRoot, "src/content/blog/building-real-time-data-pipelines.mdx"), "utf8");

  it("reads as the seed: every paragraph and list item of the source is on the page", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const body = page.querySelector(".prose")?.textContent?.replace(/\s+/g, " ") ?? "";
    // Smart punctuation turns ' into ’ on the page; compare on straight quotes.
    const normalizedBody = body.replace(/[’‘]/g, "'");
    const prose = seedSource()
      .split(/^---$/m)[2]
      ?.split("\n")
      .filter((line) => /^[A-Za-z0-9*-]/.test(line) && !line.startsWith("```"))
      .map((line) =>
        line
          .replace(/^(\d+\.|-)\s+/, "")
          .replace(/\*\*/g, "")
          .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1"),
      );
    expect(prose?.length).toBeGreaterThan(20);
    for (const line of prose ?? []) expect(normalizedBody).toContain(line.trim());
  });

  it("has highlighted code with its language, real fences and no escaped backticks", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const block = page.querySelector(".code-block");
    expect(block?.getAttribute("data-language")).toBe("python");
    expect(block?.querySelector(".code-block__lang")?.textContent).toBe("Python");
    // Token colours are classes (tl-… light, td-… dark), never inline styles.
    expect(block?.querySelectorAll("pre.astro-code span[class*='tl-'][class*='td-']").length).toBeGreaterThan(10);
    expect(block?.querySelectorAll("[style]").length).toBe(0);
    expect(block?.querySelector("pre")?.textContent).toContain("producer.send('user_events', {");
    expect(page.querySelector(".prose")?.textContent).not.toContain("\\`");
  });

  it("shows its architecture diagram with known dimensions and alt text", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const cover = page.querySelector(".cover img");
    expect(cover?.getAttribute("src")).toBe("/blog/data-pipeline-architecture.png");
    expect(cover?.getAttribute("width")).toBe("1600");
    expect(cover?.getAttribute("height")).toBe("900");
    expect(cover?.getAttribute("alt")).toMatch(/Kafka cluster/);
    expect(pageExists(distDir, "/blog/data-pipeline-architecture.png")).toBe(true);
    expect(page.querySelector(".cover source:not([media])")?.getAttribute("srcset")).toBe(
      "/blog/data-pipeline-architecture.webp",
    );
    // The diagram's dark twin, for dark mode.
    const dark = page.querySelector('.cover source[media="(prefers-color-scheme: dark)"][type="image/webp"]');
    expect(dark?.getAttribute("srcset")).toBe("/blog/data-pipeline-architecture-dark.webp");
    expect(pageExists(distDir, "/blog/data-pipeline-architecture-dark.webp")).toBe(true);
  });

  it("has a table of contents, heading anchors, reading time, author, category and tags", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const toc = [...page.querySelectorAll(".toc a")].map((a) => a.getAttribute("href"));
    expect(toc).toContain("#why-real-time-data-processing-matters");
    for (const href of toc) expect(page.querySelector(`[id="${href?.slice(1)}"]`), href ?? "").not.toBeNull();
    expect(page.querySelector("#conclusion .heading-anchor")?.getAttribute("href")).toBe("#conclusion");
    const meta = page.querySelector(".post-meta")?.textContent ?? "";
    expect(meta).toContain("12 min read");
    expect(meta).toContain("Your Name");
    expect(meta).toContain("Data Engineering");
    const tags = [...page.querySelectorAll(".post__header .pill")].map((a) => a.textContent);
    expect(tags).toEqual(["Apache Kafka", "Spark Streaming", "Real-time Processing", "Data Engineering"]);
  });

  it("links to neighbours and related posts that exist", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const links = [...page.querySelectorAll(".post-nav a, .related .post-card__title a")];
    expect(links.length).toBeGreaterThan(0);
    expect(page.querySelectorAll(".related .post-card").length).toBeLessThanOrEqual(3);
    for (const link of links) expect(pageExists(distDir, link.getAttribute("href") ?? ""), link.outerHTML).toBe(true);
  });
});

describe("posts written elsewhere", () => {
  it("renders the Markdown style guide unedited: headings, blockquotes, tables, nested fences, lists, image", () => {
    const page = readPage(distDir, "/blog/markdown-style-guide/");
    const body = page.querySelector(".prose");
    for (const level of [1, 2, 3, 4, 5, 6]) expect(body?.querySelector(`h${level}`), `h${level}`).not.toBeNull();
    expect(body?.querySelectorAll("blockquote").length).toBe(2);
    expect(body?.querySelector("blockquote cite")?.textContent).toContain("Rob Pike");
    expect(body?.querySelectorAll("table th").length).toBe(3);
    const nested = [...(body?.querySelectorAll("pre") ?? [])].find((pre) => pre.textContent?.includes("```html"));
    expect(nested?.textContent).toContain("<!doctype html>");
    expect(body?.querySelector("ul ul li")?.textContent).toBe("Apple");
    expect(body?.querySelector("img")?.getAttribute("alt")).toBe("blog placeholder");
    expect(body?.querySelector("kbd")?.textContent).toBe("CTRL");
    expect(body?.querySelector("[data-footnotes] li")?.textContent).toContain("Gopherfest");
    // Reading time is computed when the frontmatter has none.
    expect(page.querySelector(".post-meta")?.textContent).toMatch(/\d+ min read/);
  });
});

describe("MDX and Markdown features", () => {
  it("renders an MDX component, a titled code listing, tables, footnotes, task lists and a local image", () => {
    const mdx = readPage(distDir, "/blog/exactly-once-kafka-to-spark/");
    expect(mdx.querySelector(".callout--warning .callout__title")?.textContent).toBe(
      "The sink is where guarantees leak",
    );
    expect(mdx.querySelector(".code-block__title")?.textContent).toBe("OrdersRevenueJob.scala");
    const table = readPage(distDir, "/blog/choosing-a-serialization-format/");
    expect(table.querySelectorAll(".prose table tr").length).toBe(8);
    expect(table.querySelectorAll("[data-footnotes] li").length).toBe(2);
    const watermark = readPage(distDir, "/blog/event-time-watermarks/");
    const image = watermark.querySelector(".prose img");
    expect(image?.getAttribute("src")).toMatch(/^\/_astro\/.+\.webp$/);
    expect(image?.getAttribute("width")).toBe("1200");
    expect(watermark.querySelectorAll(".prose input[type=checkbox]").length).toBe(3);
  });

  it("renders a plain-Markdown MDX post at content sync, to the HTML the MDX compiler gives", () => {
    // Whitespace between tags is all the two serializers may differ in; it is not rendered.
    const body = (slug: string) =>
      (readPage(distDir, `/blog/${slug}/`).querySelector(".prose")?.innerHTML ?? "").replace(/>\s+</g, "><");
    const plain = body("mdx-twin-plain");
    for (const part of [
      "<table",
      "<blockquote",
      'type="checkbox"',
      "data-footnotes",
      "code-block__title",
      "&lt;&amp;&gt;",
      'class="align-center"',
    ]) {
      expect(plain).toContain(part);
    }
    expect(plain).toBe(body("mdx-twin-module"));
    // Reading time: counted by the Markdown plugin for one, by the posts loader for the other.
    const readingTime = (slug: string) =>
      [...readPage(distDir, `/blog/${slug}/`).querySelectorAll(".post-meta span")]
        .map((span) => span.textContent?.trim())
        .find((text) => text?.endsWith("min read"));
    expect(readingTime("mdx-twin-plain")).toBe("1 min read");
    expect(readingTime("mdx-twin-module")).toBe("1 min read");
    expect(readingTime("exactly-once-kafka-to-spark")).toMatch(/^([2-9]|\d\d) min read$/);
    // The plain twin is no module of the build; the one with an MDX comment is.
    const modules = readFileSync(join(siteRoot, ".astro/content-modules.mjs"), "utf8");
    expect(modules).toContain("mdx-twin-module.mdx");
    expect(modules).not.toContain("mdx-twin-plain.mdx");
    expect(modules).not.toContain("building-real-time-data-pipelines.mdx");
  });

  it("keeps JavaScript that runs on load under 2 KB gzipped on a post page", () => {
    const post = scriptsRunOnLoad(distDir, "/blog/building-real-time-data-pipelines/");
    expect(post.gzipBytes).toBeLessThan(2048);
    expect(post.sources.join("\n")).toContain("copy-code");
    for (const url of ["/", "/blog/", "/tags/", "/archive/", "/404.html"]) {
      const { gzipBytes, sources } = scriptsRunOnLoad(distDir, url);
      expect(gzipBytes, url).toBeLessThan(2048);
      expect(sources.join("\n"), `${url} has no code block script`).not.toContain("copy-code");
    }
  });

  it("keeps the seed post's HTML and CSS under 14 KB gzipped, and its fonts to two files and 80 KB", () => {
    expect(htmlAndCssGzipBytes(distDir, "/blog/building-real-time-data-pipelines/")).toBeLessThan(14 * 1024);
    for (const url of ["/", "/blog/", "/tags/apache-kafka/"]) {
      expect(htmlAndCssGzipBytes(distDir, url), url).toBeLessThan(14 * 1024);
    }
    const fonts = fontFiles(distDir, "/blog/building-real-time-data-pipelines/");
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.length).toBeLessThanOrEqual(2);
    expect(fonts.reduce((sum, font) => sum + font.bytes, 0)).toBeLessThanOrEqual(80 * 1024);
    // Only what the first screen needs is preloaded: the one text face.
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const preloads = [...page.querySelectorAll('link[rel="preload"][as="font"]')].map((link) =>
      link.getAttribute("href"),
    );
    expect(preloads).toEqual([fonts[0]?.url]);
  });

  it("carries in each main feed the newest posts, as many as the feed limit, in the blog index's order", async () => {
    const urlOf = (slug: string) => `${siteConfig.url}/blog/${slug}/`;
    // The blog index, page after page, lists every public post newest first; a feed holds its first posts.
    const listed = slugsAcrossPages("/blog/").map(urlOf);
    expect(listed).toEqual([...published].sort(byNewest).map((post) => urlOf(post.slug)));
    const expected = listed.slice(0, siteConfig.feedLimit);
    const read = (file: string) => readFileSync(join(distDir, file), "utf8");
    const parser = new Parser();
    const feeds = {
      "rss.xml": (await parser.parseString(read("rss.xml"))).items.map((item) => item.link),
      "atom.xml": (await parser.parseString(read("atom.xml"))).items.map((item) => item.link),
      "feed.json": (JSON.parse(read("feed.json")) as { items: { url: string }[] }).items.map((item) => item.url),
    };
    for (const [file, links] of Object.entries(feeds)) {
      expect(links, file).toHaveLength(Math.min(published.length, siteConfig.feedLimit));
      expect(links, file).toEqual(expected);
    }
    // Full content, yet a post averages well under 40 KB, so a feed at the full limit stays a few MB at most.
    expect(read("rss.xml").length / expected.length).toBeLessThan(40 * 1024);
  });

  it("ships island code only on the page that has the island", () => {
    for (const file of listFiles(distDir).filter((name) => name.endsWith(".html"))) {
      const page = readPage(distDir, `/${file}`);
      const islands = [...page.querySelectorAll("astro-island")].map((island) => island.getAttribute("component-url"));
      if (file === "search/index.html") expect(islands).toEqual([expect.stringMatching(/SearchPage/)]);
      else expect(islands, file).toEqual([]);
    }
  });
});
