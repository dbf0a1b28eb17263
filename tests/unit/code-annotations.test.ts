/**
 * Annotated code (src/markdown/code-annotations.ts) through the site's real Markdown pipeline: line
 * highlights from the fence meta, Shiki's comment notations, line numbers, all as classes and no inline
 * style; and in feeds, plain highlighted code with a diff's lines marked in text.
 */
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { markdownToHtml } from "satteri";
import { describe, expect, it, vi } from "vitest";
import { feedHtml } from "#src/domain/feeds/content.ts";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { wantsLineNumbers } from "#src/markdown/code-annotations.ts";
import { parseFenceTitle } from "#src/markdown/code-block.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";

// Vitest hands CSS imports over empty, `?raw` too; code-block.ts reads the token classes from this file.
vi.mock("#src/styles/code-theme.css?raw", () => ({
  default: readFileSync("src/styles/code-theme.css", "utf8"),
}));

async function render(markdown: string): Promise<string> {
  const { html } = await markdownToHtml(markdown, markdownPipeline);
  return html;
}

async function pre(markdown: string): Promise<HTMLPreElement> {
  const { document } = parseHTML(`<!doctype html><html><body>${await render(markdown)}</body></html>`);
  const element = document.querySelector("pre");
  if (!element) throw new Error("no <pre> rendered");
  return element as unknown as HTMLPreElement;
}

const lines = (element: Element) => [...element.querySelectorAll(".line")];
const classesOf = (element: Element) => lines(element).map((line) => [...line.classList].sort().join(" "));
const textOf = (element: Element) => lines(element).map((line) => line.textContent);

describe("highlighted lines from the fence meta", () => {
  it("marks the lines and ranges in {…}, counted from 1", async () => {
    const block = await pre("```python {2,4-5}\na = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n```\n");
    expect(classesOf(block)).toEqual([
      "line",
      "highlighted line",
      "line",
      "highlighted line",
      "highlighted line",
      "line",
    ]);
    expect(block.textContent).toBe("a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6");
  });

  it("reads a title, highlights and showLineNumbers from one meta, in any order", async () => {
    for (const meta of ['title="producer.py" {2} showLineNumbers', 'showLineNumbers {2} title="producer.py"']) {
      const html = await render(`\`\`\`python ${meta}\nx = 1\ny = 2\n\`\`\`\n`);
      const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
      expect(document.querySelector(".code-block__title")?.textContent, meta).toBe("producer.py");
      expect(document.querySelector("pre")?.classList.contains("line-numbers"), meta).toBe(true);
      expect(classesOf(document.querySelector("pre") as Element), meta).toEqual(["line", "highlighted line"]);
    }
    expect(parseFenceTitle('{2,4-5} title="a b.py" showLineNumbers')).toBe("a b.py");
    expect(parseFenceTitle("{2,4-5} showLineNumbers")).toBeUndefined();
  });

  it("refuses a range too long to be meant, rather than run out of memory", async () => {
    await expect(render("```python {1-1000000000}\nx = 1\n```\n")).rejects.toThrow(/span more than 10000 lines/);
  });
});

describe("comment notations", () => {
  it.each([
    ["ts", "//"],
    ["python", "#"],
    ["bash", "#"],
  ])("marks diff, highlight and focus lines in %s (%s comments) and removes the notation", async (lang, mark) => {
    const block = await pre(
      [
        `\`\`\`${lang}`,
        `keep ${mark} a real comment`,
        `old ${mark} [!code --]`,
        `new ${mark} [!code ++]`,
        `loud ${mark} [!code highlight]`,
        `here ${mark} [!code focus]`,
        "```",
        "",
      ].join("\n"),
    );
    expect(classesOf(block)).toEqual(["line", "diff line remove", "add diff line", "highlighted line", "focused line"]);
    expect([...block.classList]).toEqual(expect.arrayContaining(["has-diff", "has-highlighted", "has-focused"]));
    expect(textOf(block)).toEqual([`keep ${mark} a real comment`, "old", "new", "loud", "here"]);
    expect(block.textContent).not.toContain("[!code");
  });

  it("applies a notation on a line of its own to the next lines, and drops that line", async () => {
    const block = await pre("```ts\n// [!code focus:2]\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```\n");
    expect(textOf(block)).toEqual(["const a = 1;", "const b = 2;", "const c = 3;"]);
    expect(classesOf(block)).toEqual(["focused line", "focused line", "line"]);
  });

  it("leaves a block without annotations as it was", async () => {
    const block = await pre("```ts\nconst a = 1; // plain\n```\n");
    expect(block.className).toBe("astro-code astro-code-themes github-light-default github-dark-default");
    expect(classesOf(block)).toEqual(["line"]);
  });
});

