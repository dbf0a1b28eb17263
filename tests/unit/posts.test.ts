import { describe, expect, it } from "vitest";
import {
  buildBlogIndex,
  compareNewestFirst,
  findRelated,
  type IndexablePost,
  lastModified,
  RELATED_WINDOW,
} from "#src/domain/blog-index.ts";

let counter = 0;
function post(overrides: Partial<IndexablePost["data"]> & { slug?: string } = {}): IndexablePost {
  counter += 1;
  const { slug = `post-${counter}`, ...data } = overrides;
  return {
    slug,
    data: {
      title: `Post ${counter}`,
      date: new Date("2024-01-01"),
      updated: undefined,
      tags: [],
      category: "General",
      featured: false,
      published: true,
      unlisted: false,
      ...data,
    },
  };
}

describe("sorting and filtering", () => {
  it("sorts newest first, ties by title", () => {
    const a = post({ title: "B", date: new Date("2024-01-02") });
    const b = post({ title: "A", date: new Date("2024-01-02") });
    const c = post({ date: new Date("2024-03-01") });
    expect([a, b, c].sort(compareNewestFirst)).toEqual([c, b, a]);
  });

  it("leaves drafts out unless asked to include them (dev server)", () => {
    const draft = post({ published: false });
    const live = post();
    expect(buildBlogIndex([draft, live], { preview: false }).posts).toEqual([live]);
    expect(buildBlogIndex([draft, live], { preview: true }).posts).toHaveLength(2);
  });

  it("drafts never count towards tags or categories in production", () => {
    const index = buildBlogIndex([post({ published: false, tags: ["Secret"], category: "Hidden" }), post()], {
      preview: false,
    });
    expect(index.tagBySlug.has("secret")).toBe(false);
    expect(index.categoryBySlug.has("hidden")).toBe(false);
  });

  it("uses updated, else date, as the last modification", () => {
    expect(lastModified(post({ date: new Date("2024-01-01") })).toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(lastModified(post({ updated: new Date("2024-02-01") })).toISOString()).toBe("2024-02-01T00:00:00.000Z");
  });
});

describe("the blog index", () => {
  const old = post({ slug: "old", date: new Date("2022-06-01"), tags: ["Kafka"], category: "Streams" });
  const mid = post({ slug: "mid", date: new Date("2023-06-01"), tags: ["kafka", "Spark"], featured: true });
  const recent = post({ slug: "recent", date: new Date("2023-12-01"), tags: ["Apache Kafka"], category: "Streams" });
  const index = buildBlogIndex([old, recent, mid], { preview: false });

  it("finds previous (older) and next (newer) posts", () => {
    expect(index.neighbours(mid)).toEqual({ previous: old, next: recent });
    expect(index.neighbours(recent)).toEqual({ previous: mid, next: undefined });
    expect(index.neighbours(post())).toEqual({});
  });

  it("groups by year, newest year first", () => {
    expect(index.years.map(({ year, posts }) => [year, posts.map((p) => p.slug)])).toEqual([
      [2023, ["recent", "mid"]],
      [2022, ["old"]],
    ]);
  });

  it("merges tag spellings and counts posts per tag", () => {
    expect(index.tagBySlug.get("kafka")?.posts.map((p) => p.slug)).toEqual(["mid", "old"]);
    expect(index.tagBySlug.get("apache-kafka")?.posts).toEqual([recent]);
    expect(index.featured).toEqual([mid]);
  });
});

describe("related posts", () => {
  it("ranks by shared tags, then same category, then newest; never the post itself", () => {
    const base = post({ tags: ["a", "b"], category: "X" });
    const twoTags = post({ tags: ["A", "b"], category: "Y", date: new Date("2020-01-01") });
    const oneTagSameCategory = post({ tags: ["a"], category: "X", date: new Date("2020-01-01") });
    const oneTagNewer = post({ tags: ["b"], category: "Y", date: new Date("2024-06-01") });
    const categoryOnly = post({ tags: ["z"], category: "X" });
    const unrelated = post({ tags: ["q"], category: "Q" });
    const index = buildBlogIndex([base, twoTags, oneTagSameCategory, oneTagNewer, categoryOnly, unrelated], {
      preview: false,
    });
    expect(index.related(base)).toEqual([twoTags, oneTagSameCategory, oneTagNewer]);
    expect(index.related(base, 5)).toEqual([twoTags, oneTagSameCategory, oneTagNewer, categoryOnly]);
    expect(findRelated(unrelated, [index.tagBySlug.get("q")?.posts ?? []], [unrelated])).toEqual([]);
  });

  it("looks only at posts near in time within big tags, so the cost per post stays bounded", () => {
    const posts = Array.from({ length: 500 }, (_, i) =>
      post({ tags: ["big"], category: "X", date: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000) }),
    );
    const index = buildBlogIndex(posts, { preview: false });
    const middle = index.posts[250] as IndexablePost;
    const related = index.related(middle);
    expect(related).toHaveLength(3);
    // Newest first among the window around the post: its neighbours, not the newest posts of the blog.
    for (const other of related) {
      expect(Math.abs(index.posts.indexOf(other) - 250)).toBeLessThanOrEqual(RELATED_WINDOW);
    }
  });
});

describe("tagsOf", () => {
  it("names a post's tags with the blog-wide spelling, once per slug", () => {
    const a = post({ tags: ["Apache Kafka", "apache kafka"] });
    const b = post({ tags: ["apache-kafka"] });
    const c = post({ tags: ["Apache Kafka"] });
    const index = buildBlogIndex([a, b, c], { preview: false });
    expect(index.tagsOf(b).map((term) => [term.slug, term.name])).toEqual([["apache-kafka", "Apache Kafka"]]);
    expect(index.tagsOf(a)).toHaveLength(1);
  });
});
