import { slug as githubSlug } from "github-slugger";

/**
 * URL slug of a tag or category. "Apache Kafka", "apache-kafka" and
 * "Apache  Kafka" all become `apache-kafka`, so they are one tag.
 * Non-Latin names keep their letters (github-slugger, as heading ids do).
 */
export function termSlug(name: string): string {
  const slug = githubSlug(name.trim().replace(/\s+/g, " ")).replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
  return slug || "untitled";
}

export interface Term<P> {
  slug: string;
  /** The spelling shown to readers: the taxonomy file's name, else the most used one, then the first seen. */
  name: string;
  /** Posts carrying the term, in the order they were given (newest first). */
  posts: P[];
  /** What the taxonomy file (src/domain/taxonomy-file.ts) says the term is about. */
  description?: string | undefined;
}

/**
 * Gives terms the display names and descriptions of the taxonomy file, by slug. In place: the blog index
 * holds each term once (in its lists, its maps and each post's tags), so every page sees the same name.
 */
export function describeTerms<P>(
  terms: readonly Term<P>[],
  entries: Readonly<Record<string, { name?: string | undefined; description?: string | undefined }>>,
): void {
  for (const term of terms) {
    const entry = Object.hasOwn(entries, term.slug) ? entries[term.slug] : undefined;
    if (entry?.name !== undefined) term.name = entry.name;
    if (entry?.description !== undefined) term.description = entry.description;
  }
}

/**
 * Groups posts by term slug in one pass. `namesOf` gives a post's raw names;
 * a post is listed once per term even when it spells the term twice.
 */
export function groupByTerm<P>(posts: readonly P[], namesOf: (post: P) => readonly string[]): Term<P>[] {
  const terms = new Map<string, { posts: P[]; spellings: Map<string, number> }>();
  for (const post of posts) {
    const seen = new Set<string>();
    for (const name of namesOf(post)) {
      const slug = termSlug(name);
      let term = terms.get(slug);
      if (!term) {
        term = { posts: [], spellings: new Map() };
        terms.set(slug, term);
      }
      term.spellings.set(name.trim(), (term.spellings.get(name.trim()) ?? 0) + 1);
      if (!seen.has(slug)) {
        seen.add(slug);
        term.posts.push(post);
      }
    }
  }
  return [...terms].map(([slug, term]) => ({ slug, name: preferredSpelling(term.spellings), posts: term.posts }));
}

function preferredSpelling(spellings: Map<string, number>): string {
  let best = "";
  let bestCount = 0;
  for (const [name, count] of spellings) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/** Terms sorted for index pages: most posts first, then by name. */
export function sortTermsByCount<P>(terms: readonly Term<P>[]): Term<P>[] {
  return [...terms].sort((a, b) => b.posts.length - a.posts.length || a.name.localeCompare(b.name));
}

/** A post's distinct term slugs, in the order written. */
export function uniqueTermSlugs(names: readonly string[]): string[] {
  return [...new Set(names.map(termSlug))];
}
