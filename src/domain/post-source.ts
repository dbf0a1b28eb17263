/**
 * A post file as the tools outside Astro read it (sitemap, Open Graph cards, `npm run check`,
 * `npm run verify`, `npm run new`): the frontmatter parsed as YAML and checked by the same schema
 * the content collection uses, so every tool agrees with the site on each post's fields, slug and
 * whether it is public. Pure: the caller reads the files and says which files exist.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import { z } from "zod";
import { decodePublicPath, normalizePath, resolveInside } from "#src/domain/content-boundary.ts";
import { splitPostFile } from "#src/domain/frontmatter.ts";
import { slugFromFilePath } from "#src/domain/post-identity.ts";
import {
  type CoverImageMetadata,
  createPostSchema,
  describeValue,
  type PostData,
  readPostDate,
} from "#src/schemas/post.ts";

export interface ParsedYaml {
  /** The frontmatter as plain values, or undefined when it is not valid YAML or is refused. */
  raw: Record<string, unknown> | undefined;
  /**
   * YAML syntax errors, and what the frontmatter is refused for (`refused: true`: anchors, aliases,
   * merge keys, tags), with the line in the YAML (1-based).
   */
  errors: { line: number; message: string; refused?: true }[];
}

/**
 * Why frontmatter written with more than plain YAML is refused. Astro's parser (js-yaml) and ours (yaml)
 * read these differently: js-yaml merges `<<: {published: false}` into the post, which makes it a draft,
 * where yaml keeps a key named "<<"; `!!timestamp` means a date to one and text to the other. An alias
 * bomb (an anchor repeated by aliases, each repeating the last) grows to gigabytes when expanded.
 */
const REFUSED_BECAUSE =
  "YAML anchors (&name), aliases (*name), merge keys (<<) and tags (!!type) are not allowed in frontmatter, because YAML parsers read them differently: write each value out in full";

/** The anchors, aliases, merge keys and tags of a parsed document: the first of each kind, with how many there are. */
function refusalsOf(document: ReturnType<typeof parseDocument>, lineCounter: LineCounter) {
  const found = new Map<string, { line: number; what: string; count: number }>();
  const note = (kind: string, what: string, node: { range?: [number, number, number] | null | undefined }) => {
    const seen = found.get(kind);
    if (seen) seen.count++;
    else found.set(kind, { line: lineCounter.linePos(node.range?.[0] ?? 0).line, what, count: 1 });
  };
  // Nothing here resolves an alias: the document is walked as written, so an alias bomb costs its length.
  visit(document, {
    Alias(_, alias) {
      note("alias", `the alias *${alias.source}`, alias);
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === "<<") note("merge", "the merge key <<", pair.key);
    },
    Node(_, node: Node) {
      if (node.anchor) note("anchor", `the anchor &${node.anchor}`, node);
      if (node.tag) note("tag", `the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, "!!")}`, node);
    },
  });
  return [...found.values()].map(({ line, what, count }) => ({
    line,
    message: `${what}${count > 1 ? ` (and ${count - 1} more)` : ""}: ${REFUSED_BECAUSE}`,
    refused: true as const,
  }));
}

export function parseFrontmatterYaml(yaml: string): ParsedYaml & { lineOf(path: readonly PropertyKey[]): number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter });
  const syntax = document.errors.map((error) => ({
    line: error.linePos?.[0]?.line ?? 1,
    message: error.message.split("\n")[0] ?? error.message,
  }));
  // Refused before toJS(), which is what would expand aliases.
  const errors: ParsedYaml["errors"] = syntax.length > 0 ? syntax : refusalsOf(document, lineCounter);
  const raw = errors.length > 0 ? undefined : ((document.toJS() ?? {}) as Record<string, unknown>);
  /** The YAML line (1-based) of a field, or of the nearest parent found. */
  const lineOf = (path: readonly PropertyKey[]) => {
    let node: unknown = document.contents;
    let line = 1;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (!pair) break;
        const range = (pair.key as { range?: [number, number] }).range;
        if (range) line = lineCounter.linePos(range[0]).line;
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as { range?: [number, number] } | undefined;
        if (item?.range) line = lineCounter.linePos(item.range[0]).line;
        node = item;
      } else break;
    }
    return line;
  };
  return { raw, errors, lineOf };
}

