/**
 * Issue #17, "Math": `$…$` and `$$…$$` in .md and .mdx posts become MathML at build time (Temml, in
 * src/markdown/math.ts), with no inline style on the page; the three feeds carry the MathML; hostile text
 * in a formula stays text everywhere; and a malformed formula stops the build, naming the post and the line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DOMParser, parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/markdown-features");
const POSTS = { "math.md": "/blog/math/", "math-mdx.mdx": "/blog/math-mdx/" } as const;
const HOSTILE = ['</script> "q" & a', '</script><b>bold</b> "quotes" & ’apostrophes’'];

const documentOf = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
const textsOf = (document: Document, selector: string) =>
  [...document.querySelectorAll(selector)].map((element) => (element.textContent ?? "").replace(/\u00a0/g, " "));

/** What a post's math looks like in a page or a feed body. */
function checkMath(document: Document, where: string) {
  const maths = [...document.querySelectorAll("math")];
  expect(maths.length, where).toBeGreaterThanOrEqual(10);
  expect(maths.filter((math) => math.getAttribute("display") === "block").length, where).toBe(7);
  expect(document.querySelector("math mfrac"), where).not.toBeNull();
  expect(document.querySelector('math[display="block"] mtable'), where).not.toBeNull();
  expect(document.querySelector("code.language-math"), where).toBeNull();
  // Hostile text in \text{} is the formula's text, nothing else.
  expect(
    textsOf(document, "mtext").filter((text) => text.includes("script")),
    where,
  ).toEqual(HOSTILE);
  const body = document.querySelector(".prose") ?? document.body;
  expect(body.querySelector("script, b, math a"), where).toBeNull();
  // Prices are prose.
  expect(document.body.textContent, where).toContain("a broker costs $5 and a topic $6, or between $10 and $20");
}

/** The HTML body of a post's item in RSS (content:encoded), Atom (content type=html) and JSON Feed. */
function feedBodies(dist: string, url: string): Record<string, string> {
  const bodies: Record<string, string> = {};
  for (const feed of ["rss.xml", "atom.xml"]) {
    const xml = new DOMParser().parseFromString(readFileSync(join(dist, feed), "utf8"), "text/xml");
    for (const item of xml.querySelectorAll("item, entry")) {
      const link = item.querySelector("link");
      if (!(link?.textContent || link?.getAttribute("href") || "").endsWith(url)) continue;
      const body = [...item.querySelectorAll("*")].find(
        (element) =>
          element.localName === "content:encoded" ||
          (element.localName === "content" && element.getAttribute("type") === "html"),
      );
      bodies[feed] = body?.textContent ?? "";
    }
  }
  const json = JSON.parse(readFileSync(join(dist, "feed.json"), "utf8")) as {
    items: { url: string; content_html: string }[];
  };
  bodies["feed.json"] = json.items.find((item) => item.url.endsWith(url))?.content_html ?? "";
  return bodies;
}

describe("math in posts", () => {
  it("renders MathML in pages and in every feed, with no inline style and hostile text as text", async () => {
    const site = createTempSite("blog-math-");
    try {
      site.addPost("math.md", readFileSync(join(FIXTURES, "math.md"), "utf8"));
      site.addPost("math-mdx.mdx", readFileSync(join(FIXTURES, "math.mdx"), "utf8"));
      const { status, output } = await site.runAsync("build");
      expect(status, output).toBe(0);

      for (const [file, url] of Object.entries(POSTS)) {
        const html = readFileSync(join(site.dist, url, "index.html"), "utf8");
        const document = parseHTML(html).document;
        checkMath(document, file);
        // The Content-Security-Policy allows no style attribute: there is none anywhere in the page.
        expect(html, file).not.toMatch(/<[^>]*\sstyle\s*=/i);
        expect(document.querySelectorAll(".math-display > math[display=block]").length, file).toBe(7);
        // Inline math sits in its sentence.
        expect(document.querySelector(".prose p > math:not([display])"), file).not.toBeNull();
        expect(html, file).toContain("&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;");

        for (const [feed, body] of Object.entries(feedBodies(site.dist, url))) {
          const where = `${feed} ${file}`;
          expect(body, where).not.toBe("");
          checkMath(documentOf(body), where);
          expect(body, where).not.toMatch(/<[^>]*\sstyle\s*=|<script/i);
          expect(body, where).toContain("&lt;/script&gt;");
        }
      }
      // The MDX post's formula inside a component.
      const mdx = parseHTML(readFileSync(join(site.dist, POSTS["math-mdx.mdx"], "index.html"), "utf8")).document;
      expect(textsOf(mdx, ".callout math").join(""), "math in <Callout>").toBe("a2+b2=c2");
    } finally {
      site.remove();
    }
  }, 240_000);

  // Each in a build of its own: a build stops at the first post that fails.
  const BROKEN = {
    "broken-math.md": {
      body: "Fine: $x^2$.\n\n$$\na + b\n\\frac{a}{\n$$\n",
      problem:
        "src/content/blog/broken-math.md:12: malformed math: Unexpected end of input in a macro argument, expected '}' at end of input: a + b \\frac{a}{",
    },
    "broken-math-mdx.mdx": {
      body: "<Callout>A component.</Callout>\n\nBroken: $\\sqrt[3]{x$ here.\n",
      problem:
        "src/content/blog/broken-math-mdx.mdx:10: malformed math: Unexpected end of input in a macro argument, expected '}' at end of input: \\sqrt[3]{x",
    },
  };
  it.each(Object.entries(BROKEN))(
    "stops at a malformed formula in %s, naming the post, the line and Temml's message",
    async (file, { body, problem }) => {
      const site = createTempSite("blog-math-malformed-");
      try {
        site.addPost(
          file,
          `---\ntitle: "Broken Math"\nexcerpt: "A formula that does not parse."\ndate: "2024-02-01"\ncategory: "Testing"\n---\n\n${body}`,
        );
        const { status, output } = await site.runAsync("build");
        expect(status, output).not.toBe(0);
        expect(output).toContain(problem);
        expect(output).not.toMatch(/Maximum call stack|RangeError/);
      } finally {
        site.remove();
      }
    },
    240_000,
  );
});
