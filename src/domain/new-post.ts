/** The text of a new post, as `npm run new` writes it. Pure, so tests can check it against the schema. */
import { slug as githubSlug } from "github-slugger";
import { POST_SLUG_PATTERN } from "#src/schemas/post.ts";

export interface NewPostOptions {
  title: string;
  /** YYYY-MM-DD */
  date: string;
  slug?: string | undefined;
  category?: string | undefined;
  tags?: string[] | undefined;
  published?: boolean | undefined;
}

/** Latin letters that Unicode decomposition leaves whole, spelled in ASCII. */
const LATIN_LETTERS: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "ss",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ø: "o",
  Ø: "o",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ı: "i",
};

/**
 * A URL slug from a title, with accents dropped ("Données en temps réel" → "donnees-en-temps-reel"):
 * github-slugger, as heading ids and tag slugs use, then only what POST_SLUG_PATTERN allows.
 * A title without Latin letters or digits gives "", for which slugProblem() asks for --slug.
 */
export function slugFromTitle(title: string): string {
  const latin = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßẞæÆœŒøØłŁđĐðÐþÞı]/g, (letter) => LATIN_LETTERS[letter] ?? letter)
    .replace(/&/g, " and ");
  return githubSlug(latin)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Why a slug cannot be used, or undefined when it can. */
export function slugProblem(slug: string, takenSlugs: ReadonlySet<string>): string | undefined {
  if (!slug) return "the title has no letters or digits to make a URL from; pass --slug my-post";
  if (!POST_SLUG_PATTERN.test(slug)) return `"${slug}" is not a URL slug: use lowercase letters, digits and hyphens`;
  if (/^\d+$/.test(slug)) return `"${slug}" is all digits, which the blog index uses for its page numbers`;
  if (takenSlugs.has(slug)) return `a post with the slug "${slug}" already exists; choose another title or pass --slug`;
  return undefined;
}

// JSON strings are valid YAML double-quoted scalars, so any title is safe in frontmatter.
const quote = (value: string) => JSON.stringify(value);

export function newPostSource(options: NewPostOptions): string {
  const tags = options.tags ?? [];
  const lines = [
    "---",
    `title: ${quote(options.title)}`,
    `excerpt: ${quote("One or two sentences for cards, feeds and search results (at most 160 characters).")}`,
    `date: ${quote(options.date)}`,
    `# updated: ${quote(options.date)}`,
    `category: ${quote(options.category ?? "Data Engineering")}`,
    tags.length ? `tags:\n${tags.map((tag) => `  - ${quote(tag)}`).join("\n")}` : "tags: []",
    `published: ${options.published ? "true" : "false"}`,
    "featured: false",
    ...(options.slug ? [`slug: ${quote(options.slug)}`] : ["# slug: defaults to the file name"]),
    '# coverImage: "./images/cover.png"   # or a file in public/, such as "/blog/cover.png"',
    '# coverAlt: "What the cover shows, for readers who cannot see it"',
    '# author: "Your Name"                 # defaults to the site author',
    '# readingTime: "5 min read"           # computed from the text when absent',
    "# seo:",
    '#   title: "A title for search results"',
    '#   description: "A description for search results"',
    '#   keywords: "kafka, streaming"',
    "---",
    "",
    "Start with the problem this post solves, in a sentence or two.",
    "",
    "## First section",
    "",
    "Write in Markdown. Components such as `<Callout>`, `<Figure>`, `<Details>` and `<Diagram>` work without an import.",
    "",
  ];
  return lines.join("\n");
}
