import { type AuthorProfile, type PostAuthor, resolveAuthors } from "#src/domain/authors.ts";
import { yearOf } from "#src/domain/dates.ts";
import { type PostVisibility, postVisibility } from "#src/domain/post-visibility.ts";
import { groupSeries, partNumbersOf, placeInSeries, type Series, type SeriesPlacement } from "#src/domain/series.ts";
import { groupByTerm, sortTermsByCount, type Term, termSlug, uniqueTermSlugs } from "#src/domain/taxonomy.ts";
import type { PostData } from "#src/schemas/post.ts";

/** What the index needs of a post; the page keeps whatever else it carries (the collection entry). */
export interface IndexablePost {
  slug: string;
  data: Pick<PostData, "title" | "date" | "updated" | "tags" | "category" | "featured" | "published" | "unlisted"> &
    Partial<Pick<PostData, "author" | "series">>;
}

/** An author with a file, and their listed posts (newest first): a term like a tag, with a profile. */
export interface AuthorTerm<P> extends Term<P> {
  profile: AuthorProfile;
}

export interface Neighbours<P> {
  /** The next older post. */
  previous?: P | undefined;
  /** The next newer post. */
  next?: P | undefined;
}

export interface BlogIndex<P extends IndexablePost> {
  /** Every listed post, newest first. */
  posts: P[];
  /** Every post that gets a page: the listed ones and the unlisted ones, newest first. */
  pages: P[];
  /** Who may see a post (src/domain/post-visibility.ts), as the index decided it for this build. */
  visibilityOf(post: P): PostVisibility;
  featured: P[];
  tags: Term<P>[];
  categories: Term<P>[];
  /** Every post with a page, by slug. */
  bySlug: Map<string, P>;
  tagBySlug: Map<string, Term<P>>;
  categoryBySlug: Map<string, Term<P>>;
  neighbours(post: P): Neighbours<P>;
  /** A post's tags as index terms: one per slug, named with the spelling used across the blog. */
  tagsOf(post: P): Term<P>[];
  related(post: P, limit?: number): P[];
  /** Posts grouped by year of publication, newest year first. */
  years: { year: number; posts: P[] }[];
  /** Every author with a file, by name, each with their listed posts (src/domain/authors.ts). */
  authors: AuthorTerm<P>[];
  authorById: Map<string, AuthorTerm<P>>;
  /** A post's authors, in the order written: those with a file carry their id. */
  authorsOf(post: P): PostAuthor[];
  /** Every series with enough listed parts to be shown, most recently continued first (src/domain/series.ts). */
  series: Series<P>[];
  seriesBySlug: Map<string, Series<P>>;
  /** The post's series and part number, or undefined when it is in no series shown. */
  seriesOf(post: P): SeriesPlacement<P> | undefined;
}

/** Newest first by publication date, then by title so equal dates keep a stable order. */
type Dated = { data: Pick<PostData, "date" | "title"> };

export function compareNewestFirst(a: Dated, b: Dated): number {
  return b.data.date.getTime() - a.data.date.getTime() || a.data.title.localeCompare(b.data.title);
}

/**
 * What the index shows. A build: public posts in lists, public and unlisted ones as pages. The dev server
 * (`preview`) also lists drafts and scheduled posts, marked, so an author sees them in place; unlisted posts
 * stay out of its lists as they will be out of the site's.
 */
export interface IndexOptions {
  preview: boolean;
  now?: Date;
  /** The authors with a file (src/content/authors/): a post's `author` naming one's id links to their page. */
  authors?: readonly AuthorProfile[] | undefined;
}

function showsIn(visibility: PostVisibility, preview: boolean): { listed: boolean; page: boolean } {
  if (visibility === "public") return { listed: true, page: true };
  if (visibility === "unlisted") return { listed: false, page: true };
  return { listed: preview, page: preview };
}

/** The date a post last changed: `updated`, else `date`. */
export function lastModified(post: Pick<IndexablePost, "data">): Date {
  return post.data.updated ?? post.data.date;
}

/**
 * Up to `limit` related posts among the candidates: most shared tags first, then
 * same category, then newest. The caller passes, for each of the post's tags and
 * for its category, the posts to consider.
 */
export function findRelated<P extends IndexablePost>(
  post: P,
  tagCandidates: readonly (readonly P[])[],
  categoryCandidates: readonly P[],
  limit = 3,
): P[] {
  const shared = new Map<P, number>();
  for (const candidates of tagCandidates) {
    for (const other of candidates) {
      if (other !== post) shared.set(other, (shared.get(other) ?? 0) + 1);
    }
  }
  const sameCategory = new Set(categoryCandidates);
  for (const other of categoryCandidates) {
    if (other !== post && !shared.has(other)) shared.set(other, 0);
  }
  return [...shared]
    .sort(
      ([a, aShared], [b, bShared]) =>
        bShared - aShared || Number(sameCategory.has(b)) - Number(sameCategory.has(a)) || compareNewestFirst(a, b),
    )
    .slice(0, limit)
    .map(([other]) => other);
}

