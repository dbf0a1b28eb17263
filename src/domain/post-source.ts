/**
 * A post file as the tools outside Astro read it (sitemap, Open Graph cards, `npm run check`,
 * `npm run verify`, `npm run new`): the frontmatter parsed as YAML and checked by the same schema
 * the content collection uses, so every tool agrees with the site on each post's fields, slug and
 * whether it is public. Pure: the caller reads the files and says which files exist.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { splitPostFile } from "#src/domain/frontmatter.ts";
import { slugFromFilePath } from "#src/domain/post-identity.ts";
import { type CoverImageMetadata, createPostSchema, type PostData } from "#src/schemas/post.ts";

export interface ParsedYaml {
  /** The frontmatter as plain values, or undefined when it is not valid YAML. */
  raw: Record<string, unknown> | undefined;
  /** YAML syntax errors, with the line in the YAML (1-based). */
  errors: { line: number; message: string }[];
}

export function parseFrontmatterYaml(yaml: string): ParsedYaml & { lineOf(path: readonly PropertyKey[]): number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter });
  const errors = document.errors.map((error) => ({
    line: error.linePos?.[0]?.line ?? 1,
    message: error.message.split("\n")[0] ?? error.message,
  }));
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

export interface PostSourceEnvironment {
  /** Whether a file exists, given a path relative to the working directory. */
  fileExists(path: string): boolean;
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

/** The cover of parsed frontmatter as a file: under public/, or beside the post. */
export function coverFileOf(source: Pick<PostSource, "file" | "data">): string | undefined {
  const cover = source.data?.coverImage as CoverImageMetadata | undefined;
  if (!cover) return undefined;
  return cover.isPublicFile ? `public${decodeURI(cover.src)}` : besidePost(source.file, cover.src);
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
        if (!env.fileExists(path)) {
          ctx.addIssue({ code: "custom", message: `expected an image file at ${path}, found no such file` });
          return z.NEVER;
        }
        return { src: value, width: 0, height: 0, format: "png" } satisfies CoverImageMetadata;
      }),
    readPublicImage: async (publicPath) =>
      env.fileExists(`public${decodeURI(publicPath)}`)
        ? { src: publicPath, width: 0, height: 0, format: "png", isPublicFile: true }
        : undefined,
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
export function readPostSource(file: string, source: string, env: PostSourceEnvironment): Promise<PostSource> {
  const { yaml, body } = splitPostFile(source);
  return toPostSource(file, yaml === undefined ? undefined : parseFrontmatterYaml(yaml).raw, body, env);
}
