import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { parseHTML } from "linkedom";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { postLastModified, withPostLastModified } from "#build/content/sitemap-lastmod.ts";
import { feedHtml } from "#src/domain/feeds/content.ts";
import {
  atomXml,
  type FeedChannel,
  jsonFeed,
  lastUpdated,
  plainChannel,
  plainItem,
  rssXml,
  toFeedItem,
} from "#src/domain/feeds/feed.ts";
import { buildPageMeta, buildPostMeta, serializeJsonLd } from "#src/domain/seo.ts";
import type { PostData } from "#src/schemas/post.ts";
import { wellFormednessErrors } from "#tests/support/xml.ts";

const HOSTILE = `Quotes " ' & <script>alert(1)</script> ]]> --> 日本語 עברית 🚀`;

function postData(overrides: Partial<PostData> = {}): PostData {
  return {
    title: "A post",
    excerpt: "What it is about.",
    date: new Date("2024-01-02T00:00:00Z"),
    author: "Ada",
    coverAlt: "A post",
    featured: false,
    published: true,
    tags: ["Kafka", "Spark"],
    category: "Guides",
    ...overrides,
  } as PostData;
}

describe("page metadata", () => {
  it("titles list pages 'title | site', the home page by the site name", () => {
    expect(buildPageMeta({ path: "/" }).title).toBe("Dataflow Notes");
    expect(buildPageMeta({ title: "Tags", path: "/tags/" }).title).toBe("Tags | Dataflow Notes");
    expect(buildPageMeta({ path: "/blog/2/" }).canonical).toBe("https://dataflow-notes.example.com/blog/2/");
  });

  it("uses seo fields when present, else title, excerpt and tags", () => {
    const plain = buildPostMeta({ slug: "a-post", data: postData() }, "/blog/a-post/");
    expect(plain.title).toBe("A post | Dataflow Notes");
    expect(plain.description).toBe("What it is about.");
    expect(plain.keywords).toEqual(["Kafka", "Spark"]);
    expect(plain.article).toEqual({
      publishedTime: "2024-01-02T00:00:00.000Z",
      modifiedTime: "2024-01-02T00:00:00.000Z",
      author: "Ada",
      section: "Guides",
      tags: ["Kafka", "Spark"],
    });
    const seo = buildPostMeta(
      { slug: "a-post", data: postData({ seo: { title: "SEO title", description: "SEO desc", keywords: ["k"] } }) },
      "/blog/a-post/",
    );
    expect([seo.title, seo.description, seo.keywords]).toEqual(["SEO title", "SEO desc", ["k"]]);
    expect(seo.image).toMatchObject({
      url: "https://dataflow-notes.example.com/og/a-post.png",
      width: 1200,
      height: 630,
    });
  });

  it("serializes JSON-LD that cannot close its script block and parses back to the same value", () => {
    const value = { headline: HOSTILE, sep: "\u2028" };
    const json = serializeJsonLd(value);
    expect(json).not.toMatch(/<|>|&/);
    expect(JSON.parse(json)).toEqual(value);
    const meta = buildPostMeta({ slug: "x", data: postData({ title: HOSTILE }) }, "/blog/x/");
    expect(JSON.stringify(meta.jsonLd)).not.toContain("undefined");
  });
});

describe("feed content", () => {
  it("makes links and images absolute, drops scripts, styles and heading anchors, flattens code colours", () => {
    const html = feedHtml(
      '<h2 id="a">A<a class="heading-anchor" href="#a"></a></h2><p><a href="../b/">b</a> <a href="#a">a</a></p>' +
        '<img src="/_astro/x.webp" srcset="/_astro/x.webp 1x, /_astro/y.webp 2x"><script>alert(1)</script><style>p{}</style>' +
        '<span style="--shiki-light:#D73A49;--shiki-dark:#F97583">if</span><p data-astro-cid-x>&lt;tag&gt; &amp; ]]&gt;</p>',
      "https://ex.com/blog/post/",
    );
    expect(html).toBe(
      '<h2 id="a">A</h2><p><a href="https://ex.com/blog/b/">b</a> <a href="https://ex.com/blog/post/#a">a</a></p>' +
        '<img src="https://ex.com/_astro/x.webp" srcset="https://ex.com/_astro/x.webp 1x, https://ex.com/_astro/y.webp 2x" />' +
        '<span style="color:#D73A49">if</span><p>&lt;tag&gt; &amp; ]]&gt;</p>',
    );
  });
});

