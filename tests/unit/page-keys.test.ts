import type { Page } from "astro";
import { describe, expect, it } from "vitest";
import { type KeyablePost, listPageKey, postPageKey, termFeedKey, withListPageKeys } from "#src/data/page-keys.ts";
import { buildBlogIndex } from "#src/domain/blog-index.ts";

function post(slug: string, day: number, extra: Partial<KeyablePost["data"]> = {}, digest = `${slug}-v1`): KeyablePost {
  return {
    slug,
    bodyVersion: digest,
    readingTime: "3 min read",
    data: {
      title: `Post ${slug}`,
      date: new Date(Date.UTC(2024, 0, day)),
      updated: undefined,
      tags: ["Kafka"],
      category: "Streams",
      featured: false,
      published: true,
      unlisted: false,
      ...extra,
    },
  };
}

/** Five posts a day apart, all tagged Kafka: each post's page shows its neighbours and related posts. */
function blogWith(replace: Record<string, KeyablePost> = {}) {
  const posts = ["a", "b", "c", "d", "e"].map((slug, index) => replace[slug] ?? post(slug, index + 1));
  return buildBlogIndex(posts, { preview: false });
}
const keyOf = (blog: ReturnType<typeof blogWith>, slug: string) =>
  postPageKey(blog, blog.bySlug.get(slug) as KeyablePost);

describe("post page keys", () => {
  it("stay the same when nothing the page shows changed", () => {
    expect(keyOf(blogWith(), "c")).toBe(keyOf(blogWith(), "c"));
  });

  it("change when the post's file changes, even where the frontmatter did not", () => {
    const edited = blogWith({ c: post("c", 3, {}, "c-v2") });
    expect(keyOf(edited, "c")).not.toBe(keyOf(blogWith(), "c"));
  });

  it("change when a neighbour or a related post is retitled, and the pages that show it follow", () => {
    const renamed = blogWith({ b: post("b", 2, { title: "A new title" }) });
    expect(keyOf(renamed, "a")).not.toBe(keyOf(blogWith(), "a"));
    expect(keyOf(renamed, "c")).not.toBe(keyOf(blogWith(), "c"));
  });

  it("change when a tag's shown spelling changes elsewhere in the blog", () => {
    // Three posts spelling it "kafka" make "kafka" the shown name of the tag on every page.
    const respelled = blogWith({
      a: post("a", 1, { tags: ["kafka"] }),
      b: post("b", 2, { tags: ["kafka"] }),
      d: post("d", 4, { tags: ["kafka"] }),
    });
    expect(keyOf(respelled, "e")).not.toBe(keyOf(blogWith(), "e"));
  });
});

/** The pages of a list as Astro's paginate() gives them to a `[...page]` route at `firstUrl`. */
function paginate<T>(items: readonly T[], size: number, firstUrl: string): Page<T>[] {
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  const url = (n: number) => (n === 1 ? firstUrl : `${firstUrl}${n}/`);
  return Array.from({ length: lastPage }, (_, index) => {
    const currentPage = index + 1;
    const start = index * size;
    const data = items.slice(start, start + size);
    return {
      data,
      start,
      end: start + data.length - 1,
      size,
      total: items.length,
      currentPage,
      lastPage,
      url: {
        current: url(currentPage),
        prev: currentPage > 1 ? url(currentPage - 1) : undefined,
        next: currentPage < lastPage ? url(currentPage + 1) : undefined,
        first: currentPage > 1 ? url(1) : undefined,
        last: currentPage < lastPage ? url(lastPage) : undefined,
      },
    };
  });
}

describe("list page keys", () => {
  it("change with the posts on the page and with the page's place in the list, not with other pages", () => {
    const pagesOf = (blog: ReturnType<typeof blogWith>) => paginate(blog.posts, 2, "/blog/");
    const before = pagesOf(blogWith()).map((page) => listPageKey(blogWith(), page));
    const blog = blogWith({ a: post("a", 1, { title: "Retitled" }) });
    const after = pagesOf(blog).map((page) => listPageKey(blog, page));
    // Newest first: a is on the last page only.
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]).not.toBe(before[2]);

    const onePostMore = buildBlogIndex([...blogWith().posts, post("f", 6)], { preview: false });
    const [first] = paginate(onePostMore.posts, 2, "/blog/");
    expect(listPageKey(onePostMore, first as NonNullable<typeof first>)).not.toBe(before[0]);
  });

  it("include the term, so a renamed tag renames its pages", () => {
    const blog = blogWith();
    const [page] = paginate(blog.posts, 10, "/tags/kafka/");
    const only = page as NonNullable<typeof page>;
    expect(listPageKey(blog, only, { slug: "kafka", name: "Kafka" })).not.toBe(
      listPageKey(blog, only, { slug: "kafka", name: "kafka" }),
    );
  });

  it("are added to each path of a paginated list, keeping its params and props", () => {
    const blog = blogWith();
    const term = { slug: "kafka", name: "Kafka" };
    const paths = paginate(blog.posts, 2, "/tags/kafka/").map((page, index) => ({
      params: { tag: "kafka", page: index === 0 ? undefined : String(index + 1) },
      props: { term, page },
    }));
    const keyed = withListPageKeys(blog, paths, term);
    expect(keyed.map((path) => path.params)).toEqual(paths.map((path) => path.params));
    expect(keyed.map((path) => path.props)).toEqual(paths.map((path) => path.props));
    expect(keyed.map((path) => path.cacheKey)).toEqual(paths.map((path) => listPageKey(blog, path.props.page, term)));
    expect(new Set(keyed.map((path) => path.cacheKey)).size).toBe(3);
  });
});

describe("term feed keys", () => {
  it("cover the latest `limit` posts of the term and its name, nothing older", () => {
    const kafka = (blog: ReturnType<typeof blogWith>) =>
      blog.tagBySlug.get("kafka") as NonNullable<ReturnType<typeof blog.tagBySlug.get>>;
    const base = blogWith();
    const key = termFeedKey(base, kafka(base), 3);
    // Newest first: e, d, c are in a 3-post feed; a is not.
    const oldEdited = blogWith({ a: post("a", 1, {}, "a-v2") });
    expect(termFeedKey(oldEdited, kafka(oldEdited), 3)).toBe(key);
    const newEdited = blogWith({ d: post("d", 4, {}, "d-v2") });
    expect(termFeedKey(newEdited, kafka(newEdited), 3)).not.toBe(key);
    expect(termFeedKey(base, { ...kafka(base), name: "KAFKA" }, 3)).not.toBe(key);
  });
});
