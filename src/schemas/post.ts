import { z } from "zod";
import { decodePublicPath, outsideBoundaryReason, resolveInside } from "#src/domain/content-boundary.ts";
import { latestUpdateDate } from "#src/domain/revision-history.ts";

/** Lowercase words joined by single hyphens: the only shape a post URL may take. */
export const POST_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `YYYY-MM-DD`, or a full ISO 8601 date-time with an optional zone. */
const ISO_DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The years a post may be dated in. Before 1970 is no date a post of this blog was written on (a year
 * such as 0000 is a typo that YAML parsers turn into 1900); 2999 leaves room for a post dated in the far
 * future on purpose (tests/build/public-rule.test.ts), and 9999 is a placeholder, not a date.
 */
export const POST_YEARS = { first: 1970, last: 2999 } as const;

/** The longest frontmatter slug: it names a folder (blog/<slug>/) and a file (og/<slug>.png), which file systems bound at 255 bytes. */
export const POST_SLUG_LIMIT = 100;

/** The longest tag or category name, in UTF-16 units: its slug is a folder name (tags/<slug>/), which file systems bound at 255 bytes. */
export const TERM_NAME_LIMIT = 60;

/** Dimensions of a cover image; `src` is a URL for public files or an astro:assets import. */
export interface CoverImageMetadata {
  src: string;
  width: number;
  height: number;
  format: string;
  /** True for files served as they are from `public/`; false for astro:assets imports. */
  isPublicFile?: boolean;
  /** A WebP sibling of a public file (`cover.webp` beside `cover.png`), served to browsers that take it. */
  webpSrc?: string | undefined;
}

export interface PostSchemaContext {
  /** Astro's `image()` helper: resolves a path relative to the post through astro:assets. */
  image: () => z.ZodType;
  /** Reads the size of a file in `public/`, or `undefined` when it does not exist. */
  readPublicImage: (publicPath: string) => Promise<CoverImageMetadata | undefined>;
  /** Author used when a post names none (the site author). */
  defaultAuthor: string;
  /**
   * Why a cover in public/ may not be used (a link on its path leads outside the folders a post may
   * use), given its file (public/…) and the path as written; undefined when it may. Without it (tests),
   * links are not looked at; a path whose `..` climb out of public/ is refused either way.
   */
  refusePublicFile?: ((file: string, written: string) => string | undefined) | undefined;
}

/** Says what a value is, in words, for "expected X, found Y" messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "an empty value (null)";
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (value instanceof Date) return `the date ${value.toISOString()}`;
  if (typeof value === "string") return `the text ${JSON.stringify(value.slice(0, 80))}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

export function expected(what: string) {
  return (issue: { input?: unknown }) => `expected ${what}, found ${describeValue(issue.input)}`;
}

/** Frontmatter field names, for "did you mean" hints on unknown fields. */
export const POST_FIELDS = [
  "title",
  "slug",
  "excerpt",
  "date",
  "updated",
  "updates",
  "redirectFrom",
  "readingTime",
  "coverImage",
  "coverAlt",
  "author",
  "featured",
  "published",
  "unlisted",
  "tags",
  "category",
  "series",
  "seo",
] as const;

