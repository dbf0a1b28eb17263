import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { parseHTML } from "linkedom";
import Parser from "rss-parser";
import sharp from "sharp";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { sitemapFilesOf } from "#scripts/lib/verify-site.ts";
import { termSlug } from "#src/domain/taxonomy.ts";
import { fileForUrl, listFiles, pageExists, readPage, readSourcePosts, type SourcePost } from "#tests/support/dist.ts";
import { TEST_SITEMAP_LIMIT } from "#tests/support/global-build.ts";
import { schemaErrors, wellFormednessErrors } from "#tests/support/xml.ts";

const distDir = inject("distDir");
const siteRoot = inject("siteRoot");
/** A whole post body as HTML: from a block element's opening tag to a closing tag. */
const FULL_HTML_BODY = /^<(p|h[2-6]|blockquote|figure|div|ul|ol|pre|table|section)[\s>][\s\S]*<\/[a-z0-9]+>$/;
const SITE = "https://dataflow-notes.example.com";
const HOSTILE_TITLE = `Hostile "quotes" & 'apostrophes' <script>alert(1)</script> ]]> --> 日本語 עברית 🚀`;

const rssParser = new Parser({
  customFields: {
    item: [
      ["content:encoded", "contentEncoded"],
      ["dc:creator", "creator"],
    ],
  },
});
const read = (url: string) => readFileSync(fileForUrl(distDir, url), "utf8");

let published: SourcePost[];
let newestFirst: string[];

beforeAll(() => {
  const posts = readSourcePosts(join(siteRoot, "src/content/blog"));
  published = posts.filter((post) => post.published);
  newestFirst = [...published]
    .sort((a, b) => String(b.frontmatter.date).localeCompare(String(a.frontmatter.date)))
    .map((post) => `${SITE}/blog/${post.slug}/`);
});