describe("feed content is safe without a Content-Security-Policy", () => {
  const page = "https://ex.com/blog/post/";
  it.each([
    ['<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="jav&#x61;script:alert(1)">x</a>', "<a>x</a>"],
    ['<a href=" JaVa\tScRiPt:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="vbscript:msgbox">x</a>', "<a>x</a>"],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"],
    ['<img src="x" alt="" onerror="alert(1)" onLoad="alert(2)">', '<img src="https://ex.com/blog/post/x" alt="" />'],
    [
      '<p>a<iframe src="https://e.example/"></iframe><base href="https://e.example/"><link rel="stylesheet" href="https://e.example/x.css">b</p>',
      "<p>ab</p>",
    ],
    ['<form action="https://e.example/"><input name="q"><button>Go</button></form><p>after</p>', "<p>after</p>"],
    ['<p style="position:fixed;inset:0" onclick="alert(1)">p</p>', "<p>p</p>"],
    [
      '<svg viewBox="0 0 1 1" onload="alert(1)"><a href="javascript:alert(2)"><text>t</text></a><foreignObject><img src="x" onerror="alert(3)"></foreignObject><set attributeName="href" to="javascript:alert(4)"/></svg>',
      '<svg viewBox="0 0 1 1"><a><text>t</text></a></svg>',
    ],
    [
      '<meta http-equiv="refresh" content="0;url=https://e.example/"><object data="x"></object><embed src="x"><p>k</p>',
      "<p>k</p>",
    ],
    [
      '<ul><li><input type="checkbox" checked disabled> done</li></ul>',
      '<ul><li><input type="checkbox" checked disabled /> done</li></ul>',
    ],
    [
      '<a href="mailto:a@b.example">m</a> <a href="#s">s</a> <a href="//cdn.example/x">c</a>',
      '<a href="mailto:a@b.example">m</a> <a href="https://ex.com/blog/post/#s">s</a> <a href="https://cdn.example/x">c</a>',
    ],
  ])("%s", (html, expected) => {
    expect(feedHtml(html, page)).toBe(expected);
  });
});

describe("feed formats", () => {
  const channel: FeedChannel = {
    title: `Blog ${HOSTILE}`,
    description: "All posts",
    pageUrl: "https://ex.com/",
    feedUrl: "https://ex.com/rss.xml",
    alternates: { rss: "https://ex.com/rss.xml", atom: "https://ex.com/atom.xml", json: "https://ex.com/feed.json" },
    language: "en",
    imageUrl: "https://ex.com/og/site.png",
    iconUrl: "https://ex.com/favicon.svg",
  };
  const items = [
    toFeedItem(
      { data: postData({ title: HOSTILE, updated: new Date("2024-03-01T00:00:00Z") }) },
      "https://ex.com/blog/h/",
      `<p>${"&lt;b&gt; ]]&gt; ".repeat(3)}</p>`,
      ["Guides", "C&C <b>"],
    ),
    toFeedItem({ data: postData() }, "https://ex.com/blog/a/", "<p>Body</p>", ["Guides"]),
  ];
  const parser = new Parser({ customFields: { item: [["content:encoded", "encoded"]] } });

  it("dates the feed by its newest item, not the build time", () => {
    expect(lastUpdated(items).toISOString()).toBe("2024-03-01T00:00:00.000Z");
  });

  it("writes RSS that a real parser reads back intact", async () => {
    const xml = await rssXml(channel, items);
    expect(await wellFormednessErrors(xml)).toEqual([]);
    const feed = await parser.parseString(xml);
    expect(feed.title).toBe(channel.title);
    expect(feed.items[0]?.title).toBe(HOSTILE);
    expect(feed.items[0]?.categories).toEqual(["Guides", "C&C <b>"]);
    expect((feed.items[0] as { encoded?: string }).encoded).toContain("&lt;b&gt; ]]&gt;");
    expect(feed.items[0]?.guid).toBe("https://ex.com/blog/h/");
  });

  it("writes Atom that a real parser reads back intact", async () => {
    const xml = atomXml(channel, items);
    expect(await wellFormednessErrors(xml)).toEqual([]);
    const feed = await parser.parseString(xml);
    // Atom titles are type="html": a reader shows them as HTML, so the text comes back only once decoded,
    // and no tag in a title is ever live.
    const shown = (html: string | undefined) =>
      parseHTML(`<p>${html ?? ""}</p>`).document.querySelector("p")?.textContent;
    expect(feed.items.map((item) => shown(item.title))).toEqual([HOSTILE, "A post"]);
    expect(parseHTML(`<p>${feed.items[0]?.title}</p>`).document.querySelector("p")?.children.length).toBe(0);
    expect(feed.items[0]?.content).toContain("]]&gt;");
  });

  it("writes JSON Feed 1.1", () => {
    const feed = JSON.parse(JSON.stringify(jsonFeed(channel, items)));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items[0]).toMatchObject({ title: HOSTILE, authors: [{ name: "Ada" }], tags: ["Guides", "C&C <b>"] });
    expect(feed.items[0].date_modified).toBe("2024-03-01T00:00:00.000Z");
  });
});