/** Where two readings of the same frontmatter differ: the field's path and what to do. */
export interface FrontmatterDisagreement {
  path: PropertyKey[];
  message: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** The fields that hold dates: `date`, `updated` and each update's `updates.N.date`. */
const isDateField = (path: PropertyKey[]) =>
  (path.length === 1 && /^(date|updated)$/.test(String(path[0]))) ||
  (path.length === 3 && path[0] === "updates" && typeof path[1] === "number" && path[2] === "date");

/**
 * The first field on which the content collection's reading of a frontmatter (`theirs`: Astro's
 * js-yaml) differs from the tools' (`ours`: parseFrontmatterYaml), or undefined when they agree.
 * An unquoted date is a Date to js-yaml and text to yaml: for `date`, `updated` and `updates.N.date` the text is read
 * (readPostDate, which refuses 2024-02-30 where js-yaml rolls it over to March 1) and must be the same
 * instant; anywhere else it is a disagreement (a title of 2024-01-01 is text to one and a date to the other).
 */
export function frontmatterDisagreement(
  theirs: unknown,
  ours: unknown,
  path: PropertyKey[] = [],
): FrontmatterDisagreement | undefined {
  if (theirs instanceof Date && typeof ours === "string" && isDateField(path)) {
    const reading = readPostDate(ours);
    if (reading.problem !== undefined) return { path, message: reading.problem };
    if (reading.date.getTime() === theirs.getTime()) return undefined;
  } else if (theirs instanceof Date || ours instanceof Date) {
    if (theirs instanceof Date && ours instanceof Date && theirs.getTime() === ours.getTime()) return undefined;
  } else if (Array.isArray(theirs) && Array.isArray(ours)) {
    if (theirs.length === ours.length) {
      for (const [index, item] of theirs.entries()) {
        const found = frontmatterDisagreement(item, ours[index], [...path, index]);
        if (found) return found;
      }
      return undefined;
    }
  } else if (isPlainObject(theirs) && isPlainObject(ours)) {
    for (const key of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
      const found = frontmatterDisagreement(theirs[key], ours[key], [...path, key]);
      if (found) return found;
    }
    return undefined;
  } else if (Object.is(theirs, ours)) return undefined;
  return {
    path,
    message: `YAML parsers read this value differently (Astro: ${describeValue(theirs)}; the other tools: ${describeValue(ours)}): quote it, or write it more plainly`,
  };
}

export interface PostSourceEnvironment {
  /** Whether a file exists, given a path relative to the working directory. */
  fileExists(path: string): boolean;
  /**
   * Why a file a post uses may not be used: its path (relative to the working directory) or a link on
   * it leads outside the folders a post may use (src/domain/content-boundary.ts). Given the path as
   * written too, for the message; undefined when the file may be used. Without it, nothing is refused.
   */
  refuseFile?: ((path: string, written: string) => string | undefined) | undefined;
  defaultAuthor: string;
}

export interface PostSource {
  /** The file's path, relative to the working directory (src/content/blog/my-post.md). */
  file: string;
  /** The frontmatter `slug`, else the file name: the URL the post gets (or would get). */
  slug: string;
  /** The frontmatter after the schema (defaults applied, dates parsed), or undefined when it fails it. */
  data: PostData | undefined;
  /** The frontmatter as written, or undefined when it is missing or not valid YAML. */
  raw: Record<string, unknown> | undefined;
  /** Why the frontmatter fails the schema: each issue's field path and message. */
  issues: { path: PropertyKey[]; message: string }[];
  body: string;
}

/**
 * The cover of parsed frontmatter as a file: under public/, or beside the post. Undefined for a path
 * that climbs out of public/ or out of the working directory (the schema refuses both; this never
 * hands such a path to the card drawer either).
 */
export function coverFileOf(source: Pick<PostSource, "file" | "data">): string | undefined {
  const cover = source.data?.coverImage as CoverImageMetadata | undefined;
  if (!cover) return undefined;
  if (cover.isPublicFile) return resolveInside("public", decodePublicPath(cover.src));
  const file = normalizePath(besidePost(source.file, cover.src));
  return file.startsWith("/") || file === ".." || file.startsWith("../") ? undefined : file;
}

/** A path relative to a post file, resolved against the post's folder. */
function besidePost(file: string, path: string): string {
  const slash = Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\"));
  const relative = path.replace(/^\.\//, "");
  return slash < 0 ? relative : `${file.slice(0, slash)}/${relative}`;
}

/**
 * The post schema with file look-ups in place of Astro's image pipeline: a cover is checked to
 * exist (its size is Astro's business), and keeps its path as `src`.
 */
function schemaFor(file: string, env: PostSourceEnvironment) {
  return createPostSchema({
    defaultAuthor: env.defaultAuthor,
    image: () =>
      z.string().transform((value, ctx) => {
        const path = besidePost(file, value);
        const refused = env.refuseFile?.(path, value);
        if (refused) {
          ctx.addIssue({ code: "custom", message: refused });
          return z.NEVER;
        }
        if (!env.fileExists(path)) {
          ctx.addIssue({ code: "custom", message: `expected an image file at ${path}, found no such file` });
          return z.NEVER;
        }
        return { src: value, width: 0, height: 0, format: "png" } satisfies CoverImageMetadata;
      }),
    readPublicImage: async (publicPath) => {
      const path = resolveInside("public", decodePublicPath(publicPath));
      return path !== undefined && env.fileExists(path)
        ? { src: publicPath, width: 0, height: 0, format: "png", isPublicFile: true }
        : undefined;
    },
    refusePublicFile: env.refuseFile,
  });
}

/** Applies the post schema to frontmatter already parsed from YAML. */
export async function toPostSource(
  file: string,
  raw: Record<string, unknown> | undefined,
  body: string,
  env: PostSourceEnvironment,
): Promise<PostSource> {
  const slug = typeof raw?.slug === "string" ? raw.slug : slugFromFilePath(file);
  if (!raw) return { file, slug, data: undefined, raw, issues: [], body };
  const result = await schemaFor(file, env).safeParseAsync(raw);
  return {
    file,
    slug,
    raw,
    body,
    data: result.success ? result.data : undefined,
    issues: result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message })),
  };
}

/** A post file's text, read the way the content collection reads it. */
export async function readPostSource(file: string, source: string, env: PostSourceEnvironment): Promise<PostSource> {
  const { yaml, body } = splitPostFile(source);
  if (yaml === undefined) return toPostSource(file, undefined, body, env);
  const parsed = parseFrontmatterYaml(yaml);
  const post = await toPostSource(file, parsed.raw, body, env);
  if (parsed.raw) return post;
  // +1 for the opening --- line.
  const issues = parsed.errors.map(({ line, message, refused }) => ({
    path: ["frontmatter"],
    message: `line ${line + 1}: ${refused ? message : `malformed YAML: ${message}`}`,
  }));
  return { ...post, issues };
}