describe("line numbers", () => {
  it("are a class on the <pre> for the stylesheet's counter, no text in the code", async () => {
    const block = await pre("```js showLineNumbers\nlet a;\nlet b;\n```\n");
    expect(block.classList.contains("line-numbers")).toBe(true);
    expect(block.textContent).toBe("let a;\nlet b;");
    expect(block.querySelectorAll("[data-line]").length).toBe(0);
    expect((await pre("```js\nlet a;\n```\n")).classList.contains("line-numbers")).toBe(false);
  });

  it("need the word itself, not a title or a longer word holding it", () => {
    expect(wantsLineNumbers("showLineNumbers")).toBe(true);
    expect(wantsLineNumbers('title="a.py" showLineNumbers {2}')).toBe(true);
    expect(wantsLineNumbers('title="showLineNumbers"')).toBe(false);
    expect(wantsLineNumbers("showLineNumbersPlease")).toBe(false);
    expect(wantsLineNumbers(undefined)).toBe(false);
  });
});

const EVERYTHING = [
  '```python title="etl.py" {1} showLineNumbers',
  "import json",
  "rows = read() # [!code --]",
  "rows = read(batch=500) # [!code ++]",
  "# [!code focus:2]",
  "for row in rows:",
  "    print(json.dumps(row)) # [!code highlight]",
  "```",
  "",
].join("\n");

describe("no inline styles", () => {
  it("emits classes only, for every annotation, in .md and the same pipeline's output", async () => {
    const html = await render(EVERYTHING);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).toContain('class="line highlighted"');
    expect(html).toMatch(/class="tl-[0-9a-f]+ td-[0-9a-f]+"/);
  });

  it("renders the fixture post's every annotation without one, and leaves no notation", async () => {
    const html = await render(bodyOf(readFileSync("tests/fixtures/markdown-features/code.md", "utf8")));
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toContain("[!code");
    for (const name of ["highlighted", "diff add", "diff remove", "focused", "line-numbers", "annotated"]) {
      expect(html, name).toContain(name);
    }
  });
});

describe("annotated code in feeds", () => {
  it("reads as plain highlighted code: no notation, no gutter, a diff marked in text", async () => {
    const feed = feedHtml(await render(EVERYTHING), "https://ex.com/blog/post/");
    const { document } = parseHTML(`<!doctype html><html><body>${feed}</body></html>`);
    const code = document.querySelector("pre code")?.textContent;
    expect(code).toBe(
      [
        "  import json",
        "- rows = read()",
        "+ rows = read(batch=500)",
        "  for row in rows:",
        "      print(json.dumps(row))",
      ].join("\n"),
    );
    expect(feed).not.toContain("[!code");
    expect(feed).not.toContain("<button");
    // Colours as plain styles a reader understands; no token classes, which mean nothing there.
    expect(feed).toMatch(/<span style="color:#[0-9a-f]{6}"> {2}import<\/span>/);
    expect(feed).not.toMatch(/\bt[ld]-[0-9a-f]/);
  });

  it("leaves code without a diff unmarked", async () => {
    const feed = feedHtml(
      await render("```ts {1} showLineNumbers\nlet a; // [!code focus]\nlet b;\n```\n"),
      "https://ex.com/",
    );
    const { document } = parseHTML(`<!doctype html><html><body>${feed}</body></html>`);
    expect(document.querySelector("pre code")?.textContent).toBe("let a;\nlet b;");
  });

  it("marks an empty line of a diff, and nothing after the block", async () => {
    const feed = feedHtml(
      await render("```ts\na // [!code --]\n\nb // [!code ++]\n```\n\nAfter the block.\n"),
      "https://ex.com/",
    );
    const { document } = parseHTML(`<!doctype html><html><body>${feed}</body></html>`);
    expect(document.querySelector("pre code")?.textContent).toBe("- a\n  \n+ b");
    expect(document.querySelector("p")?.textContent).toBe("After the block.");
  });
});
