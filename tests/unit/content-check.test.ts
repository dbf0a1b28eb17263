import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ContentProblem, checkContent, formatProblem } from "#src/domain/content-check.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

function filesIn(directory: string) {
  return readdirSync(directory)
    .filter((name) => /\.mdx?$/.test(name))
    .map((name) => ({ path: join(directory, name), source: readFileSync(join(directory, name), "utf8") }));
}

const fixtures = "tests/fixtures/content-check";

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
});
