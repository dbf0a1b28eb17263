/**
 * The unclosed-fence check (src/markdown/unclosed-fence.ts) agrees with CommonMark (issue #17): a fence its
 * parser closes, by a closing fence or by the end of its container, is valid; only a fence that runs to the
 * end of the post with text in it is reported, at its line of the post's file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { markdownToHtml, mdxToJs } from "satteri";
import { describe, expect, it } from "vitest";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { PostMarkdownProblem } from "#src/markdown/post-problem.ts";
import { unclosedFencePlugin } from "#src/markdown/unclosed-fence.ts";

const options = (fileURL?: URL) => ({ mdastPlugins: [unclosedFencePlugin], ...(fileURL ? { fileURL } : {}) });
const render = { md: (source: string, fileURL?: URL) => markdownToHtml(source, options(fileURL)).html };
const renderMdx = (source: string) => mdxToJs(source, options()).code;

/** The problem the check throws for a source, or undefined. */
function problemOf(source: string, flavour: "md" | "mdx"): PostMarkdownProblem | undefined {
  try {
    if (flavour === "md") render.md(source);
    else renderMdx(source);
    return undefined;
  } catch (error) {
    if (error instanceof PostMarkdownProblem) return error;
    throw error;
  }
}

// Fences CommonMark closes: by a closing fence (in a container too) or by the end of the container.
const VALID: [string, string][] = [
  ["a fence in a block quote", "> ```c\n> int x = 1;\n> ```\n\nAfter the quote.\n"],
  ["a fence in a block quote, at the end of the post", "Intro.\n\n> ```c\n> int x = 1;\n> ```\n"],
  ["a fence in a nested block quote", "> > ```\n> > x\n> > ```\n"],
  ["a fence the end of its block quote closes", "> ```c\n> int x = 1;\n\nAfter the quote.\n"],
  ["a fence in a list item", "- Build it:\n\n  ```sh\n  make\n  ```\n- Run it.\n"],
  ["a fence in an ordered list item, at the end", "1. ```js\n   run();\n   ```\n"],
  ["a fence the end of its list item closes", "- ```sh\n  make\n- Run it.\n"],
  ["a fence in a list item in a block quote", "> - ```py\n>   x = 1\n>   ```\n"],
  ["a fence indented one space", " ```\n x\n ```\n"],
  ["a fence indented two spaces", "  ```\n  x\n  ```\n"],
  ["a fence indented three spaces, closed at another indent", "   ```\n   aaa\n  aaa\n ```\n"],
  ["a closing fence longer than the opening", "```\naaa\n`````\n"],
  ["a closing fence with trailing spaces", "```\naaa\n```   \n"],
  ["a tilde fence", "~~~py\nx = 1\n~~~\n"],
  ["a shorter tilde line inside a tilde fence", "~~~~\n~~~\n~~~~\n"],
  ["backticks inside a tilde fence", "~~~\n```\n~~~\n"],
  ["a blank line before the closing fence", "```\nx\n\n```\n"],
  ["a fence on the last line with nothing after it", "Text.\n\n```\n"],
  ["an opening fence followed only by blank lines", "Text.\n\n```py\n\n\n"],
  ["Windows line endings", "```\r\nx\r\n```\r\n"],
  ["a fence in a footnote", "Text.[^1]\n\n[^1]: Note:\n\n    ```\n    x\n    ```\n"],
];

// Fences that run to the end of the post with text in it: [case, source, line of the opening fence].
const UNCLOSED: [string, string, number][] = [
  ["no closing fence", "```python\nprint(1)\n\nThe rest of the post.\n", 1],
  ["no closing fence, after some text", "Intro.\n\n```js\nrun();\n", 3],
  ["a shorter closing fence", "````\naaa\n```\n", 1],
  ["a closing fence with info text", "~~~~~~\naaa\n~~~ ~~\n", 1],
  ["a closing fence of the other character", "```\naaa\n~~~\n", 1],
  ["in a block quote at the end of the post", "Intro.\n\n> ```c\n> int x = 1;\n> more\n", 3],
  ["in a list item at the end of the post", "- Build:\n\n  ```sh\n  make\n", 3],
];

// Closing lines indented four columns past their container are code in Markdown; MDX has no indented code,
// so to its parser they close the fence.
const INDENTED_CLOSING: [string, string, number][] = [
  ["a closing fence indented four spaces", "```\naaa\n    ```\n", 1],
  ["in a list item, its closing fence indented past the item's content", "- ```\n  code\n      ```\n", 1],
];

describe("the unclosed-fence check", () => {
  describe.each(["md", "mdx"] as const)("in .%s", (flavour) => {
    it.each(VALID)("accepts %s", (_name, source) => {
      expect(problemOf(source, flavour)).toBeUndefined();
    });

    it.each(UNCLOSED)("reports %s", (_name, source, line) => {
      const problem = problemOf(source, flavour);
      expect(problem).toBeInstanceOf(PostMarkdownProblem);
      expect(problem?.line).toBe(line);
      expect(problem?.reason).toMatch(
        /^the code fence ".+" is never closed, so it swallows the rest of the post; add a closing [`~]{3,} line\.$/,
      );
    });
  });

  it.each(INDENTED_CLOSING)(
    "reports %s in .md, and takes it in .mdx, as their parsers read it",
    (_name, source, line) => {
      expect(problemOf(source, "md")?.line).toBe(line);
      expect(problemOf(source, "mdx")).toBeUndefined();
    },
  );

  it("leaves indented code blocks alone (.md: MDX has none)", () => {
    expect(problemOf("Text.\n\n    ```\n    code\n", "md")).toBeUndefined();
  });

  it("quotes the opening fence and says which to add", () => {
    expect(problemOf("Intro.\n\n> ~~~~ yaml\n> a: 1\n", "md")?.reason).toBe(
      'the code fence "~~~~ yaml" is never closed, so it swallows the rest of the post; add a closing ~~~~ line.',
    );
  });

  it("names the line of the post's file, frontmatter counted", () => {
    const folder = mkdtempSync(join(tmpdir(), "unclosed-fence-"));
    try {
      const file = join(folder, "post.md");
      writeFileSync(file, '---\ntitle: "T"\n---\n\nIntro.\n\n```sql\nSELECT 1;\n');
      let problem: unknown;
      try {
        render.md(readFileSync(file, "utf8"), pathToFileURL(file));
      } catch (error) {
        problem = error;
      }
      expect(problem).toBeInstanceOf(PostMarkdownProblem);
      expect((problem as PostMarkdownProblem).line).toBe(7);
      expect((problem as PostMarkdownProblem).message).toMatch(/post\.md:7: the code fence "```sql" is never closed/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it.each(["tests/fixtures/markdown-features/fences.md", "tests/fixtures/markdown-features/fences.mdx"])(
    "accepts every fence of %s",
    (file) => {
      const source = readFileSync(file, "utf8");
      if (file.endsWith(".md")) expect(() => render.md(bodyOf(source), pathToFileURL(file))).not.toThrow();
      else expect(() => renderMdx(source)).not.toThrow();
    },
  );
});
