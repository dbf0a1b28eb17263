import { describe, expect, it } from "vitest";
import { formatDate, formatMonthDay, toDateTimeAttribute, yearOf } from "#src/domain/dates.ts";
import { assertRelativeCoverExists, createSlugRegistry, slugFromFilePath } from "#src/domain/post-identity.ts";
import { absoluteUrl, postUrl, tagUrl, withBase } from "#src/domain/urls.ts";

describe("post slugs", () => {
  it("defaults to the file name", () => {
    expect(slugFromFilePath("src/content/blog/2024/my-post.mdx")).toBe("my-post");
  });

  it("refuses a slug another file holds, naming both files", () => {
    const registry = createSlugRegistry();
    expect(registry.claim("blog/a.md", "same")).toBe("same");
    expect(registry.claim("blog/a.md", "same")).toBe("same");
    expect(() => registry.claim("blog/b.md", undefined)).not.toThrow();
    expect(() => registry.claim("blog/c.mdx", "same")).toThrow(
      /two posts have the slug "same": blog\/a\.md and blog\/c\.mdx/,
    );
  });

  it("frees the slug of a file that was deleted (dev server renames)", () => {
    const registry = createSlugRegistry((file) => file !== "blog/old.md");
    registry.claim("blog/old.md", "post");
    expect(registry.claim("blog/new.md", "post")).toBe("post");
  });

  it("refuses file names that are not URL-safe slugs", () => {
    const registry = createSlugRegistry();
    expect(() => registry.claim("blog/My Post.md", undefined)).toThrow(/blog\/My Post\.md: slug: expected a file name/);
    expect(() => registry.claim("blog/2.md", undefined)).toThrow(/at least one letter/);
  });

  it("requires a relative cover image to exist, naming the post and the field", () => {
    const exists = (path: string) => path === "blog/images/a.png";
    expect(() => assertRelativeCoverExists("blog/post.md", "./images/a.png", exists)).not.toThrow();
    expect(() => assertRelativeCoverExists("blog/post.md", "/public/path.png", exists)).not.toThrow();
    expect(() => assertRelativeCoverExists("blog/post.md", "./images/b.png", exists)).toThrow(
      "blog/post.md: coverImage: expected an image file at blog/images/b.png",
    );
  });
});

describe("dates", () => {
  it("formats in the site's locale and time zone, whatever the machine's", () => {
    const lateUtc = new Date("2023-11-15T23:30:00Z");
    expect(formatDate(lateUtc)).toBe("November 15, 2023");
    expect(formatMonthDay(lateUtc)).toBe("Nov 15");
    expect(yearOf(new Date("2023-12-31T23:59:00Z"))).toBe(2023);
    expect(toDateTimeAttribute(new Date("2023-11-15"))).toBe("2023-11-15");
    expect(toDateTimeAttribute(lateUtc)).toBe("2023-11-15T23:30:00.000Z");
  });
});

describe("urls", () => {
  it("builds site-relative and absolute URLs with trailing slashes", () => {
    expect(postUrl("my-post")).toBe("/blog/my-post/");
    expect(tagUrl("Apache Kafka")).toBe("/tags/apache-kafka/");
    expect(withBase("blog/", "/sub/")).toBe("/sub/blog/");
    expect(absoluteUrl("/blog/a/", "https://example.com")).toBe("https://example.com/blog/a/");
  });
});