describe("bidirectional controls in feeds and the head", () => {
  // Issue #16: a feed reader and a <title> show text as text, where nothing isolates an override.
  const SPOOF = "Invoice \u202efdp.exe";
  const TAG = "Bidi\u2066Isolate";
  const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
  const channel: FeedChannel = {
    title: `Blog: ${TAG}`,
    description: `Posts tagged “${TAG}”.`,
    pageUrl: "https://ex.com/tags/bidiisolate/",
    feedUrl: "https://ex.com/tags/bidiisolate/rss.xml",
    alternates: {
      rss: "https://ex.com/tags/bidiisolate/rss.xml",
      atom: "https://ex.com/tags/bidiisolate/atom.xml",
      json: "https://ex.com/tags/bidiisolate/feed.json",
    },
    language: "en",
    imageUrl: "https://ex.com/og/site.png",
    iconUrl: "https://ex.com/favicon.svg",
  };
  const item = toFeedItem(
    {
      data: postData({
        title: SPOOF,
        excerpt: "An \u202aembedded\u202c summary \u2067עברית\u2069.",
        author: "A\u202eda",
      }),
    },
    "https://ex.com/blog/h/",
    "<p>Body</p>",
    ["Guides\u2068", TAG, "BidiIsolate"],
  );
  const parser = new Parser();

  it("keeps the item as written, and each format writes it without the controls", () => {
    expect(item.title).toBe(SPOOF);
    expect(plainItem(item)).toMatchObject({
      title: "Invoice fdp.exe",
      summary: "An embedded summary עברית.",
      author: "Ada",
      // Two spellings that differ only by a control are one category.
      categories: ["Guides", "BidiIsolate"],
      contentHtml: "<p>Body</p>",
    });
    expect(plainChannel(channel)).toMatchObject({
      title: "Blog: BidiIsolate",
      description: "Posts tagged “BidiIsolate”.",
    });
  });

  it("writes RSS, Atom and JSON Feed without a single control", async () => {
    const rss = await rssXml(channel, [item]);
    const atom = atomXml(channel, [item]);
    const json = JSON.stringify(jsonFeed(channel, [item]));
    for (const [name, text] of [
      ["rss", rss],
      ["atom", atom],
      ["json", json],
    ] as const) {
      expect(text, name).not.toMatch(CONTROLS);
      expect(text, name).toContain("Invoice fdp.exe");
    }
    const read = await parser.parseString(rss);
    expect([read.title, read.items[0]?.title, read.items[0]?.categories]).toEqual([
      "Blog: BidiIsolate",
      "Invoice fdp.exe",
      ["Guides", "BidiIsolate"],
    ]);
    expect(JSON.parse(json).items[0]).toMatchObject({ title: "Invoice fdp.exe", tags: ["Guides", "BidiIsolate"] });
  });

  it("gives a post's head texts and JSON-LD without the controls, and keeps direction marks", () => {
    const data = postData({ title: `${SPOOF} \u200F`, tags: [TAG], category: "C\u202d", author: "A\u2066da" });
    const meta = buildPostMeta({ slug: "h", data }, "/blog/h/");
    expect(meta.title).toBe("Invoice fdp.exe \u200F | Dataflow Notes");
    expect(JSON.stringify(meta)).not.toMatch(CONTROLS);
    expect(meta.keywords).toEqual(["BidiIsolate"]);
    expect(meta.article).toMatchObject({ author: "Ada", section: "C", tags: ["BidiIsolate"] });
    expect(meta.jsonLd[0]).toMatchObject({ headline: "Invoice fdp.exe \u200F" });
    const term = buildPageMeta({
      title: `Tag: ${TAG}`,
      description: `Under “${TAG}”.`,
      path: "/tags/bidiisolate/",
      feeds: [{ type: "application/rss+xml", title: `${TAG} (RSS)`, href: "/tags/bidiisolate/rss.xml" }],
    });
    expect([term.title, term.description, term.feeds.at(-1)?.title]).toEqual([
      "Tag: BidiIsolate | Dataflow Notes",
      "Under “BidiIsolate”.",
      "BidiIsolate (RSS)",
    ]);
  });
});

