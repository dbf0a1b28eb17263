/**
 * Issue #17, "Diagrams", built: each ```mermaid fence of a .md and an .mdx post is an inline SVG in its page
 * (no script, no style attribute), and in rss.xml, atom.xml and feed.json an <img> of a standalone SVG file the
 * site serves, with the diagram's text alternative; a label that looks like markup is text everywhere; a diagram
 * that does not parse fails the build naming the post's file and line.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempSite, type TempSite } from "#scripts/lib/temp-site.ts";
import { readPage } from "#tests/support/dist.ts";

const FIXTURES = "tests/fixtures/markdown-features";
const SITE = "https://dataflow-notes.example.com";
const POSTS = [
  { file: "diagrams.md", slug: "diagrams", title: "Diagrams: a Flowchart and a Sequence Diagram", diagrams: 3 },
  { file: "diagrams.mdx", slug: "diagrams-mdx", title: "Diagrams in MDX", diagrams: 2 },
];
/** The hostile labels of the fixtures, as a reader must see them. */
const HOSTILE_NODE = `</script><script>alert('node')</script> & 'single' "double"`;
const HOSTILE_MESSAGE = `</script><script>alert("message")</script> & "records"`;

let site: TempSite;
let build: { status: number | null; output: string };

beforeAll(async () => {
  site = createTempSite("blog-diagrams-");
  for (const { file } of POSTS) site.addPost(file, readFileSync(join(FIXTURES, file), "utf8"));
  build = await site.runAsync("build");
}, 300_000);

afterAll(() => site?.remove());

/** The HTML body of each feed's item for a post: RSS content:encoded, Atom content, JSON Feed content_html. */
function feedBodies(title: string): Record<string, string> {
  const read = (file: string) => readFileSync(join(site.dist, file), "utf8");
  const xml = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: true });
  const rssItem = [xml.parse(read("rss.xml")).rss.channel.item]
    .flat()
    .find((item: { title: string }) => item.title === title);
  const atomEntry = [xml.parse(read("atom.xml")).feed.entry]
    .flat()
    .find(
      (entry: { title: string | { "#text": string } }) =>
        (typeof entry.title === "string" ? entry.title : entry.title["#text"]) === title,
    );
  const jsonItem = (JSON.parse(read("feed.json")) as { items: { title: string; content_html: string }[] }).items.find(
    (item) => item.title === title,
  );
  const atomContent = atomEntry?.content;
  return {
    "rss.xml": rssItem?.["content:encoded"],
    "atom.xml": typeof atomContent === "string" ? atomContent : atomContent?.["#text"],
    "feed.json": jsonItem?.content_html ?? "",
  };
}

