import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isPlainMarkdown } from "#build/content/plain-mdx.ts";
import { PrerenderedPosts, prerenderedFile, prerenderedHtml } from "#build/content/prerendered-posts.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

const seedBody = readFileSync(join(BLOG_CONTENT_DIR, "building-real-time-data-pipelines.mdx"), "utf8")
  .split(/^---$/m)
  .slice(2)
  .join("---");

describe("isPlainMarkdown", () => {
  it("accepts Markdown that reads the same as MDX: the seed post, tables, fences, footnotes", () => {
    expect(isPlainMarkdown(seedBody)).toBe(true);
    expect(
      isPlainMarkdown(
        "## A\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nText.[^1]\n\n[^1]: Note.\n\n```js\nlet a = {b: 1} < 2;\n```\n",
      ),
    ).toBe(true);
  });

  it.each([
    ["a component", 'Text.\n\n<Callout type="tip">Careful.</Callout>\n'],
    ["an import", 'import Chart from "#tests/unit/chart.astro";\n\nText.\n'],
    ["an export", "export const answer = 42;\n\nText.\n"],
    ["an expression", "The answer is {40 + 2}.\n"],
    ["an MDX comment", "Text.\n\n{/* a note to the author */}\n"],
    ["an image (an <Image> component in MDX)", "![A diagram](./images/diagram.png)\n"],
    ["indented code (a paragraph in MDX)", "Text.\n\n    indented code\n"],
    ["an autolink (not MDX)", "See <https://example.com>.\n"],
    ["invalid MDX (the MDX compiler reports it)", "<Callout>\nNot closed.\n"],
  ])("leaves a post with %s to the MDX compiler", (_what, body) => {
    expect(isPlainMarkdown(body)).toBe(false);
  });
});

describe("PrerenderedPosts", () => {
  const directory = mkdtempSync(join(tmpdir(), "prerendered-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("stores HTML under its hash, reads it back for the entry, and prunes what no post uses", async () => {
    const first = new PrerenderedPosts(directory);
    const a = first.write("<p>A</p>");
    const b = first.write("<p>B</p>");
    expect(a).not.toBe(b);
    expect(first.write("<p>A</p>")).toBe(a);
    await first.flush();
    const entry = { rendered: { metadata: { htmlFile: a } } };
    expect(prerenderedFile(entry)).toBe(a);
    expect(prerenderedHtml(entry)).toBe("<p>A</p>");
    expect(prerenderedHtml({ rendered: { metadata: {} } })).toBeUndefined();
    expect(prerenderedHtml({})).toBeUndefined();

    // The next sync keeps A only: B's post was edited or deleted.
    const next = new PrerenderedPosts(directory);
    next.keep(a);
    expect(next.prune()).toBe(1);
    expect(readdirSync(directory)).toEqual([a.slice(directory.length + 1)]);
    expect(() => prerenderedHtml({ rendered: { metadata: { htmlFile: b } } })).toThrow(
      /missing from the cache; build again/,
    );
  });
});