describe("RSS feed", () => {
  it("is well-formed XML with a readable stylesheet for browsers", async () => {
    const xml = read("/rss.xml");
    expect(await wellFormednessErrors(xml)).toEqual([]);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><\?xml-stylesheet href="\/rss.xsl" type="text\/xsl"\?>/,
    );
    expect(await wellFormednessErrors(read("/rss.xsl"))).toEqual([]);
    for (const url of ["/atom.xml", "/tags/apache-kafka/rss.xml", "/categories/guides/rss.xml"]) {
      expect(await wellFormednessErrors(read(url)), url).toEqual([]);
    }
  });

  it("has the channel fields, newest post first, every published post in full", async () => {
    const feed = await rssParser.parseString(read("/rss.xml"));
    expect(feed.title).toBe("Dataflow Notes");
    expect(feed.link).toBe(`${SITE}/`);
    expect(feed.language).toBe("en");
    expect(feed.lastBuildDate).toBeTruthy();
    expect(feed.image?.url).toBe(`${SITE}/og/site.png`);
    const xml = read("/rss.xml");
    expect(xml).toContain(`<atom:link href="${SITE}/rss.xml" rel="self" type="application/rss+xml"/>`);
    expect(feed.items.map((item) => item.link)).toEqual(newestFirst);
    for (const item of feed.items) {
      expect(item.guid).toBe(item.link);
      expect(item.pubDate).toBeTruthy();
      expect(item.contentSnippet?.length, item.title).toBeGreaterThan(0);
      // The whole body as HTML: it opens with a block element (a paragraph, a callout, a heading…) and closes it.
      expect((item as { contentEncoded?: string }).contentEncoded, item.title).toMatch(FULL_HTML_BODY);
      expect((item as { creator?: string }).creator).toBeTruthy();
    }
  });

  it("carries full MDX content with components, absolute links and images, no scripts", async () => {
    const feed = await rssParser.parseString(read("/rss.xml"));
    const byLink = (slug: string) => feed.items.find((item) => item.link === `${SITE}/blog/${slug}/`);
    const mdx = (byLink("exactly-once-kafka-to-spark") as { contentEncoded: string }).contentEncoded;
    expect(mdx).toContain('class="callout callout--warning"');
    expect(mdx).toContain("OrdersRevenueJob.scala");
    // The post ends with its last section, heading and paragraph whole: the feed carries all of the post, not its start.
    const lastSection =
      '<h2 id="checking-that-it-holds">Checking that it holds</h2><p>Kill the driver in the middle of a batch and restart it. ' +
      "Then compare the table with a batch recomputation over the same topic range: the totals must match to the cent. " +
      "Run that drill before you tell anyone the pipeline is exactly-once.</p>";
    const ending = mdx.replace(/>\s+</g, "><").trimEnd();
    expect(ending.slice(-lastSection.length)).toBe(lastSection);
    expect(mdx).not.toMatch(/<script|<style|heading-anchor|--shiki-/);
    const watermark = (byLink("event-time-watermarks") as { contentEncoded: string }).contentEncoded;
    expect(watermark).toMatch(new RegExp(`<img[^>]+src="${SITE}/_astro/[^"]+\\.webp"`));
    const hostile = (byLink("hostile-title") as { contentEncoded: string }).contentEncoded;
    expect(hostile).toContain(`href="${SITE}/blog/markdown-style-guide/"`);
    for (const [, url] of mdx.matchAll(/(?:href|src)="([^"]+)"/g)) {
      expect(url, "absolute URL in feed content").toMatch(/^(https?:|#|mailto:)/);
    }
  });

  it("lists the category and each tag, with one spelling per tag", async () => {
    const feed = await rssParser.parseString(read("/rss.xml"));
    const seed = feed.items.find((item) => item.link?.endsWith("/building-real-time-data-pipelines/"));
    expect(seed?.categories).toEqual(["Data Engineering", "Apache Kafka", "Spark Streaming", "Real-time Processing"]);
    const respelled = feed.items.find((item) => item.link?.endsWith("/tag-spelling/"));
    expect(respelled?.categories).toEqual(["Operations", "Apache Kafka", "Monitoring"]);
  });

  it("keeps hostile text intact: quotes, <, &, ]]>, -->, CJK, Hebrew, emoji", async () => {
    const feed = await rssParser.parseString(read("/rss.xml"));
    const item = feed.items.find((entry) => entry.link?.endsWith("/hostile-title/"));
    expect(item?.title).toBe(HOSTILE_TITLE);
    // The description is HTML to a reader: the excerpt, escaped, shows as the text written.
    expect(shownAsHtml(item?.content)).toContain("]]> CDATA ends");
    expect(item?.categories).toEqual(["Edge Cases", "C&C <b>", "日本語"]);
  });
});

/** What a reader shows of an HTML fragment: its text, with no element of its own. */
function shownAsHtml(html: string | undefined): string | undefined {
  const paragraph = parseHTML(`<p>${html ?? ""}</p>`).document.querySelector("p");
  expect(paragraph?.querySelectorAll("*").length, "no live element in a title or excerpt").toBe(0);
  return paragraph?.textContent ?? undefined;
}

