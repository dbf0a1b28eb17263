/**
 * Who wrote a post. A post's `author` is an author id (a file src/content/authors/<id>.yaml), a list of them
 * for co-authors, or a plain name ("Your Name"), which shows as written and links nowhere. The rule that
 * tells them apart is written once, here: a value is an id when it is shaped like one (lowercase words
 * joined by hyphens) and an author file of that name exists; anything else is a plain name, so a name
 * never breaks, and `npm run check` warns when a plain name is close to an author (authorSuggestion).
 */
import { AUTHOR_ID_PATTERN } from "#src/schemas/author.ts";
import { editDistance } from "#src/schemas/post.ts";

/** What the site knows of an author with a file. `avatar` is the schema's image (a public file or astro:assets). */
export interface AuthorProfile {
  id: string;
  name: string;
  bio: string;
  avatar?: unknown;
  url?: string | undefined;
  links: readonly { label: string; url: string }[];
}

/** One author of a post: a name, and the id of their file when they have one (then a page and a feed). */
export interface PostAuthor {
  name: string;
  id?: string | undefined;
}

/** A post's `author` as a list of the values written, without repeats. */
export function authorRefs(author: string | readonly string[] | undefined): string[] {
  if (author === undefined) return [];
  return [...new Set((typeof author === "string" ? [author] : author).map((value) => value.trim()).filter(Boolean))];
}

/** Whether a value is shaped like an author id (whether a file exists is the profiles' business). */
export function isAuthorIdShaped(value: string): boolean {
  return AUTHOR_ID_PATTERN.test(value);
}

/** A post's authors: each value an id with a profile becomes that author, anything else a plain name. */
export function resolveAuthors(
  author: string | readonly string[] | undefined,
  profiles: ReadonlyMap<string, Pick<AuthorProfile, "id" | "name">>,
): PostAuthor[] {
  return authorRefs(author).map((value) => {
    const profile = isAuthorIdShaped(value) ? profiles.get(value) : undefined;
    return profile ? { name: profile.name, id: profile.id } : { name: value };
  });
}

/** "Ada", "Ada and Grace", "Ada, Grace and Linus": names joined as a byline reads. */
export function joinNames(names: readonly string[]): string {
  if (names.length < 2) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * The author a plain name was probably meant to be: the profile whose id or name it matches, ignoring case
 * and spacing, or misses by a typo or two (at most one edit in four characters, two at most). Undefined when
 * none is that close. A name that is exactly an author's name is a suggestion too: written as the id, it links.
 */
export function authorSuggestion<A extends Pick<AuthorProfile, "id" | "name">>(
  value: string,
  profiles: readonly A[],
): A | undefined {
  const written = normalize(value);
  let best: { profile: A; distance: number } | undefined;
  for (const profile of profiles) {
    for (const target of [profile.id, normalize(profile.name)]) {
      const distance = editDistance(written, target);
      const allowed = Math.min(2, Math.floor(target.length / 4));
      if (distance <= allowed && (!best || distance < best.distance)) best = { profile, distance };
    }
  }
  return best?.profile;
}

/** Lowercase, with spaces, underscores and dots as hyphens: "Ada Lovelace" and "ada_lovelace" read as "ada-lovelace". */
function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_.]+/g, "-");
}

/** An author as feeds and JSON-LD credit them: the name, and the absolute URL of their page when they have one. */
export interface CreditedAuthor {
  name: string;
  url?: string | undefined;
}

/** A post's authors as credits, given the absolute URL of an author's page by id. */
export function creditsOf(authors: readonly PostAuthor[], pageUrlOf: (id: string) => string): CreditedAuthor[] {
  return authors.map((author) =>
    author.id ? { name: author.name, url: pageUrlOf(author.id) } : { name: author.name },
  );
}
