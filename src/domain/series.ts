/**
 * Series: posts that name the same `series` (spellings that slug the same, as tags) are its parts, oldest
 * first. Only listed posts are parts (in a build, public ones: a draft, scheduled or unlisted part is not
 * counted, so "Part 2 of 3" numbers what a reader can open). A series shows, with a box on each part and a
 * page of its own, once it has MIN_SERIES_PARTS parts: a box saying "Part 1 of 1" and a page listing the one
 * post would say nothing its page does not.
 */
import { groupByTerm, termSlug } from "#src/domain/taxonomy.ts";
import type { PostData } from "#src/schemas/post.ts";

/** The fewest listed parts a series needs to be shown. */
export const MIN_SERIES_PARTS = 2;

type SeriesPost = { slug: string; data: Pick<PostData, "title" | "date"> & Partial<Pick<PostData, "series">> };

export interface Series<P> {
  slug: string;
  /** The spelling shown: the most used one across the parts. */
  name: string;
  /** The parts, oldest first (by date, then title). */
  parts: P[];
}

export interface SeriesPlacement<P> {
  series: Series<P>;
  /** The post's part number, from 1; undefined for a post that is no part (an unlisted post naming the series). */
  part?: number | undefined;
}

/** Oldest first by date, then by title: the order parts are read in. */
export function compareOldestFirst(a: SeriesPost, b: SeriesPost): number {
  return a.data.date.getTime() - b.data.date.getTime() || a.data.title.localeCompare(b.data.title);
}

/** Every series of the listed posts with at least MIN_SERIES_PARTS parts, most recently continued first. */
export function groupSeries<P extends SeriesPost>(listed: readonly P[]): Series<P>[] {
  // Oldest first, so each series' parts come out in order, and of two spellings used as often, the first part's is shown.
  const inOrder = listed.filter((post) => post.data.series).sort(compareOldestFirst);
  return groupByTerm(inOrder, (post) => (post.data.series ? [post.data.series] : []))
    .filter((term) => term.posts.length >= MIN_SERIES_PARTS)
    .map((term) => ({ slug: term.slug, name: term.name, parts: term.posts }))
    .sort((a, b) => compareOldestFirst(b.parts.at(-1) as P, a.parts.at(-1) as P) || a.name.localeCompare(b.name));
}

/**
 * Where a post stands in its series: its part number when it is a part, no number for a post with a page
 * that is no part (unlisted: its own page lists the parts, no other page lists it). Undefined when the post
 * names no series, or one that is not shown.
 */
export function placeInSeries<P extends SeriesPost>(
  post: P,
  seriesBySlug: ReadonlyMap<string, Series<P>>,
  partNumbers: ReadonlyMap<P, number> = partNumbersOf([...seriesBySlug.values()]),
): SeriesPlacement<P> | undefined {
  if (!post.data.series) return undefined;
  const series = seriesBySlug.get(termSlug(post.data.series));
  if (!series) return undefined;
  return { series, part: partNumbers.get(post) };
}

/** Each part's number in its series, from 1: worked out once for all series. */
export function partNumbersOf<P>(series: readonly Series<P>[]): Map<P, number> {
  return new Map(series.flatMap((one) => one.parts.map((post, index) => [post, index + 1] as const)));
}