/**
 * How many posts on each side of a post, in a tag's or category's list, are considered
 * for its related posts. Bounded, so related posts cost the same for every post however
 * large the blog; every post of a smaller tag is considered.
 */
export const RELATED_WINDOW = 40;

/** The posts around `post` in a newest-first list, within RELATED_WINDOW on each side. */
function around<P>(list: readonly P[], index: number | undefined): readonly P[] {
  if (index === undefined) return [];
  if (list.length <= 2 * RELATED_WINDOW + 1) return list;
  return list.slice(Math.max(0, index - RELATED_WINDOW), index + RELATED_WINDOW + 1);
}

/** Builds everything list pages need in one pass over the collection. */
export function buildBlogIndex<P extends IndexablePost>(allPosts: readonly P[], options: IndexOptions): BlogIndex<P> {
  const visibility = new Map(allPosts.map((post) => [post, postVisibility(post.data, options.now)]));
  const visibilityOf = (post: P) => visibility.get(post) ?? postVisibility(post.data, options.now);
  const pages = allPosts.filter((post) => showsIn(visibilityOf(post), options.preview).page).sort(compareNewestFirst);
  const posts = pages.filter((post) => showsIn(visibilityOf(post), options.preview).listed);
  const position = new Map(posts.map((post, index) => [post, index]));
  const tags = sortTermsByCount(groupByTerm(posts, (post) => post.data.tags));
  const categories = sortTermsByCount(groupByTerm(posts, (post) => [post.data.category]));
  const tagBySlug = new Map(tags.map((term) => [term.slug, term]));
  // Where each post stands in each tag's and category's list, for related posts.
  const positionInTerm = new Map(
    [...tags, ...categories].map((term) => [term, new Map(term.posts.map((post, index) => [post, index]))]),
  );
  const categoryBySlug = new Map(categories.map((term) => [term.slug, term]));
  // A post page and its cache key (src/data/page-keys.ts) both ask for the related posts.
  const relatedCache = new Map<string, P[]>();

  const profiles = new Map((options.authors ?? []).map((profile) => [profile.id, profile]));
  const postAuthors = new Map(pages.map((post) => [post, resolveAuthors(post.data.author, profiles)]));
  const authorsOf = (post: P) => postAuthors.get(post) ?? resolveAuthors(post.data.author, profiles);
  const authors: AuthorTerm<P>[] = [...profiles.values()]
    .map((profile) => ({ slug: profile.id, name: profile.name, profile, posts: [] as P[] }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug));
  const authorById = new Map(authors.map((term) => [term.slug, term]));
  for (const post of posts) {
    for (const author of authorsOf(post)) if (author.id) authorById.get(author.id)?.posts.push(post);
  }
  const series = groupSeries(posts);
  const seriesBySlug = new Map(series.map((one) => [one.slug, one]));
  const partNumbers = partNumbersOf(series);

  const years: { year: number; posts: P[] }[] = [];
  for (const post of posts) {
    const year = yearOf(post.data.date);
    const last = years.at(-1);
    if (last?.year === year) last.posts.push(post);
    else years.push({ year, posts: [post] });
  }

  return {
    posts,
    pages,
    visibilityOf,
    featured: posts.filter((post) => post.data.featured),
    tags,
    categories,
    bySlug: new Map(pages.map((post) => [post.slug, post])),
    tagBySlug,
    categoryBySlug,
    years,
    authors,
    authorById,
    authorsOf,
    series,
    seriesBySlug,
    seriesOf: (post) => placeInSeries(post, seriesBySlug, partNumbers),
    tagsOf(post) {
      return uniqueTermSlugs(post.data.tags).flatMap((slug) => tagBySlug.get(slug) ?? []);
    },
    neighbours(post) {
      const index = position.get(post);
      if (index === undefined) return {};
      return { next: posts[index - 1], previous: posts[index + 1] };
    },
    related(post, limit = 3) {
      const key = `${limit} ${post.slug}`;
      let related = relatedCache.get(key);
      if (!related) {
        const tagLists = uniqueTermSlugs(post.data.tags).flatMap((slug) => tagBySlug.get(slug) ?? []);
        const category = categoryBySlug.get(termSlug(post.data.category));
        related = findRelated(
          post,
          tagLists.map((term) => around(term.posts, positionInTerm.get(term)?.get(post))),
          category ? around(category.posts, positionInTerm.get(category)?.get(post)) : [],
          limit,
        );
        relatedCache.set(key, related);
      }
      return related;
    },
  };
}
