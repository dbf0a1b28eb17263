/**
 * Cache keys for Astro's experimental incremental build: a page from getStaticPaths() is
 * copied from the previous build when its key and its code are unchanged. A key must
 * therefore cover every piece of data the page shows; anything missing here would let
 * an old page survive an edit. Code and the rendered post bodies are Astro's side: it
 * hashes each page's module graph and the content entries the page rendered.
 */
import { createHash } from "node:crypto";
import type { Page } from "astro";
import type { BlogIndex, IndexablePost } from "#src/domain/blog-index.ts";
import type { Term } from "#src/domain/taxonomy.ts";

/** A post as other pages show it: its frontmatter (parsed: cover sizes, dates), its file digest, its tags' shown spellings. */
export interface KeyablePost extends IndexablePost {
  data: IndexablePost["data"] & Record<string, unknown>;
  readingTime: string;
  bodyVersion: string;
}

function postFacts<P extends KeyablePost>(blog: BlogIndex<P>, post: P) {
  return {
    slug: post.slug,
    body: post.bodyVersion,
    data: post.data,
    readingTime: post.readingTime,
    tags: blog.tagsOf(post).map((tag) => [tag.slug, tag.name]),
  };
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url");
}

/** A post page shows the post, its previous and next posts and its related posts. */
export function postPageKey<P extends KeyablePost>(blog: BlogIndex<P>, post: P): string {
  const { previous, next } = blog.neighbours(post);
  return hashOf({
    post: postFacts(blog, post),
    previous: previous && postFacts(blog, previous),
    next: next && postFacts(blog, next),
    related: blog.related(post).map((other) => postFacts(blog, other)),
  });
}

/** A page of a list (all posts, a tag, a category) shows its posts, its place among the pages and the term. */
export function listPageKey<P extends KeyablePost>(
  blog: BlogIndex<P>,
  page: Page<P>,
  term?: Pick<Term<P>, "slug" | "name">,
): string {
  const { data, ...place } = page;
  return hashOf({
    items: data.map((post) => postFacts(blog, post)),
    place,
    term: term && [term.slug, term.name],
  });
}

/** The paths of a paginated list (from Astro's paginate()), each with the cache key of its page. */
export function withListPageKeys<P extends KeyablePost, Path extends { props: { page: Page<P> } }>(
  blog: BlogIndex<P>,
  paths: Path[],
  term?: Pick<Term<P>, "slug" | "name">,
): (Path & { cacheKey: string })[] {
  return paths.map((path) => ({ ...path, cacheKey: listPageKey(blog, path.props.page, term) }));
}

/** A tag's or category's feed carries its latest `limit` posts in full, named after the term. */
export function termFeedKey<P extends KeyablePost>(
  blog: BlogIndex<P>,
  term: Pick<Term<P>, "slug" | "name" | "posts">,
  limit: number,
): string {
  return hashOf({
    term: [term.slug, term.name],
    items: term.posts.slice(0, limit).map((post) => postFacts(blog, post)),
  });
}