/** Levenshtein distance between two texts, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

export const SEO_FIELDS = ["title", "description", "keywords"] as const;

/** "unknown field "publised": did you mean "published"?" for a key the schema does not know. */
export function unknownFieldMessage(key: PropertyKey | undefined, fields: readonly string[] = POST_FIELDS): string {
  const name = String(key ?? "");
  const guess = fields
    .map((field) => ({ field, distance: editDistance(name.toLowerCase(), field.toLowerCase()) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = guess ? `did you mean "${guess.field}"?` : `the fields are ${fields.join(", ")}`;
  return `unknown field${name ? ` "${name}"` : ""}: ${hint}`;
}

/**
 * Rejects each unknown key under its own name (so errors say which field), while
 * the generated JSON schema still says `additionalProperties: false` for editors.
 */
export function rejectUnknownFields(fields: readonly string[]) {
  return z.unknown().refine(() => false, { error: (issue) => unknownFieldMessage(issue.path?.at(-1), fields) });
}

/** Control characters no page, feed or card can show: C0 but tab and line feed, DEL, and C1. */
const CONTROL_CHARACTER = /(?![\t\n])\p{Cc}/u;

/** "contains the control character U+000B", or undefined for text without one. */
export function controlCharacterProblem(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text)?.[0];
  if (found === undefined) return undefined;
  const code = (found.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
  return `contains the control character U+${code}, which no page can show: remove it`;
}

export const requiredText = (what: string) =>
  z
    .string({ error: expected(what) })
    // Before trimming, which would take a vertical tab or form feed at either end away unseen.
    .superRefine((text, ctx) => {
      const problem = controlCharacterProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .trim()
    .min(1, { error: `expected ${what}, found empty text` });

/** A tag or category name: required text of at most TERM_NAME_LIMIT characters. */
const termName = (what: string) =>
  requiredText(what).refine((name) => name.length <= TERM_NAME_LIMIT, {
    error: (issue) =>
      `expected ${what} of at most ${TERM_NAME_LIMIT} characters (it names a page and a folder), found ${String(issue.input).length} characters`,
  });

/** A date read from its text, or why the text is no date. */
export type PostDateReading = { date: Date; problem?: undefined } | { date?: undefined; problem: string };

const DATE_EXPECTED = "expected a date as YYYY-MM-DD or an ISO date-time";
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * Reads `YYYY-MM-DD` or an ISO date-time as written, refusing what Date and YAML parsers silently
 * roll over (2024-02-30 is not March 1, 25:00 is not 01:00 the next day) and years outside
 * POST_YEARS. A time without a zone is read as UTC so every machine builds the same site.
 */
export function readPostDate(input: string): PostDateReading {
  const text = input.trim();
  const match = ISO_DATE_PATTERN.exec(text);
  if (!match) return { problem: `${DATE_EXPECTED}, found ${describeValue(input)}` };
  const [, year = "", month = "", day = "", hour = "00", minute = "00", second = "00", fraction = "", zone = "Z"] =
    match;
  const found = `${DATE_EXPECTED}, found ${JSON.stringify(text)}`;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (y < POST_YEARS.first || y > POST_YEARS.last) {
    return { problem: `${found}, whose year is not from ${POST_YEARS.first} to ${POST_YEARS.last}` };
  }
  if (mo < 1 || mo > 12) return { problem: `${found}, which is not a calendar date (months go from 01 to 12)` };
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) {
    return {
      problem: `${found}, which is not a calendar date (${MONTHS[mo - 1]} ${year} has ${daysInMonth} days)`,
    };
  }
  if (h > 23 || mi > 59 || s > 59) {
    return {
      problem: `${found}, which is not a time of day (hours go from 00 to 23, minutes and seconds from 00 to 59)`,
    };
  }
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const [, sign, zoneHours = "", zoneMinutes = ""] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) ?? [];
    if (Number(zoneHours) > 14 || Number(zoneMinutes) > 59) {
      return { problem: `${found}, whose time zone offset is not from -14:00 to +14:00` };
    }
    offsetMinutes = (sign === "-" ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes));
  }
  const milliseconds = Number(fraction.slice(0, 3).padEnd(3, "0"));
  return { date: new Date(Date.UTC(y, mo - 1, d, h, mi, s, milliseconds) - offsetMinutes * 60_000) };
}

/** Parses `YYYY-MM-DD` or ISO date-times (readPostDate), or undefined when the text is no date. */
export function parsePostDate(input: string): Date | undefined {
  return readPostDate(input).date;
}

const postDate = (field: string) =>
  z
    .union([z.date(), z.string()], {
      error: expected(`a date as YYYY-MM-DD or an ISO date-time for ${field}`),
    })
    .transform((value, ctx) => {
      // A Date is what a YAML parser made of an unquoted date: the collection checks its text
      // (build/content/post-files.ts), so only its year is looked at here.
      const reading: PostDateReading =
        value instanceof Date
          ? Number.isNaN(value.getTime())
            ? { problem: `${DATE_EXPECTED}, found an invalid date` }
            : value.getUTCFullYear() < POST_YEARS.first || value.getUTCFullYear() > POST_YEARS.last
              ? {
                  problem: `${DATE_EXPECTED}, found ${describeValue(value)}, whose year is not from ${POST_YEARS.first} to ${POST_YEARS.last}`,
                }
              : { date: value }
          : readPostDate(value);
      if (reading.problem !== undefined) {
        ctx.addIssue({ code: "custom", message: reading.problem });
        return z.NEVER;
      }
      return reading.date;
    });

const keywordList = z
  .union([z.string(), z.array(z.string())], {
    error: expected("a comma-separated string or a list of keywords"),
  })
  .superRefine((value, ctx) => {
    const problem = controlCharacterProblem(Array.isArray(value) ? value.join(",") : value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(",")).map((keyword) => keyword.trim()).filter(Boolean),
  );

export const seoSchema = z
  .object(
    {
      title: requiredText("a page title for search results")
        .optional()
        .describe("Title for search engines and social cards. Defaults to the post title."),
      description: requiredText("a meta description")
        .optional()
        .describe("Meta description for search results. Defaults to the excerpt."),
      keywords: keywordList
        .optional()
        .describe('Keywords, as "a, b, c" or a list. Defaults to the tags. Search engines mostly ignore them.'),
    },
    { error: expected("an object with title, description and keywords") },
  )
  .catchall(rejectUnknownFields(SEO_FIELDS))
  .meta({ additionalProperties: false })
  .describe("Overrides for search engines and social cards.");

/** A slug as written in frontmatter (`slug`, each of `redirectFrom`): the URL of a page under /blog/. */
const postSlug = (what: string) =>
  z
    .string({ error: expected(what) })
    .regex(POST_SLUG_PATTERN, {
      error: (issue) =>
        `expected lowercase letters, digits and single hyphens (such as my-first-post), found ${describeValue(issue.input)}`,
    })
    .refine((slug) => !/^\d+$/.test(slug), {
      error: "expected a slug with at least one letter; numbers alone are page numbers of the blog index",
    })
    .refine((slug) => slug.length <= POST_SLUG_LIMIT, {
      error: (issue) =>
        `expected a slug of at most ${POST_SLUG_LIMIT} characters (it names a folder and a file), found ${String(issue.input).length} characters`,
    });

/** The fields of one entry of `updates`. */
export const UPDATE_FIELDS = ["date", "note"] as const;

/** The longest note of an update, in characters: a line in the "What changed" box, not a paragraph. */
export const UPDATE_NOTE_LIMIT = 280;

/** One entry of `updates`: when the post changed and what changed, as plain text. */
const postUpdate = z
  .object(
    {
      date: postDate("the date of an update").describe(
        `When the post changed: "2024-05-01" or an ISO date-time, not before \`date\`.`,
      ),
      note: requiredText("a short note on what changed")
        .refine((note) => [...note].length <= UPDATE_NOTE_LIMIT, {
          error: (issue) =>
            `expected a note of at most ${UPDATE_NOTE_LIMIT} characters (one line in the "What changed" box), found ${[...String(issue.input)].length} characters`,
        })
        .describe(
          `What changed, in at most ${UPDATE_NOTE_LIMIT} characters of plain text: shown as written (Markdown is not rendered).`,
        ),
    },
    { error: expected("an update with a date and a note") },
  )
  .catchall(rejectUnknownFields(UPDATE_FIELDS))
  .meta({ additionalProperties: false });

/**
 * Every field but the cover image, built once. Astro calls the schema factory for each post
 * (to give it an image() helper for that post's file), and building the whole schema again
 * each time cost more than validating a post with it (docs/performance.md).
 */
const sharedFields = {
  title: requiredText("a title").describe("The post title, shown as the page heading."),
  slug: postSlug("a lowercase URL slug such as my-first-post")
    .optional()
    .describe(`URL of the post under /blog/, at most ${POST_SLUG_LIMIT} characters. Defaults to the file name.`),
  excerpt: requiredText("a one- or two-sentence summary").describe(
    "Summary shown on cards, in feeds and as the default meta description.",
  ),
  date: postDate("date").describe(
    `Publication date: "2024-05-01" or an ISO date-time, a real calendar date in a year from ${POST_YEARS.first} to ${POST_YEARS.last}.`,
  ),
  updated: postDate("updated")
    .optional()
    .describe(
      `Date of the last meaningful update; not before \`date\`, a real calendar date in a year from ${POST_YEARS.first} to ${POST_YEARS.last}. Defaults to the newest of \`updates\`.`,
    ),
  updates: z
    .array(postUpdate, { error: expected("a list of updates, each with a date and a note") })
    .optional()
    .describe(
      'The revision history, shown on the post as "What changed", newest first: each `{ date, note }`. The newest date is the post\'s `updated` unless that is written.',
    ),
  redirectFrom: z
    .array(postSlug("an old slug of the post, such as my-old-post"), { error: expected("a list of old slugs") })
    .superRefine((slugs, ctx) => {
      slugs.forEach((slug, index) => {
        if (slugs.indexOf(slug) < index) {
          ctx.addIssue({ code: "custom", path: [index], message: `"${slug}" is listed twice` });
        }
      });
    })
    .optional()
    .describe(
      "Old slugs of the post, after a rename: each /blog/<old-slug>/ redirects here (a redirect page, and a 301 in _redirects). No other post may have it as its slug or old slug.",
    ),
  readingTime: requiredText('a reading time such as "12 min read"')
    .optional()
    .describe("Shown under the title. Computed from the body when absent."),
  coverAlt: requiredText("alternative text describing the cover image")
    .optional()
    .describe("Alternative text for the cover image. Defaults to the title."),
  author: z
    .union(
      [
        requiredText("an author id or name"),
        z
          .array(requiredText("an author id or name"), { error: expected("a list of author ids or names") })
          .min(1, { error: "expected at least one author id or name, found an empty list" }),
      ],
      { error: expected("an author id or name, or a list of them") },
    )
    .optional()
    .describe(
      'Who wrote the post: an author id (a file src/content/authors/<id>.yaml, whose page the name links to), a list of ids for co-authors, or a plain name such as "Ada Lovelace". Defaults to the site author.',
    ),
  featured: z
    .boolean({ error: expected("true or false") })
    .default(false)
    .describe("Featured posts are highlighted on the home page."),
  published: z
    .boolean({ error: expected("true or false") })
    .default(true)
    .describe(
      "false makes the post a draft: shown in `npm run dev` only. A post dated after the build's time is scheduled: it appears with the first build on or after its date.",
    ),
  unlisted: z
    .boolean({ error: expected("true or false") })
    .default(false)
    .describe(
      "true builds the page (noindex) and its social card, reachable by its URL only: in no list, feed, sitemap, search or related posts.",
    ),
  tags: z
    .array(termName("a tag name"), { error: expected("a list of tag names") })
    .default([])
    .describe(
      `Tags, e.g. ["Apache Kafka", "Streaming"], each at most ${TERM_NAME_LIMIT} characters. Spellings that slug the same are one tag.`,
    ),
  category: termName("a category name").describe(
    `The one category the post belongs to, at most ${TERM_NAME_LIMIT} characters.`,
  ),
  series: termName("a series name")
    .optional()
    .describe(
      `The series the post is a part of, at most ${TERM_NAME_LIMIT} characters: posts naming the same series (spellings that slug the same are one) are its parts, ordered by date. A series shows once two of its parts are public.`,
    ),
  seo: seoSchema.optional(),
};
// A typo such as `publised` must never silently publish a draft.
const rejectUnknownPostFields = rejectUnknownFields(POST_FIELDS);

/** The cover image field: a file in public/ (its size read here) or a path relative to the post (Astro's image()). */
function coverImageField({ image, readPublicImage, refusePublicFile }: Omit<PostSchemaContext, "defaultAuthor">) {
  return z
    .string({ error: expected("a public path such as /blog/cover.png or a path relative to the post") })
    .trim()
    .min(1)
    .transform(async (value, ctx): Promise<CoverImageMetadata> => {
      if (/^[a-z]+:\/\//i.test(value)) {
        ctx.addIssue({
          code: "custom",
          message: `expected a local image (a public path such as /blog/cover.png or a path relative to the post), found the URL ${JSON.stringify(value)}`,
        });
        return z.NEVER;
      }
      if (value.startsWith("/")) {
        // "/../../etc/hosts" would be read through join("public", value): refused before any file is looked at.
        const file = resolveInside("public", decodePublicPath(value));
        const refused =
          file === undefined
            ? outsideBoundaryReason({ written: value, folders: ["public"] })
            : refusePublicFile?.(file, value);
        if (refused) {
          ctx.addIssue({ code: "custom", message: refused });
          return z.NEVER;
        }
        const metadata = await readPublicImage(value);
        if (!metadata) {
          ctx.addIssue({
            code: "custom",
            message: `expected an image file at public${value}, found no such file`,
          });
          return z.NEVER;
        }
        return metadata;
      }
      const resolved = await image().safeParseAsync(value);
      if (!resolved.success) {
        for (const issue of resolved.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
        return z.NEVER;
      }
      return resolved.data as CoverImageMetadata;
    })
    .optional()
    .describe("Cover image: a public path (/blog/x.png) or a path relative to the post file.");
}

/**
 * The frontmatter of a blog post. A factory because the cover image needs
 * Astro's `image()` helper and a look-up in `public/`, which tests replace.
 */
export function createPostSchema({ image, readPublicImage, refusePublicFile, defaultAuthor }: PostSchemaContext) {
  const { title, slug, excerpt, date, updated, readingTime, ...rest } = sharedFields;
  const coverImage = coverImageField({ image, readPublicImage, refusePublicFile });
  return z
    .object(
      { title, slug, excerpt, date, updated, readingTime, coverImage, ...rest },
      { error: expected("frontmatter fields") },
    )
    .catchall(rejectUnknownPostFields)
    .meta({ additionalProperties: false })
    .superRefine((post, ctx) => {
      if (post.updated && post.updated.getTime() < post.date.getTime()) {
        ctx.addIssue({
          code: "custom",
          path: ["updated"],
          message: `expected a date on or after date (${post.date.toISOString().slice(0, 10)}), found ${post.updated.toISOString().slice(0, 10)}`,
        });
      }
    })
    .superRefine((post, ctx) => {
      const day = (date: Date) => date.toISOString().slice(0, 10);
      post.updates?.forEach((update, index) => {
        if (update.date.getTime() < post.date.getTime()) {
          ctx.addIssue({
            code: "custom",
            path: ["updates", index, "date"],
            message: `expected a date on or after date (${day(post.date)}), found ${day(update.date)}`,
          });
        }
      });
      const latest = latestUpdateDate(post.updates);
      if (post.updated && latest && post.updated.getTime() < latest.getTime()) {
        ctx.addIssue({
          code: "custom",
          path: ["updated"],
          message: `expected a date on or after the newest of updates (${day(latest)}), found ${day(post.updated)}; or leave updated out, and it is that date`,
        });
      }
    })
    .transform((post) => ({
      ...post,
      // Without `updated`, the newest update is when the post last changed: every output follows `updated`.
      // (Spread, so the output type keeps `updated` optional.)
      ...(post.updated === undefined && post.updates?.length ? { updated: latestUpdateDate(post.updates) } : {}),
      author: post.author ?? defaultAuthor,
      coverAlt: post.coverAlt ?? post.title,
    }));
}

export type PostSchema = ReturnType<typeof createPostSchema>;
/** Frontmatter as an author writes it. */
export type PostFrontmatterInput = z.input<PostSchema>;
/** Frontmatter after validation and defaults, as pages receive it. */
export type PostData = z.output<PostSchema>;
