import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineMdastPlugin } from "satteri";
import { describe, expect, it, vi } from "vitest";
import { pipelineRenderer } from "#scripts/check-content.ts";
import { type ContentProblem, checkContent, formatProblem } from "#src/domain/content-check.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";
import { problemAt } from "#src/markdown/post-problem.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

// Vitest hands CSS imports over empty, `?raw` too; code-block.ts reads the token classes from this file.
vi.mock("#src/styles/code-theme.css?raw", () => ({ default: readFileSync("src/styles/code-theme.css", "utf8") }));

function filesIn(directory: string) {
  return readdirSync(directory)
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => ({ path: join(directory, name), source: readFileSync(join(directory, name), "utf8") }));
}

const fixtures = "tests/fixtures/content-check";
const hostile = "tests/fixtures/hostile/frontmatter";

describe("the content check", () => {
  it("finds nothing to complain about in the real posts", async () => {
    expect((await checkContent(filesIn(BLOG_CONTENT_DIR), { fileExists: existsSync })).map(formatProblem)).toEqual([]);
  });

  describe("in the fixture posts", async () => {
    const problems = await checkContent(filesIn(fixtures), { fileExists: existsSync });
    const find = (file: string, field: string, severity: ContentProblem["severity"] = "error") =>
      problems.filter(
        (problem) => problem.file === `${fixtures}/${file}` && problem.field === field && problem.severity === severity,
      );

    it.each([
      ["schema-errors.md", "date", 4, /found the text "soon"/],
      ["schema-errors.md", "publised", 6, /unknown field "publised": did you mean "published"\?/],
      ["duplicate-a.md", "slug", 6, /"same-slug" is also the slug of .*duplicate-b\.md/],
      ["duplicate-b.md", "slug", 6, /"same-slug" is also the slug of .*duplicate-a\.md/],
      ["updated-before-date.md", "updated", 5, /on or after date \(2024-05-10\), found 2024-05-01/],
      ["cover-problems.md", "coverImage", 6, /public\/blog\/missing-cover\.png, found no such file/],
      ["images-without-alt.mdx", "body", 10, /image \/blog\/data-pipeline-architecture\.png has no alt text/],
      ["images-without-alt.mdx", "body", 14, /<Figure> has no alt text/],
      ["broken-links.md", "body", 10, /\/blog\/no-such-post\/, which is not a page/],
      ["broken-links.md", "body", 10, /\/blog\/unfinished-draft\/, a draft/],
      ["broken-links.md", "body", 12, /\/archive, which does not exist; did you mean \/archive\/\?/],
      ["mdx-syntax-error.mdx", "body", 10, /MDX syntax error: .*closing tag for `<Callout>`/],
      ["malformed-yaml.md", "frontmatter", 2, /malformed YAML/],
    ])("%s: %s error on line %i", (file, field, line, message) => {
      const found = find(file, field);
      expect(
        found.some((problem) => problem.line === line && message.test(problem.message)),
        JSON.stringify(found),
      ).toBe(true);
    });

    it.each([
      ["cover-without-alt.md", "coverAlt", 6, /no alt text/],
      ["long-excerpt.md", "excerpt", 3, /168 characters; cards and search results show about 160/],
      ["broken-links.md", "tags.0", 6, /"Kafka" is spelled "Kafka", "kafka"/],
      ["unfinished-draft.md", "tags.0", 8, /"kafka" is spelled/],
    ])("%s: %s warning on line %i", (file, field, line, message) => {
      const found = find(file, field, "warning");
      expect(
        found.some((problem) => problem.line === line && message.test(problem.message)),
        JSON.stringify(found),
      ).toBe(true);
    });

    it("does not flag links that resolve: posts, tags, public files, external URLs", () => {
      const messages = find("broken-links.md", "body").map((problem) => problem.message);
      expect(messages).toHaveLength(3);
      expect(messages.join(" ")).not.toMatch(/same-slug|\/tags\/kafka|kafka\.apache\.org/);
    });

    it("prints file:line  field  message", () => {
      const [first] = find("schema-errors.md", "date");
      expect(first && formatProblem(first)).toBe(
        `${fixtures}/schema-errors.md:4  date  error: expected a date as YYYY-MM-DD or an ISO date-time, found the text "soon"`,
      );
    });
  });

  describe("in the hostile frontmatter fixtures (issue #16), read as bytes as npm run check reads them", async () => {
    const files = readdirSync(hostile)
      .filter((name) => /\.mdx?$/.test(name))
      .map((name) => ({ path: join(hostile, name), source: readFileSync(join(hostile, name)) }));
    const problems = await checkContent(files, { fileExists: existsSync });
    const lines = problems.map(formatProblem);

    it.each([
      [
        "merge-key-draft.md:6  frontmatter  error: the merge key <<: YAML anchors (&name), aliases (*name), merge keys (<<)",
      ],
      ["anchor-alias.md:3  frontmatter  error: the anchor &summary: "],
      ["anchor-alias.md:7  frontmatter  error: the alias *summary: "],
      ["alias-bomb.md:6  frontmatter  error: the alias *a0 (and 7919 more): "],
      [
        'not-a-calendar-date.md:5  date  error: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-02-30", which is not a calendar date (February 2024 has 29 days)',
      ],
      [
        'year-zero.md:5  date  error: expected a date as YYYY-MM-DD or an ISO date-time, found "0000-01-01", whose year',
      ],
      [
        'hour-25.md:5  date  error: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-01-01T25:00:00", which is not a time of day',
      ],
      [
        'updated-9999.md:6  updated  error: expected a date as YYYY-MM-DD or an ISO date-time, found "9999-12-31", whose year',
      ],
      [
        "long-tag.md:6  tags.0  error: expected a tag name of at most 60 characters (it names a page and a folder), found 330 characters",
      ],
      [
        "latin-1.md:1  encoding  error: expected a UTF-8 text file, found the byte 0xE9 on line 2, which is not UTF-8 (the file looks like Latin-1 or Windows-1252)",
      ],
      [
        "utf-16.md:1  encoding  error: expected a UTF-8 text file, found UTF-16 (little-endian, with a byte order mark)",
      ],
      [
        "control-character-title.md:2  title  error: contains the control character U+000B, which no page can show: remove it",
      ],
      ["bidi-override-title.md:2  title  warning: contains the bidirectional control U+202E"],
      ["bidi-override-title.md:6  tags.0  warning: contains the bidirectional control U+2066"],
    ])("%s", (line) => {
      expect(
        lines.filter((found) => found.startsWith(`${hostile}/${line}`)),
        lines.join("\n"),
      ).toHaveLength(1);
    });

    it("finds nothing wrong with the post saved with a byte order mark, and one problem in every other", () => {
      const byFile = Map.groupBy(
        problems.filter((problem) => problem.severity === "error"),
        (problem) => problem.file,
      );
      expect(byFile.has(`${hostile}/byte-order-mark.md`)).toBe(false);
      expect(byFile.has(`${hostile}/bidi-override-title.md`)).toBe(false);
      expect(byFile.size).toBe(files.length - 2);
    });
  });

  it("never throws: a file that breaks the check is reported against that file", async () => {
    const hostileSource = {
      path: "posts/breaks.md",
      get source(): string {
        throw new Error("unreadable");
      },
    };
    const problems = await checkContent([hostileSource, { path: "posts/fine.md", source: "---\ntitle: x\n---\n" }], {
      fileExists: () => false,
    });
    expect(problems.map(formatProblem)).toContainEqual(
      "posts/breaks.md:1  file  error: the check could not read this file: unreadable",
    );
    expect(problems.some((problem) => problem.file === "posts/fine.md")).toBe(true);
  });

  describe("with the site's Markdown pipeline, as npm run check runs it (issue #17)", () => {
    const env = {
      fileExists: existsSync,
      features: markdownPipeline.features,
      renderProblems: pipelineRenderer(markdownPipeline),
    };
    const frontmatter = '---\ntitle: "Fine"\nexcerpt: "Fine."\ndate: "2024-01-01"\ncategory: "Guides"\n---\n';
    const check = async (path: string, body: string, environment: Parameters<typeof checkContent>[1] = env) =>
      (await checkContent([{ path, source: frontmatter + body }], environment)).map(formatProblem);

    it("reports an unclosed fence at its line of the file, as field body", async () => {
      expect(await check("posts/open-fence.md", "\nIntro.\n\n```python\nprint(1)\n\nThe rest of the post.\n")).toEqual([
        'posts/open-fence.md:10  body  error: the code fence "```python" is never closed, so it swallows the rest of the post; add a closing ``` line.',
      ]);
      expect(await check("posts/open-fence.mdx", "\n> ```sql\n> SELECT 1;\n")).toEqual([
        'posts/open-fence.mdx:8  body  error: the code fence "```sql" is never closed, so it swallows the rest of the post; add a closing ``` line.',
      ]);
    });

    it("does not report a fence in a block quote, closed or closed by the quote's end", async () => {
      for (const path of ["posts/quoted-fence.md", "posts/quoted-fence.mdx"]) {
        expect(await check(path, "\n> ```c\n> int retries = 3;\n> ```\n")).toEqual([]);
        expect(await check(path, "\n> ```c\n> int retries = 3;\n\nAfter the quote.\n")).toEqual([]);
      }
    });

    it("finds nothing wrong with the fence fixtures, read from disk", async () => {
      const files = ["fences.md", "fences.mdx"].map((name) => {
        const path = `tests/fixtures/markdown-features/${name}`;
        return { path, source: readFileSync(path) };
      });
      expect((await checkContent(files, env)).map(formatProblem)).toEqual([]);
    });

    it("finds nothing wrong with the real posts either", async () => {
      expect((await checkContent(filesIn(BLOG_CONTENT_DIR), env)).map(formatProblem)).toEqual([]);
    });

    it("reports any plugin's PostMarkdownProblem at its line, and any other error at the body's first line", async () => {
      const formula = defineMdastPlugin({
        name: "formula-check",
        options: { position: true },
        inlineCode(node, ctx) {
          if (node.value === "bad") throw problemAt(ctx, node.position?.start.line ?? 1, "this formula does not parse");
        },
      });
      const broken = defineMdastPlugin({
        name: "broken",
        text() {
          throw new Error("something broke");
        },
      });
      const withPlugin = (plugin: typeof formula | typeof broken) => ({
        fileExists: existsSync,
        renderProblems: pipelineRenderer({ mdastPlugins: [plugin] }),
      });
      expect(await check("posts/formula.md", "\nFine.\n\nThen `bad`.\n", withPlugin(formula))).toEqual([
        "posts/formula.md:10  body  error: this formula does not parse",
      ]);
      expect(await check("posts/formula.mdx", "\nFine.\n\nThen `bad`.\n", withPlugin(formula))).toEqual([
        "posts/formula.mdx:10  body  error: this formula does not parse",
      ]);
      expect(await check("posts/broken.md", "\nFine.\n", withPlugin(broken))).toEqual([
        "posts/broken.md:7  body  error: the Markdown pipeline failed on this post: something broke",
      ]);
    });

    it("does not render a post whose MDX does not parse: its syntax error is the one problem", async () => {
      const renderProblems = vi.fn(env.renderProblems);
      const problems = await check("posts/unclosed-jsx.mdx", "\n<Callout>\nNever closed.\n", {
        ...env,
        renderProblems,
      });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^posts\/unclosed-jsx\.mdx:\d+ {2}body {2}error: MDX syntax error/);
      expect(renderProblems).not.toHaveBeenCalled();
    });
  });
});
