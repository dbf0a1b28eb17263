import { z } from "zod";

/** Lowercase words joined by single hyphens: the only shape a post URL may take. */
export const POST_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `YYYY-MM-DD`, or a full ISO 8601 date-time with an optional zone. */
const ISO_DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

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

function expected(what: string) {
  return (issue: { input?: unknown }) => `expected ${what}, found ${describeValue(issue.input)}`;
}

/** Frontmatter field names, for "did you mean" hints on unknown fields. */
export const POST_FIELDS = [
  "title",
  "slug",
  "excerpt",
  "date",
  "updated",
  "readingTime",
  "coverImage",
  "coverAlt",
  "author",
  "featured",
  "published",
  "tags",
  "category",
  "seo",
] as const;

function editDistance(a: string, b: string): number {
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
function rejectUnknownFields(fields: readonly string[]) {
  return z.unknown().refine(() => false, { error: (issue) => unknownFieldMessage(issue.path?.at(-1), fields) });
}

const requiredText = (what: string) =>
  z
    .string({ error: expected(what) })
    .trim()
    .min(1, { error: `expected ${what}, found empty text` });

/** Parses `YYYY-MM-DD` or ISO date-times; a time without a zone is read as UTC so builds are deterministic. */
export function parsePostDate(input: string): Date | undefined {
  const match = ISO_DATE_PATTERN.exec(input.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = "00", minute = "00", second = "00", zone = "Z"] = match;
  const normalizedZone = zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${normalizedZone}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject impossible calendar days such as 2024-02-30, which Date silently rolls over.
  if (zone === "Z" && date.getUTCDate() !== Number(day)) return undefined;
  return date;
}

const postDate = (field: string) =>
  z
    .union([z.date(), z.string()], {
      error: expected(`a date as YYYY-MM-DD or an ISO date-time for ${field}`),
    })
    .transform((value, ctx) => {
      const date = value instanceof Date ? value : parsePostDate(value);
      if (!date || Number.isNaN(date.getTime())) {
        ctx.addIssue({
          code: "custom",
          message: `expected a date as YYYY-MM-DD or an ISO date-time, found ${describeValue(value)}`,
        });
        return z.NEVER;
      }
      return date;
    });

const keywordList = z
  .union([z.string(), z.array(z.string())], {
    error: expected("a comma-separated string or a list of keywords"),
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

/**
 * Every field but the cover image, built once. Astro calls the schema factory for each post
 * (to give it an image() helper for that post's file), and building the whole schema again
 * each time cost more than validating a post with it (docs/performance.md).
 */
const sharedFields = {
  title: requiredText("a title").describe("The post title, shown as the page heading."),
  slug: z
    .string({ error: expected("a lowercase URL slug such as my-first-post") })
    .regex(POST_SLUG_PATTERN, {
      error: (issue) =>
        `expected lowercase letters, digits and single hyphens (such as my-first-post), found ${describeValue(issue.input)}`,
    })
    .refine((slug) => !/^\d+$/.test(slug), {
      error: "expected a slug with at least one letter; numbers alone are page numbers of the blog index",
    })
    .optional()
    .describe("URL of the post under /blog/. Defaults to the file name."),
  excerpt: requiredText("a one- or two-sentence summary").describe(
    "Summary shown on cards, in feeds and as the default meta description.",
  ),
  date: postDate("date").describe('Publication date: "2024-05-01" or an ISO date-time.'),
  updated: postDate("updated").optional().describe("Date of the last meaningful update; not before `date`."),
  readingTime: requiredText('a reading time such as "12 min read"')
    .optional()
    .describe("Shown under the title. Computed from the body when absent."),
  coverAlt: requiredText("alternative text describing the cover image")
    .optional()
    .describe("Alternative text for the cover image. Defaults to the title."),
  author: requiredText("an author name").optional().describe("Author name. Defaults to the site author."),
  featured: z
    .boolean({ error: expected("true or false") })
    .default(false)
    .describe("Featured posts are highlighted on the home page."),
  published: z
    .boolean({ error: expected("true or false") })
    .default(true)
    .describe("false makes the post a draft: shown in `npm run dev` only."),
  tags: z
    .array(requiredText("a tag name"), { error: expected("a list of tag names") })
    .default([])
    .describe('Tags, e.g. ["Apache Kafka", "Streaming"]. Spellings that slug the same are one tag.'),
  category: requiredText("a category name").describe("The one category the post belongs to."),
  seo: seoSchema.optional(),
};
// A typo such as `publised` must never silently publish a draft.
const rejectUnknownPostFields = rejectUnknownFields(POST_FIELDS);

/** The cover image field: a file in public/ (its size read here) or a path relative to the post (Astro's image()). */
function coverImageField({ image, readPublicImage }: Omit<PostSchemaContext, "defaultAuthor">) {
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
export function createPostSchema({ image, readPublicImage, defaultAuthor }: PostSchemaContext) {
  const { title, slug, excerpt, date, updated, readingTime, ...rest } = sharedFields;
  const coverImage = coverImageField({ image, readPublicImage });
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
    .transform((post) => ({
      ...post,
      author: post.author ?? defaultAuthor,
      coverAlt: post.coverAlt ?? post.title,
    }));
}

export type PostSchema = ReturnType<typeof createPostSchema>;
/** Frontmatter as an author writes it. */
export type PostFrontmatterInput = z.input<PostSchema>;
/** Frontmatter after validation and defaults, as pages receive it. */
export type PostData = z.output<PostSchema>;
