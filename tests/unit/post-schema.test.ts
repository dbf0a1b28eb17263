import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { createPostSchema, parsePostDate, unknownFieldMessage } from "#src/schemas/post.ts";

const schema = createPostSchema({
  image: () => z.string().transform((src) => ({ src, width: 800, height: 400, format: "png" })),
  readPublicImage: async (path) =>
    path === "/blog/data-pipeline-architecture.png"
      ? { src: path, width: 1600, height: 900, format: "png", isPublicFile: true }
      : undefined,
  defaultAuthor: "Site Author",
});

/** The frontmatter of a file in the repo (a path from its root); throws when the file or its frontmatter is missing. */
function frontmatterOf(path: string): Record<string, unknown> {
  const text = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
  const yaml = /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
  if (yaml === undefined) throw new Error(`${path} has no frontmatter`);
  return parseYaml(yaml);
}

const seed = frontmatterOf("src/content/blog/building-real-time-data-pipelines.mdx");
const minimal = { title: "A post", excerpt: "What it is about.", date: "2024-01-02", category: "Guides" };

/** Parses and returns "path: message" lines, or [] when valid. */
async function problems(input: unknown): Promise<string[]> {
  const result = await schema.safeParseAsync(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("post schema", () => {
  it("accepts the seed frontmatter as written", async () => {
    const post = await schema.parseAsync(seed);
    expect(post.title).toBe("Building Real-Time Data Pipelines with Kafka and Spark");
    expect(post.slug).toBe("building-real-time-data-pipelines");
    expect(post.date.toISOString()).toBe("2023-11-15T00:00:00.000Z");
    expect(post.updated?.toISOString()).toBe("2023-11-15T00:00:00.000Z");
    expect(post.readingTime).toBe("12 min read");
    expect(post.coverImage).toEqual({
      src: "/blog/data-pipeline-architecture.png",
      width: 1600,
      height: 900,
      format: "png",
      isPublicFile: true,
    });
    expect(post.featured).toBe(true);
    expect(post.published).toBe(true);
    expect(post.tags).toEqual(["Apache Kafka", "Spark Streaming", "Real-time Processing", "Data Engineering"]);
    expect(post.seo?.keywords).toEqual([
      "kafka",
      "spark streaming",
      "real-time data",
      "data pipelines",
      "data engineering",
    ]);
  });

  it("accepts the seed's own frontmatter, unchanged from the seed file the blog started from", async () => {
    // tests/fixtures/seed/ holds that file as it was handed over; reading it throws if it is gone, there is no fallback.
    const original = frontmatterOf("tests/fixtures/seed/building-real-time-data-pipelines.md");
    // The blog's copy adds coverAlt and changes nothing else.
    expect(original.coverAlt).toBeUndefined();
    const { coverAlt, ...blogCopy } = seed;
    expect(coverAlt).toEqual(expect.any(String));
    expect(original).toEqual(blogCopy);
    expect(await problems(original)).toEqual([]);
  });

  it("fills defaults: author, cover alt text, featured, published, tags", async () => {
    const post = await schema.parseAsync({ ...minimal, coverImage: "./cover.png" });
    expect(post.author).toBe("Site Author");
    expect(post.coverAlt).toBe("A post");
    expect(post.featured).toBe(false);
    expect(post.published).toBe(true);
    expect(post.tags).toEqual([]);
    expect(post.coverImage).toMatchObject({ src: "./cover.png" });
  });

  it("accepts YAML dates, full ISO date-times and keyword lists", async () => {
    const post = await schema.parseAsync({
      ...minimal,
      date: new Date("2024-03-01T00:00:00Z"),
      updated: "2024-03-02T10:30:00+02:00",
      seo: { keywords: ["a", " b "] },
    });
    expect(post.updated?.toISOString()).toBe("2024-03-02T08:30:00.000Z");
    expect(post.seo?.keywords).toEqual(["a", "b"]);
  });

  it.each([
    ["a missing title", { ...minimal, title: undefined }, "title: expected a title, found nothing"],
    [
      "an empty excerpt",
      { ...minimal, excerpt: "  " },
      "excerpt: expected a one- or two-sentence summary, found empty",
    ],
    ["a missing category", { ...minimal, category: undefined }, "category: expected a category name, found nothing"],
    ["a number as title", { ...minimal, title: 42 }, "title: expected a title, found the number 42"],
    [
      "an unparsable date",
      { ...minimal, date: "next tuesday" },
      'date: expected a date as YYYY-MM-DD or an ISO date-time, found the text "next tuesday"',
    ],
    [
      "an impossible date",
      { ...minimal, date: "2024-02-30" },
      'date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-02-30", which is not a calendar date (February 2024 has 29 days)',
    ],
    [
      "an impossible date with a zone",
      { ...minimal, date: "2024-02-30T10:00:00+02:00" },
      'date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-02-30T10:00:00+02:00", which is not a calendar date',
    ],
    [
      "an hour past 23",
      { ...minimal, date: "2024-01-01T25:00:00" },
      'date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-01-01T25:00:00", which is not a time of day',
    ],
    [
      "the year 0000",
      { ...minimal, date: "0000-01-01" },
      'date: expected a date as YYYY-MM-DD or an ISO date-time, found "0000-01-01", whose year is not from 1970 to 2999',
    ],
    [
      "a placeholder update",
      { ...minimal, updated: "9999-12-31" },
      'updated: expected a date as YYYY-MM-DD or an ISO date-time, found "9999-12-31", whose year is not from 1970 to 2999',
    ],
    [
      "a YAML date out of range (js-yaml makes 0000-01-01 the year 1900)",
      { ...minimal, date: new Date("1900-01-01T00:00:00Z") },
      "date: expected a date as YYYY-MM-DD or an ISO date-time, found the date 1900-01-01T00:00:00.000Z, whose year is not from 1970 to 2999",
    ],
    [
      "a control character in the title",
      { ...minimal, title: "A vertical\vtab" },
      "title: contains the control character U+000B, which no page can show: remove it",
    ],
    [
      "a control character at the end of a tag, where trimming would hide it",
      { ...minimal, tags: ["ok", "escape\u001b"] },
      "tags.1: contains the control character U+001B",
    ],
    [
      "a control character in a keyword",
      { ...minimal, seo: { keywords: ["a", "b\u0007"] } },
      "seo.keywords: contains the control character U+0007",
    ],
    [
      "a 330-character tag",
      { ...minimal, tags: ["x".repeat(330)] },
      "tags.0: expected a tag name of at most 60 characters (it names a page and a folder), found 330 characters",
    ],
    [
      "a 61-character category",
      { ...minimal, category: "c".repeat(61) },
      "category: expected a category name of at most 60 characters (it names a page and a folder), found 61 characters",
    ],
    [
      "a 101-character slug",
      { ...minimal, slug: "s".repeat(101) },
      "slug: expected a slug of at most 100 characters (it names a folder and a file), found 101 characters",
    ],
    [
      "updated before date",
      { ...minimal, updated: "2023-12-31" },
      "updated: expected a date on or after date (2024-01-02), found 2023-12-31",
    ],
    ["tags as one string", { ...minimal, tags: "kafka" }, 'tags: expected a list of tag names, found the text "kafka"'],
    ["an empty tag", { ...minimal, tags: ["ok", ""] }, "tags.1: expected a tag name, found empty text"],
    ["featured as text", { ...minimal, featured: "yes" }, 'featured: expected true or false, found the text "yes"'],
    [
      "an upper-case slug",
      { ...minimal, slug: "My Post" },
      'slug: expected lowercase letters, digits and single hyphens (such as my-first-post), found the text "My Post"',
    ],
    ["a numeric slug", { ...minimal, slug: "2" }, "slug: expected a slug with at least one letter"],
    [
      "a misspelled field",
      { ...minimal, publised: false },
      'publised: unknown field "publised": did you mean "published"?',
    ],
    [
      "a misspelled seo field",
      { ...minimal, seo: { titel: "x" } },
      'seo.titel: unknown field "titel": did you mean "title"?',
    ],
    [
      "a missing public cover",
      { ...minimal, coverImage: "/blog/missing.png" },
      "coverImage: expected an image file at public/blog/missing.png, found no such file",
    ],
    ["a remote cover", { ...minimal, coverImage: "https://example.com/a.png" }, "coverImage: expected a local image"],
    [
      "keywords as a number",
      { ...minimal, seo: { keywords: 3 } },
      "seo.keywords: expected a comma-separated string or a list of keywords, found the number 3",
    ],
  ])("rejects %s with a message naming the field", async (_case, input, message) => {
    const found = await problems(input);
    expect(
      found.some((line) => line.startsWith(message)),
      found.join("\n"),
    ).toBe(true);
  });

  it("reports every problem of a post at once", async () => {
    const found = await problems({ title: "", date: "x", publised: true });
    expect(found.map((line) => line.split(":")[0])).toEqual(
      expect.arrayContaining(["title", "excerpt", "date", "category", "publised"]),
    );
  });
});

describe("parsePostDate", () => {
  it("reads dates without a zone as UTC so every machine builds the same site", () => {
    expect(parsePostDate("2024-05-01")?.toISOString()).toBe("2024-05-01T00:00:00.000Z");
    expect(parsePostDate("2024-05-01T10:00")?.toISOString()).toBe("2024-05-01T10:00:00.000Z");
    expect(parsePostDate("2024-05-01T10:00:00+0200")?.toISOString()).toBe("2024-05-01T08:00:00.000Z");
    expect(parsePostDate("05/01/2024")).toBeUndefined();
    expect(parsePostDate("2024-02-30T10:00:00+02:00")).toBeUndefined();
    expect(parsePostDate("2024-01-01T25:00:00")).toBeUndefined();
  });
});

describe("unknownFieldMessage", () => {
  it("suggests the closest field, or lists them all", () => {
    expect(unknownFieldMessage("tag")).toBe('unknown field "tag": did you mean "tags"?');
    expect(unknownFieldMessage("colour")).toMatch(/the fields are title, slug/);
  });
});
