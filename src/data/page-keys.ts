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
import type { Series } from "#src/domain/series.ts";
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

/** A series as its box and its page show it: its name and each part's slug and title, in order. */
function seriesFacts<P extends KeyablePost>(series: Series<P>) {
  return [series.slug, series.name, series.parts.map((part) => [part.slug, part.data.title])];
}

/** A post page shows the post, its authors' names, its series box, its previous and next posts and its related posts. */
export function postPageKey<P extends KeyablePost>(blog: BlogIndex<P>, post: P): string {
  const { previous, next } = blog.neighbours(post);
  const placement = blog.seriesOf(post);
  return hashOf({
    post: postFacts(blog, post),
    authors: blog.authorsOf(post),
    series: placement && [placement.part, seriesFacts(placement.series)],
    previous: previous && postFacts(blog, previous),
    next: next && postFacts(blog, next),
    related: blog.related(post).map((other) => postFacts(blog, other)),
  });
}

/** A post's Markdown twin shows the post (its file's digest covers the body) and its authors' names. */
export function markdownTwinKey<P extends KeyablePost>(blog: BlogIndex<P>, post: P): string {
  return hashOf({ post: postFacts(blog, post), authors: blog.authorsOf(post) });
}

/** A series page lists its parts in full, as cards; the series index names every series and its parts. */
export function seriesPagesKey<P extends KeyablePost>(blog: BlogIndex<P>, series: readonly Series<P>[]): string {
  return hashOf(series.map((one) => [seriesFacts(one), one.parts.map((part) => postFacts(blog, part))]));
}

/** A page of a list (all posts, a tag, a category) shows its posts, its place among the pages and the term. */
export function listPageKey<P extends KeyablePost>(blog: BlogIndex<P>, page: Page<P>, term?: ListTerm<P>): string {
  const { data, ...place } = page;
  return hashOf({
    items: data.map((post) => postFacts(blog, post)),
    place,
    term: term && [term.slug, term.name],
    // An author's page shows their profile (bio, avatar, links) above the list.
    ...(term?.profile === undefined ? {} : { profile: term.profile }),
    // A tag's or category's page shows its description (src/content/taxonomy.yaml).
    ...(term?.description === undefined ? {} : { description: term.description }),
  });
}

/** The term a list is of (a tag, a category, an author with their profile). */
type ListTerm<P> = Pick<Term<P>, "slug" | "name" | "description"> & { profile?: unknown };

/** The paths of a paginated list (from Astro's paginate()), each with the cache key of its page. */
export function withListPageKeys<P extends KeyablePost, Path extends { props: { page: Page<P> } }>(
  blog: BlogIndex<P>,
  paths: Path[],
  term?: ListTerm<P>,
): (Path & { cacheKey: string })[] {
  return paths.map((path) => ({ ...path, cacheKey: listPageKey(blog, path.props.page, term) }));
}

/** A tag's or category's feed carries its latest `limit` posts in full, named after the term. */
export function termFeedKey<P extends KeyablePost>(
  blog: BlogIndex<P>,
  term: Pick<Term<P>, "slug" | "name" | "posts" | "description">,
  limit: number,
): string {
  return hashOf({
    term: [term.slug, term.name],
    // The feed's description is the term's (src/content/taxonomy.yaml), when it has one.
    ...(term.description === undefined ? {} : { description: term.description }),
    items: term.posts.slice(0, limit).map((post) => postFacts(blog, post)),
  });
}