describe("Atom and JSON feeds", () => {
  it("Atom has the same items, full content and the hostile title intact", async () => {
    const xml = read("/atom.xml");
    const feed = await rssParser.parseString(xml);
    expect(feed.items.map((item) => item.link)).toEqual(newestFirst);
    // Atom titles are type="html": decoded as a reader shows them, the hostile title comes back as written.
    expect(shownAsHtml(feed.items.find((item) => item.link?.endsWith("/hostile-title/"))?.title)).toBe(HOSTILE_TITLE);
    const atom = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    const entries = Array.isArray(atom.entry) ? atom.entry : [atom.entry];
    for (const entry of entries as { title: unknown; content: { "#text": string } }[]) {
      expect(entry.content["#text"], String(entry.title)).toMatch(FULL_HTML_BODY);
    }
    expect(atom.link.find((link: Record<string, string>) => link["@_rel"] === "self")["@_href"]).toBe(
      `${SITE}/atom.xml`,
    );
  });

  it("JSON Feed 1.1 has the same items with full content", () => {
    const feed = JSON.parse(read("/feed.json"));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.feed_url).toBe(`${SITE}/feed.json`);
    expect(feed.items.map((item: { url: string }) => item.url)).toEqual(newestFirst);
    const hostile = feed.items.find((item: { url: string }) => item.url.endsWith("/hostile-title/"));
    expect(hostile.title).toBe(HOSTILE_TITLE);
    expect(hostile.authors).toEqual([{ name: "Dataflow Notes Editors" }]);
    expect(feed.items.every((item: { content_html: string }) => item.content_html.length > 100)).toBe(true);
  });

  it("has a feed per tag and per category holding exactly their posts", async () => {
    for (const post of published) {
      for (const tag of post.frontmatter.tags ?? []) {
        const feed = await rssParser.parseString(read(`/tags/${termSlug(tag)}/rss.xml`));
        expect(feed.items.map((item) => item.link)).toContain(`${SITE}/blog/${post.slug}/`);
      }
      const feed = await rssParser.parseString(read(`/categories/${termSlug(post.frontmatter.category)}/rss.xml`));
      expect(feed.items.map((item) => item.link)).toContain(`${SITE}/blog/${post.slug}/`);
    }
    const kafka = await rssParser.parseString(read("/tags/avro/rss.xml"));
    expect(kafka.items.map((item) => item.link)).toEqual([`${SITE}/blog/choosing-a-serialization-format/`]);
  });

  it("every page advertises the feeds, tag pages their own too; footer and home link to the feeds page", () => {
    const FEEDS = ["application/rss+xml", "application/atom+xml", "application/feed+json"];
    for (const url of ["/", "/blog/", "/blog/building-real-time-data-pipelines/", "/archive/", "/tags/"]) {
      const types = [...readPage(distDir, url).querySelectorAll('link[rel="alternate"]')].map((link) =>
        link.getAttribute("type"),
      );
      // A post page also names its Markdown twin, which is no feed.
      expect(types, url).toEqual(url.startsWith("/blog/") && url !== "/blog/" ? [...FEEDS, "text/markdown"] : FEEDS);
    }
    const tag = readPage(distDir, "/tags/apache-kafka/");
    const hrefs = [...tag.querySelectorAll('link[rel="alternate"]')].map((link) => link.getAttribute("href"));
    expect(hrefs).toContain("/tags/apache-kafka/rss.xml");
    expect(readPage(distDir, "/").querySelector('main a[href="/feeds/"]')).not.toBeNull();
    expect(readPage(distDir, "/archive/").querySelector('footer a[href="/feeds/"]')).not.toBeNull();
    expect(readPage(distDir, "/feeds/").querySelector('main a[href="/rss.xml"]')).not.toBeNull();
  });
});

describe("sitemap and robots.txt", () => {
  it("validates against the sitemaps.org schemas", async () => {
    const xsd = (name: string) => join(import.meta.dirname, "../fixtures/xsd", name);
    expect(await schemaErrors(read("/sitemap-index.xml"), xsd("siteindex.xsd"))).toEqual([]);
    for (const file of sitemapFilesOf(distDir))
      expect(await schemaErrors(read(`/${file}`), xsd("sitemap.xsd"))).toEqual([]);
  });

  it("splits into files of at most the configured number of URLs, all listed in the index", () => {
    // The test build sets SITE_SITEMAP_LIMIT to TEST_SITEMAP_LIMIT, so the split is exercised with few pages.
    const files = sitemapFilesOf(distDir);
    expect(files.length).toBeGreaterThan(2);
    expect(files).toEqual(files.map((_, index) => `sitemap-${index}.xml`));
    for (const file of files) {
      const count = (read(`/${file}`).match(/<url>/g) ?? []).length;
      expect(count, file).toBeGreaterThan(0);
      expect(count, file).toBeLessThanOrEqual(TEST_SITEMAP_LIMIT);
    }
  });

  it("lists every public page, no 404, no draft, with lastmod from updated, else date", () => {
    const urls: { loc: string; lastmod?: string }[] = sitemapFilesOf(distDir).flatMap((file) =>
      [new XMLParser().parse(read(`/${file}`)).urlset.url].flat(),
    );
    const locs = urls.map((url) => url.loc);
    const htmlPages = listFiles(distDir)
      .filter((file) => file.endsWith("index.html"))
      .map((file) => `${SITE}/${file.replace(/index\.html$/, "")}`);
    expect(new Set(locs.map((loc) => decodeURI(loc)))).toEqual(new Set(htmlPages));
    expect(locs.some((loc) => loc.includes("404"))).toBe(false);
    const lastmod = (slug: string) => urls.find((url) => url.loc === `${SITE}/blog/${slug}/`)?.lastmod;
    expect(lastmod("choosing-a-serialization-format")).toBe("2024-05-02T00:00:00.000Z");
    expect(lastmod("exactly-once-kafka-to-spark")).toBe("2024-02-06T00:00:00.000Z");
    expect(lastmod("kafka-tiered-storage")).toBeUndefined();
  });

  it("robots.txt points at the sitemap index", () => {
    expect(read("/robots.txt")).toContain(`Sitemap: ${SITE}/sitemap-index.xml`);
  });
});

