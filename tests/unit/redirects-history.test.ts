/**
 * Issue #18: renamed posts (src/domain/redirects.ts), revision history (src/domain/revision-history.ts and the
 * schema's `updates`), edit links (src/domain/source-link.ts), and what `npm run check` says of old slugs.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkContent, formatProblem } from "#src/domain/content-check.ts";
import {
  findSlugClashes,
  postRedirects,
  REDIRECTS_HEADER,
  redirectPageOf,
  redirectsFileText,
} from "#src/domain/redirects.ts";
import { latestUpdateDate, revisionHistory } from "#src/domain/revision-history.ts";
import { sourceLink } from "#src/domain/source-link.ts";
import { createPostSchema } from "#src/schemas/post.ts";

const post = (slug: string, redirectFrom?: string[]) => ({ slug, file: `blog/${slug}.md`, redirectFrom });

describe("old slugs (redirectFrom)", () => {
  it("lists each old URL of each post, sorted, an old slug written twice once", () => {
    const renamed = post("new-name", ["old-b", "old-a", "old-a"]);
    const other = post("other", ["older"]);
    expect(postRedirects([renamed, other, post("plain")]).map(({ from, to }) => [from, to.slug])).toEqual([
      ["old-a", "new-name"],
      ["old-b", "new-name"],
      ["older", "other"],
    ]);
  });

  it("finds an old slug that is a post's slug, another post's old slug or the post's own slug", () => {
    const clashes = findSlugClashes([
      post("kafka-basics", ["kafka-intro", "spark-basics"]),
      post("spark-basics"),
      post("kafka-advanced", ["kafka-intro", "kafka-advanced"]),
    ]);
    expect(clashes.map(({ file, index, other }) => [file, index, other])).toEqual([
      ["blog/kafka-basics.md", 0, "blog/kafka-advanced.md"],
      ["blog/kafka-basics.md", 1, "blog/spark-basics.md"],
      ["blog/kafka-advanced.md", 0, "blog/kafka-basics.md"],
      ["blog/kafka-advanced.md", 1, "blog/kafka-advanced.md"],
    ]);
    expect(clashes[1]?.message).toBe(
      '"spark-basics" is the slug of blog/spark-basics.md, which has its page at that URL: remove it here, or rename that post',
    );
    expect(clashes[3]?.message).toMatch(/"kafka-advanced" is this post's own slug/);
  });

  it("refuses to build redirects that clash, naming both files", () => {
    expect(() => postRedirects([post("a-post", ["b-post"]), post("b-post")])).toThrow(
      'blog/a-post.md: redirectFrom.0: "b-post" is the slug of blog/b-post.md',
    );
    expect(findSlugClashes([post("a-post", ["gone"]), post("b-post", ["went"])])).toEqual([]);
  });

  it("writes _redirects with the base path, after the site's own rules", () => {
    const redirects = postRedirects([post("new-name", ["old-name"])]);
    expect(redirectsFileText(redirects, "", "/")).toBe(`${REDIRECTS_HEADER}\n/blog/old-name/ /blog/new-name/ 301\n`);
    expect(redirectsFileText(redirects, "/feed /rss.xml 301\n\n", "/sub/")).toBe(
      `/feed /rss.xml 301\n\n${REDIRECTS_HEADER}\n/sub/blog/old-name/ /sub/blog/new-name/ 301\n`,
    );
    expect(redirectsFileText([], "/feed /rss.xml 301", "/")).toBe("/feed /rss.xml 301\n");
    expect(redirectsFileText([], "", "/")).toBeUndefined();
  });

  it("says where the post is now on its redirect page", () => {
    const page = redirectPageOf({ slug: "new-name", data: { title: "New \u202etitle" } });
    expect(page.href).toBe("/blog/new-name/");
    expect(page.refresh).toBe("0; url=/blog/new-name/");
    expect(page.canonical).toMatch(/^https:\/\/[^/]+\/blog\/new-name\/$/);
    expect(page.title).toMatch(/^Moved: New title \| /);
    expect(page.postTitle).toBe("New \u202etitle");
  });
});

describe("revision history (updates)", () => {
  const update = (date: string, note: string) => ({ date: new Date(date), note });

  it("is newest first, updates of one day in the order written", () => {
    const history = revisionHistory([
      update("2024-02-01", "first"),
      update("2024-03-01", "third"),
      update("2024-02-01", "second"),
    ]);
    expect(history.map((entry) => entry.note)).toEqual(["third", "first", "second"]);
    expect(latestUpdateDate(history)?.toISOString()).toBe("2024-03-01T00:00:00.000Z");
    expect(latestUpdateDate(undefined)).toBeUndefined();
    expect(revisionHistory(undefined)).toEqual([]);
  });

  const schema = createPostSchema({
    image: () => z.string(),
    readPublicImage: async () => undefined,
    defaultAuthor: "Site Author",
  });
  const minimal = { title: "A post", excerpt: "What it is about.", date: "2024-01-01", category: "Guides" };
  const problems = async (input: unknown) => {
    const result = await schema.safeParseAsync(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("makes the newest update the post's updated date when it writes none", async () => {
    const parsed = await schema.parseAsync({
      ...minimal,
      updates: [
        { date: "2024-02-01", note: "Fixed a typo." },
        { date: "2024-03-05", note: "Added a section." },
      ],
    });
    expect(parsed.updated?.toISOString()).toBe("2024-03-05T00:00:00.000Z");
    expect((await schema.parseAsync({ ...minimal, updated: "2024-04-01", updates: parsed.updates })).updated).toEqual(
      new Date("2024-04-01T00:00:00.000Z"),
    );
    expect((await schema.parseAsync(minimal)).updated).toBeUndefined();
  });

  it.each([
    [
      "an update before date",
      [
        { date: "2024-02-01", note: "Fine." },
        { date: "2023-12-01", note: "Before the post." },
      ],
      undefined,
      "updates.1.date: expected a date on or after date (2024-01-01), found 2023-12-01",
    ],
    [
      "updated before the newest update",
      [{ date: "2024-03-01", note: "Fine." }],
      "2024-02-01",
      "updated: expected a date on or after the newest of updates (2024-03-01), found 2024-02-01; or leave updated out, and it is that date",
    ],
    [
      "an update without a note",
      [{ date: "2024-03-01" }],
      undefined,
      "updates.0.note: expected a short note on what changed, found nothing (the field is missing)",
    ],
    [
      "an unknown field in an update",
      [{ date: "2024-03-01", note: "Fine.", summary: "x" }],
      undefined,
      'updates.0.summary: unknown field "summary": the fields are date, note',
    ],
    [
      "a note too long for a line",
      [{ date: "2024-03-01", note: "x".repeat(281) }],
      undefined,
      'updates.0.note: expected a note of at most 280 characters (one line in the "What changed" box), found 281 characters',
    ],
    [
      "an update that is no date",
      [{ date: "2024-02-30", note: "Fine." }],
      undefined,
      'updates.0.date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-02-30", which is not a calendar date (February 2024 has 29 days)',
    ],
  ])("refuses %s, naming the field", async (_, updates, updated, message) => {
    expect(await problems({ ...minimal, updates, ...(updated ? { updated } : {}) })).toEqual([message]);
  });

  it("refuses old slugs that are no slugs, or written twice", async () => {
    expect(await problems({ ...minimal, redirectFrom: ["Old Name", "2024", "fine", "fine"] })).toEqual([
      'redirectFrom.0: expected lowercase letters, digits and single hyphens (such as my-first-post), found the text "Old Name"',
      "redirectFrom.1: expected a slug with at least one letter; numbers alone are page numbers of the blog index",
      'redirectFrom.3: "fine" is listed twice',
    ]);
    expect(await problems({ ...minimal, redirectFrom: "old-name" })).toEqual([
      'redirectFrom: expected a list of old slugs, found the text "old-name"',
    ]);
  });
});

describe("the edit link", () => {
  const file = "src/content/blog/my post.md";

  it("links to the forge's editor, or to the file", () => {
    expect(sourceLink({ url: "https://github.com/owner/repo/", branch: "main" }, file)).toEqual({
      href: "https://github.com/owner/repo/edit/main/src/content/blog/my%20post.md",
      label: "Edit this post",
    });
    expect(sourceLink({ url: "https://github.com/owner/repo", branch: "release/2024", link: "view" }, file)).toEqual({
      href: "https://github.com/owner/repo/blob/release/2024/src/content/blog/my%20post.md",
      label: "View source",
    });
    expect(
      sourceLink(
        { url: "https://gitlab.com/group/blog", branch: "main", directory: "site/" },
        "./src/content/blog/a.md",
      )?.href,
    ).toBe("https://gitlab.com/group/blog/-/edit/main/site/src/content/blog/a.md");
  });

  it("is absent without a repository or a file, and refuses a repository that is no web address", () => {
    expect(sourceLink(undefined, file)).toBeUndefined();
    expect(sourceLink({ url: "https://github.com/owner/repo", branch: "main" }, undefined)).toBeUndefined();
    expect(() => sourceLink({ url: "javascript:alert(1)", branch: "main" }, file)).toThrow(
      /repository\.url .*expected the repository's web address/,
    );
  });
});

describe("npm run check on old slugs", async () => {
  const frontmatter = (title: string, extra: string) =>
    `---\ntitle: "${title}"\nexcerpt: "E."\ndate: "2024-01-01"\ncategory: "Guides"\n${extra}\n---\n\nBody.\n`;
  const files = [
    {
      path: "blog/kafka-basics.md",
      source: frontmatter("Kafka", 'redirectFrom:\n  - "kafka-intro"\n  - "spark-basics"'),
    },
    { path: "blog/spark-basics.md", source: frontmatter("Spark", "tags: []") },
    { path: "blog/kafka-advanced.md", source: frontmatter("Advanced", 'redirectFrom: ["kafka-intro"]') },
    {
      path: "blog/next-version.md",
      source: frontmatter("Next", 'published: false\nredirectFrom: ["kafka-basics"]'),
    },
    {
      path: "blog/links.md",
      source: `${frontmatter("Links", "tags: []")}\nSee [the intro](/blog/kafka-intro/).\n`,
    },
  ];
  const problems = (await checkContent(files, { fileExists: () => false })).map(formatProblem);

  it("is an error naming both files among posts with pages, on the line of the old slug", () => {
    expect(problems).toContain(
      'blog/kafka-basics.md:8  redirectFrom.1  error: "spark-basics" is the slug of blog/spark-basics.md, which has its page at that URL: remove it here, or rename that post',
    );
    expect(problems).toContain(
      'blog/kafka-basics.md:7  redirectFrom.0  error: "kafka-intro" is also an old slug (redirectFrom) of blog/kafka-advanced.md: an old URL can lead to one post only',
    );
    expect(problems).toContain(
      'blog/kafka-advanced.md:6  redirectFrom.0  error: "kafka-intro" is also an old slug (redirectFrom) of blog/kafka-basics.md: an old URL can lead to one post only',
    );
  });

  it("is a warning when a draft is one of the two (a replacement written before the old post goes)", () => {
    expect(problems).toContain(
      'blog/next-version.md:7  redirectFrom.0  warning: "kafka-basics" is the slug of blog/kafka-basics.md, which has its page at that URL: remove it here, or rename that post (an error once both are published)',
    );
  });

  it("takes a link to an old URL as a link to its redirect page", () => {
    expect(problems.filter((problem) => problem.startsWith("blog/links.md"))).toEqual([]);
  });
});
