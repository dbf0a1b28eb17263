/**
 * Issue #16, "Trust": nesting thousands of levels deep is valid Markdown, and it used to overflow the stack
 * while the feeds (ultrahtml's recursive walk and render) and the page policies were made. Now every output
 * is made with explicit stacks or streaming parsers. MDX components nested past what Astro's renderer can
 * take are refused, naming the post and the line, instead of overflowing (500 levels) or crashing the bundler (1,000).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { wellFormednessErrors } from "#tests/support/xml.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/hostile/nesting");
/** A list 2,100 levels deep: written out, its indentation alone is 4 MB, so the test makes it. */
const DEEP_LIST = `---\ntitle: "Deep List"\nexcerpt: "Nested deep."\ndate: "2024-02-01"\ncategory: "Hostile Nesting"\n---\n\n${Array.from(
  { length: 2_100 },
  (_, level) => `${"  ".repeat(level)}- item ${level}\n`,
).join("")}`;
const DEEP_POSTS = [...readdirSync(FIXTURES).filter((name) => /\.mdx?$/.test(name)), "deep-list.md"];

describe("a post nested thousands of levels deep", () => {
  it("builds, with its page and every feed whole and well-formed", async () => {
    const site = createTempSite("blog-hostile-nesting-");
    try {
      site.addPostsFrom(FIXTURES);
      site.addPost("deep-list.md", DEEP_LIST);
      const { status, output } = await site.runAsync("build");
      expect(status, output).toBe(0);
      expect(output).not.toMatch(/Maximum call stack|RangeError/);
      for (const name of DEEP_POSTS) {
        expect(existsSync(join(site.dist, "blog", name.replace(/\.mdx?$/, ""), "index.html")), name).toBe(true);
      }
      for (const feed of ["rss.xml", "atom.xml"]) {
        const xml = readFileSync(join(site.dist, feed), "utf8");
        expect(await wellFormednessErrors(xml), feed).toEqual([]);
        expect(xml).toContain("the innermost quote");
        expect(xml).toContain("the innermost word");
      }
      const json = JSON.parse(readFileSync(join(site.dist, "feed.json"), "utf8")) as { items: { title: string }[] };
      expect(json.items.map((item) => item.title)).toEqual(expect.arrayContaining(["Deep List", "Deep Brackets"]));
    } finally {
      site.remove();
    }
  }, 240_000);

  it("of MDX components is refused, naming the post and the line", async () => {
    const site = createTempSite("blog-hostile-nesting-mdx-");
    try {
      site.addPostsFrom(join(FIXTURES, "refused"));
      const { status, output } = await site.runAsync("build");
      expect(status, output).not.toBe(0);
      expect(output).toContain(
        "src/content/blog/deep-components.mdx:8: components are nested more than 100 levels deep here",
      );
      expect(output).not.toMatch(/Maximum call stack|Segmentation fault|crashed/);
    } finally {
      site.remove();
    }
  }, 240_000);
});