describe("per-post metadata", () => {
  const meta = (document: Document, key: string) =>
    [...document.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`)].map((m) =>
      m.getAttribute("content"),
    );

  it("has title, description, keywords, canonical, Open Graph, article and Twitter tags", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const url = `${SITE}/blog/building-real-time-data-pipelines/`;
    expect(page.querySelector("title")?.textContent).toBe(
      "Building Real-Time Data Pipelines with Kafka and Spark | Data Engineering Guide",
    );
    expect(meta(page, "description")[0]).toMatch(/^Complete guide to building scalable/);
    expect(meta(page, "keywords")[0]).toBe("kafka, spark streaming, real-time data, data pipelines, data engineering");
    expect(page.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe(url);
    expect(meta(page, "og:type")).toEqual(["article"]);
    expect(meta(page, "og:url")).toEqual([url]);
    expect(meta(page, "og:site_name")).toEqual(["Dataflow Notes"]);
    expect(meta(page, "og:locale")).toEqual(["en_US"]);
    expect(meta(page, "og:image")).toEqual([`${SITE}/og/building-real-time-data-pipelines.png`]);
    expect(meta(page, "og:image:width")).toEqual(["1200"]);
    expect(meta(page, "og:image:height")).toEqual(["630"]);
    expect(meta(page, "og:image:alt")[0]).toContain("Building Real-Time Data Pipelines");
    expect(meta(page, "article:published_time")).toEqual(["2023-11-15T00:00:00.000Z"]);
    expect(meta(page, "article:modified_time")).toEqual(["2023-11-15T00:00:00.000Z"]);
    expect(meta(page, "article:author")).toEqual(["Your Name"]);
    expect(meta(page, "article:section")).toEqual(["Data Engineering"]);
    expect(meta(page, "article:tag")).toEqual([
      "Apache Kafka",
      "Spark Streaming",
      "Real-time Processing",
      "Data Engineering",
    ]);
    expect(meta(page, "twitter:card")).toEqual(["summary_large_image"]);
    expect(meta(page, "twitter:image")).toEqual([`${SITE}/og/building-real-time-data-pipelines.png`]);
  });

  it("falls back to title | site, excerpt and tags without seo fields", () => {
    const page = readPage(distDir, "/blog/event-time-watermarks/");
    expect(page.querySelector("title")?.textContent).toBe(
      "Event Time, Late Data and Watermarks in Spark Structured Streaming | Dataflow Notes",
    );
    expect(meta(page, "description")[0]).toMatch(/^Events arrive late and out of order/);
    expect(meta(page, "keywords")).toEqual(["Spark Streaming, Stream Processing"]);
  });

  it("has BlogPosting and BreadcrumbList JSON-LD that parses as JSON", () => {
    const page = readPage(distDir, "/blog/building-real-time-data-pipelines/");
    const blocks = [...page.querySelectorAll('script[type="application/ld+json"]')].map((s) =>
      JSON.parse(s.textContent ?? ""),
    );
    const posting = blocks.find((block) => block["@type"] === "BlogPosting");
    expect(posting).toMatchObject({
      headline: "Building Real-Time Data Pipelines with Kafka and Spark",
      datePublished: "2023-11-15T00:00:00.000Z",
      dateModified: "2023-11-15T00:00:00.000Z",
      author: { "@type": "Person", name: "Your Name" },
      articleSection: "Data Engineering",
      mainEntityOfPage: { "@id": `${SITE}/blog/building-real-time-data-pipelines/` },
      publisher: { "@type": "Organization", name: "Dataflow Notes" },
      image: { url: `${SITE}/og/building-real-time-data-pipelines.png`, width: 1200, height: 630 },
    });
    expect(posting.keywords).toContain("kafka");
    expect(JSON.stringify(blocks)).not.toContain("undefined");
    const crumbs = blocks.find((block) => block["@type"] === "BreadcrumbList");
    expect(crumbs.itemListElement.map((item: { name: string }) => item.name)).toEqual([
      "Dataflow Notes",
      "Blog",
      "Building Real-Time Data Pipelines with Kafka and Spark",
    ]);
  });

  it("a title with </script> stays inside its JSON-LD block and reads back intact", () => {
    const page = readPage(distDir, "/blog/hostile-title/");
    expect(page.querySelector("h1")?.textContent).toBe(HOSTILE_TITLE);
    expect(page.querySelector('meta[property="og:title"]')?.getAttribute("content")).toBe(
      `${HOSTILE_TITLE} | Dataflow Notes`,
    );
    const scripts = [...page.querySelectorAll("script")];
    const jsonLd = scripts.filter((script) => script.getAttribute("type") === "application/ld+json");
    expect(jsonLd).toHaveLength(2);
    // The other scripts are the site's own; none carries text from the post.
    for (const script of scripts.filter((script) => !jsonLd.includes(script))) {
      expect(script.textContent).not.toContain("alert(1)");
    }
    const posting = jsonLd
      .map((s) => JSON.parse(s.textContent ?? ""))
      .find((block) => block["@type"] === "BlogPosting");
    expect(posting.headline).toBe(HOSTILE_TITLE);
  });

  it("list pages carry their own title, description, canonical and Open Graph tags", () => {
    const cases: [string, RegExp][] = [
      ["/", /^Dataflow Notes$/],
      ["/blog/", /^All posts \| Dataflow Notes$/],
      ["/blog/2/", /^All posts \(page 2 of \d+\) \| Dataflow Notes$/],
      ["/tags/", /^Tags \| Dataflow Notes$/],
      ["/tags/apache-kafka/", /^Tag: Apache Kafka \| Dataflow Notes$/],
      ["/categories/data-engineering/", /^Category: Data Engineering \| Dataflow Notes$/],
      ["/archive/", /^Archive \| Dataflow Notes$/],
    ];
    const descriptions = new Set<string>();
    for (const [url, title] of cases) {
      const page = readPage(distDir, url);
      expect(page.querySelector("title")?.textContent, url).toMatch(title);
      expect(page.querySelector('link[rel="canonical"]')?.getAttribute("href"), url).toBe(`${SITE}${url}`);
      expect(meta(page, "og:url"), url).toEqual([`${SITE}${url}`]);
      expect(meta(page, "og:type"), url).toEqual(["website"]);
      expect(meta(page, "og:image"), url).toEqual([`${SITE}/og/site.png`]);
      descriptions.add(meta(page, "description")[0] ?? "");
    }
    expect(descriptions.size).toBe(cases.length);
    const home = readPage(distDir, "/");
    const types = [...home.querySelectorAll('script[type="application/ld+json"]')].map(
      (s) => JSON.parse(s.textContent ?? "")["@type"],
    );
    expect(types).toEqual(["WebSite", "Blog"]);
  });
});

describe("Open Graph images", () => {
  it("exist for every published post and the site, 1200×630 PNG, and none for drafts", async () => {
    for (const post of published) {
      const { width, height, format } = await sharp(join(distDir, "og", `${post.slug}.png`)).metadata();
      expect([format, width, height], post.slug).toEqual(["png", 1200, 630]);
    }
    expect(pageExists(distDir, "/og/site.png")).toBe(true);
    const ogFiles = listFiles(join(distDir, "og"));
    expect(ogFiles.sort()).toEqual([...published.map((post) => `${post.slug}.png`), "site.png"].sort());
    expect(pageExists(distDir, "/og/cards.json")).toBe(false);
  });
});
