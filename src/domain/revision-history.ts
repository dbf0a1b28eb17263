/**
 * A post's revision history (`updates` in its frontmatter): the "What changed" box, newest first, and the
 * date the post last changed when `updated` is not written (the schema sets `updated` from it, so the page's
 * "Updated" date, the sitemap's lastmod, Atom's <updated> and JSON Feed's date_modified all follow).
 */

/** One entry of `updates`: when, and what changed in a short line of plain text. */
export interface PostUpdate {
  date: Date;
  note: string;
}

/** The updates newest first; updates of the same date keep the order they are written in. */
export function revisionHistory<U extends PostUpdate>(updates: readonly U[] | undefined): U[] {
  return [...(updates ?? [])].sort((a, b) => b.date.getTime() - a.date.getTime());
}

/** The date of the newest update, or undefined when there is none. */
export function latestUpdateDate(updates: readonly PostUpdate[] | undefined): Date | undefined {
  return revisionHistory(updates)[0]?.date;
}