describe("Mermaid diagrams in a built site", () => {
  it("builds", () => {
    expect(build.status, build.output).toBe(0);
    expect(build.output).toMatch(/\d+ diagram files for the feeds/);
  });

  it.each(POSTS)(
    "are inline SVGs in the page of $file, with no script and no style attribute",
    ({ slug, diagrams }) => {
      const html = readFileSync(join(site.dist, "blog", slug, "index.html"), "utf8");
      const document = readPage(site.dist, `/blog/${slug}/`);
      const figures = [...document.querySelectorAll("article figure.mermaid-diagram")];
      expect(figures.length).toBe(diagrams);
      for (const figure of figures) {
        const svg = figure.querySelector(".mermaid-diagram__canvas > svg");
        expect(svg?.getAttribute("role")).toBe("img");
        expect(svg?.getAttribute("aria-label")?.length).toBeGreaterThan(10);
        expect(svg?.getAttribute("data-diagram")).toMatch(/^\/diagrams\/[0-9a-f]{16}\.svg$/);
        expect(svg?.querySelectorAll("text").length).toBeGreaterThan(1);
      }
      expect(document.querySelector("article pre.astro-code, article .code-block")).toBeNull();
      // The page's own scripts are the site's; none is a label's.
      expect(
        [...document.querySelectorAll("script")].filter((script) => script.textContent?.includes("alert(")),
      ).toEqual([]);
      expect(document.querySelectorAll("[style]").length).toBe(0);
      expect(html).not.toMatch(/\sstyle=/);
      // The diagram stylesheet is linked from the page, as only pages with diagrams need it.
      const stylesheets = [...document.querySelectorAll('link[rel="stylesheet"]')].map(
        (link) => link.getAttribute("href") ?? "",
      );
      expect(stylesheets.map((href) => readFileSync(join(site.dist, href), "utf8")).join("\n")).toContain(
        ".mermaid-diagram__canvas",
      );
    },
  );

  it("have their caption from title=…", () => {
    const document = readPage(site.dist, "/blog/diagrams/");
    const captions = [...document.querySelectorAll("figure.mermaid-diagram figcaption")].map(
      (caption) => caption.textContent,
    );
    expect(captions[0]).toBe("How an event reaches the warehouse");
    expect(captions[1]).toContain("</figcaption><script>alert('caption')</script>");
  });

  it("show labels that look like markup as text, in the pages", () => {
    const md = readPage(site.dist, "/blog/diagrams/");
    expect([...md.querySelectorAll("figure svg text")].map((text) => text.textContent)).toContain(HOSTILE_NODE);
    const mdx = readPage(site.dist, "/blog/diagrams-mdx/");
    expect(mdx.querySelector("figure svg")?.textContent).toContain("Warehouse {braces stay text}");
    expect([...mdx.querySelectorAll("figure svg text")].map((text) => text.textContent)).toContain(HOSTILE_MESSAGE);
  });

  it.each(POSTS)("are images of files the site serves in every feed, for $file", ({ slug, title, diagrams }) => {
    const page = readPage(site.dist, `/blog/${slug}/`);
    const labels = [...page.querySelectorAll("figure.mermaid-diagram svg")].map((svg) =>
      svg.getAttribute("aria-label"),
    );
    for (const [feed, body] of Object.entries(feedBodies(title))) {
      expect(body, feed).toBeTruthy();
      expect(body, feed).not.toMatch(/<svg|<script|\sstyle=/i);
      const item = parseHTML(`<!doctype html><html><body>${body}</body></html>`).document;
      const images = [...item.querySelectorAll("figure.mermaid-diagram img")];
      expect(images.length, feed).toBe(diagrams);
      expect(
        images.map((image) => image.getAttribute("alt")),
        feed,
      ).toEqual(labels);
      for (const image of images) {
        const src = image.getAttribute("src") ?? "";
        expect(src, feed).toMatch(new RegExp(`^${SITE}/diagrams/[0-9a-f]{16}\\.svg$`));
        const file = join(site.dist, new URL(src).pathname);
        expect(existsSync(file), `${feed}: ${src}`).toBe(true);
        const svg = readFileSync(file, "utf8");
        expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg).not.toMatch(/var\(|<script|style=/);
      }
      expect(item.body.textContent).not.toContain("alert(1)");
    }
  });

  it("show labels that look like markup as text, in the feeds and the files", () => {
    const bodies = feedBodies("Diagrams: a Flowchart and a Sequence Diagram");
    for (const [feed, body] of Object.entries(bodies)) {
      const item = parseHTML(`<!doctype html><html><body>${body}</body></html>`).document;
      expect(item.querySelectorAll("script").length, feed).toBe(0);
      const alts = [...item.querySelectorAll("img")].map((image) => image.getAttribute("alt") ?? "");
      expect(
        alts.some((alt) => alt.includes(HOSTILE_NODE)),
        feed,
      ).toBe(true);
      expect([...item.querySelectorAll("figcaption")].map((caption) => caption.textContent)).toContain(
        "Labels are text: </figcaption><script>alert('caption')</script> & more",
      );
    }
    const hostile = readPage(site.dist, "/blog/diagrams/").querySelectorAll("figure.mermaid-diagram svg")[2];
    const file = readFileSync(join(site.dist, hostile?.getAttribute("data-diagram") ?? ""), "utf8");
    expect(file).toContain("&lt;/script&gt;&lt;script&gt;alert('node')&lt;/script&gt; &amp; 'single' \"double\"");
    expect(file).not.toContain("<script");
  });

  it("fail the next build when one does not parse, naming the post's file and line", async () => {
    site.addPost(
      "broken-diagram.md",
      '---\ntitle: "Broken Diagram"\nexcerpt: "A diagram with a typo."\ndate: "2024-03-01"\ncategory: "Testing"\n---\n\nIntro.\n\n```mermaid\nflowchart LR\n  A --> B\n  B -->> C\n```\n',
    );
    const { status, output } = await site.runAsync("build");
    expect(status, output).not.toBe(0);
    expect(output).toContain(
      "src/content/blog/broken-diagram.md:13: Mermaid diagram does not parse: this arrow is not one beautiful-mermaid draws",
    );
  }, 300_000);
});