describe("sitemap lastmod", () => {
  it("takes updated, else date, for published posts only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sitemap-"));
    try {
      mkdirSync(join(dir, "2024"));
      writeFileSync(
        join(dir, "a.md"),
        '---\ntitle: "A"\nexcerpt: "E."\ncategory: "C"\ndate: "2024-01-01"\nupdated: 2024-02-01\n---\n',
      );
      writeFileSync(
        join(dir, "2024", "b.mdx"),
        '---\ntitle: "B"\nexcerpt: "E."\ncategory: "C"\nslug: "bee"\ndate: "2024-03-01"\n---\n',
      );
      writeFileSync(
        join(dir, "draft.md"),
        '---\ntitle: "D"\nexcerpt: "E."\ncategory: "C"\ndate: "2024-03-01"\npublished: false\n---\n',
      );
      const days = async () =>
        [...(await postLastModified(dir))]
          .map(([path, date]) => [path, date === "unlisted" ? date : date.toISOString().slice(0, 10)])
          .sort();
      expect(await days()).toEqual([
        ["/blog/a/", "2024-02-01"],
        ["/blog/bee/", "2024-03-01"],
      ]);
      // A changed file is read again.
      writeFileSync(
        join(dir, "a.md"),
        '---\ntitle: "A"\nexcerpt: "E."\ncategory: "C"\ndate: "2024-01-01"\nupdated: 2024-02-15\n---\n',
      );
      expect(await days()).toContainEqual(["/blog/a/", "2024-02-15"]);
      const serialize = withPostLastModified(dir, "https://ex.com");
      expect(
        (await serialize({ url: "https://ex.com/blog/a/", lastmod: undefined as string | undefined }))?.lastmod,
      ).toBe("2024-02-15T00:00:00.000Z");
      expect(
        (await serialize({ url: "https://ex.com/tags/", lastmod: undefined as string | undefined }))?.lastmod,
      ).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sitemap lastmod kept between builds", () => {
  it("parses again only the frontmatter that changed, and ignores an unreadable cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sitemap-cache-"));
    const cacheDir = join(dir, "cache");
    const cacheFile = join(cacheDir, "frontmatter-readings.bin");
    try {
      writeFileSync(join(dir, "a.md"), '---\ntitle: "A"\nexcerpt: "E."\ncategory: "C"\ndate: "2024-01-01"\n---\n');
      writeFileSync(join(dir, "b.md"), '---\ntitle: "B"\nexcerpt: "E."\ncategory: "C"\ndate: "2024-03-01"\n---\n');
      const days = async () =>
        [...(await postLastModified(dir, cacheDir))]
          .map(([path, date]) => [path, date === "unlisted" ? date : date.toISOString().slice(0, 10)])
          .sort();
      expect(await days()).toEqual([
        ["/blog/a/", "2024-01-01"],
        ["/blog/b/", "2024-03-01"],
      ]);
      // A stored value is used as it is: proof that the file was not parsed again.
      const stored = deserialize(readFileSync(cacheFile)) as { values: Map<string, { raw: Record<string, unknown> }> };
      for (const { raw } of stored.values.values()) if (raw.title === "A") raw.updated = new Date("2025-06-01");
      writeFileSync(cacheFile, serialize(stored));
      expect(await days()).toContainEqual(["/blog/a/", "2025-06-01"]);
      writeFileSync(
        join(dir, "a.md"),
        '---\ntitle: "A"\nexcerpt: "E."\ncategory: "C"\ndate: "2024-01-01"\nupdated: 2024-02-20\n---\n',
      );
      expect(await days()).toContainEqual(["/blog/a/", "2024-02-20"]);
      writeFileSync(cacheFile, "not a cache");
      expect(await days()).toContainEqual(["/blog/b/", "2024-03-01"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("escapeAttributeAngleBrackets", () => {
  it("escapes < and > inside attribute values only, never inside CDATA", async () => {
    const { escapeAttributeAngleBrackets } = await import("#src/domain/feeds/feed.ts");
    const xml = '<a term="C&amp;C <b>" x="1"><![CDATA[<p class="<keep>">]]></a><b y="a>b"/>';
    expect(escapeAttributeAngleBrackets(xml)).toBe(
      '<a term="C&amp;C &lt;b&gt;" x="1"><![CDATA[<p class="<keep>">]]></a><b y="a&gt;b"/>',
    );
  });
});
