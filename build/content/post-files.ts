/**
 * The one raw reader of post files, for everything that runs outside the content collection:
 * the sitemap's lastmod, the Open Graph cards, `npm run check`, `npm run verify`, `npm run new`.
 * Each file goes through the schema the collection uses (src/domain/post-source.ts), so these
 * tools see the same posts, slugs, dates and public rule as the pages.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Loader, LoaderContext } from "astro/loaders";
import { openKeyedCache } from "#build/cache/keyed-cache.ts";
import { moduleGraph } from "#build/cache/module-graph.ts";
import { fingerprint } from "#build/cache/transform-cache.ts";
import { createBoundary, refuseLinkedPosts, refusePostFile } from "#build/integrations/content-boundary.ts";
import { type DecodedPostFile, decodePostFile, splitPostFile } from "#src/domain/frontmatter.ts";
import { slugFromFilePath } from "#src/domain/post-identity.ts";
import {
  frontmatterDisagreement,
  type PostSource,
  type PostSourceEnvironment,
  parseFrontmatterYaml,
  readPostSource,
  toPostSource,
} from "#src/domain/post-source.ts";
import { readPostDate } from "#src/schemas/post.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

/** The raw reader's file look-ups for posts in `contentDir`: a cover must be inside the content boundary (build/integrations/content-boundary.ts). */
function environmentFor(contentDir: string): PostSourceEnvironment {
  return {
    fileExists: existsSync,
    refuseFile: createBoundary(process.cwd(), contentDir).refuseFile,
    defaultAuthor: siteConfig.author.name,
  };
}

export const postSourceEnvironment: PostSourceEnvironment = environmentFor(BLOG_CONTENT_DIR);

/**
 * The .md/.mdx files under `contentDir` that Astro's glob loader (tinyglobby, with the pattern of src/content.config.ts) loads:
 * files only (a folder named `old.md` is no post: reading it failed with EISDIR), a link to a file
 * counts as the file, and nothing in or under a dot-folder or named with a leading dot (the glob
 * leaves those out, so the tools must too: a `.draft.md` would get a card and a sitemap entry but no page).
 */
function postFileNames(contentDir: string): string[] {
  return readdirSync(contentDir, { recursive: true, withFileTypes: true })
    .filter(
      (entry) =>
        /\.mdx?$/.test(entry.name) &&
        (entry.isFile() ||
          (entry.isSymbolicLink() &&
            statSync(join(entry.parentPath, entry.name), { throwIfNoEntry: false })?.isFile())),
    )
    .map((entry) => relative(contentDir, join(entry.parentPath, entry.name)))
    .filter((name) => !name.split(/[\\/]/).some((part) => part.startsWith(".")))
    .sort();
}

/**
 * The paths of the .md/.mdx files under `contentDir`, relative to it and sorted. Throws on a post file
 * (or a folder of them) that is a link out of `contentDir`: its text is never read.
 */
export function listPostFiles(contentDir: string): string[] {
  refuseLinkedPosts(contentDir);
  const names = postFileNames(contentDir);
  for (const name of names) refusePostFile(join(contentDir, name), process.cwd(), contentDir);
  return names;
}

/** A post file's text: UTF-8, a byte order mark dropped; or, for any other encoding, what the file looks like. */
export function readPostFileText(file: string): DecodedPostFile {
  return decodePostFile(readFileSync(file));
}

/** A post whose file is not UTF-8: it has no data (it is nobody's post), and an issue says why. */
async function undecodable(file: string, problem: string): Promise<PostSource> {
  return {
    file,
    slug: slugFromFilePath(file),
    data: undefined,
    raw: undefined,
    issues: [{ path: ["encoding"], message: problem }],
    body: "",
  };
}

/** A post file's frontmatter as the tools read it, or why the collection must refuse it (`file:line: field: message` lines). */
type FrontmatterReading =
  | { raw: Record<string, unknown>; problems?: undefined }
  | { raw?: undefined; problems: string[] };

function readFrontmatter(file: string, bytes: Uint8Array): FrontmatterReading {
  const decoded = decodePostFile(bytes);
  if (decoded.text === undefined) return { problems: [`${file}: encoding: ${decoded.problem}`] };
  const { yaml } = splitPostFile(decoded.text);
  if (yaml === undefined) {
    return {
      problems: [`${file}:1: frontmatter: expected frontmatter between --- lines at the top of the file, found none`],
    };
  }
  const parsed = parseFrontmatterYaml(yaml);
  // +1 for the opening --- line.
  if (!parsed.raw) {
    return {
      problems: parsed.errors.map(
        ({ line, message, refused }) =>
          `${file}:${line + 1}: frontmatter: ${refused ? message : `malformed YAML: ${message}`}`,
      ),
    };
  }
  // Dates as written: js-yaml would hand the schema 2024-02-30 as March 1 (the schema reads text alike).
  const dates = (["date", "updated"] as const).flatMap((field) => {
    const value = parsed.raw?.[field];
    const problem = typeof value === "string" ? readPostDate(value).problem : undefined;
    return problem === undefined ? [] : [`${file}:${parsed.lineOf([field]) + 1}: ${field}: ${problem}`];
  });
  return dates.length > 0 ? { problems: dates } : { raw: parsed.raw };
}

/** The line of a field in a post file (which readFrontmatter has read without problems). */
function lineOfField(file: string, path: readonly PropertyKey[]): number {
  const yaml = splitPostFile(decodePostFile(readFileSync(file)).text ?? "").yaml ?? "";
  return parseFrontmatterYaml(yaml).lineOf(path) + 1;
}

/**
 * How Astro's glob loader reads a post's frontmatter (astro 7.3.5, dist/content/loaders/glob.js): with the
 * entry type of the file's extension, which it takes from the loader context's `entryTypes` (a field the
 * LoaderContext type does not declare). The Markdown and @astrojs/mdx entry types parse with js-yaml in
 * `getEntryInfo`, which throws on YAML it cannot read, and the loader does not catch that: one such post
 * stopped the dev server. Guarded by tests/unit/framework-internals.test.ts.
 */
interface EntryInfoReader {
  getEntryInfo(params: {
    contents: string;
    fileUrl: URL;
  }): Promise<{ data: Record<string, unknown>; body: string; slug?: string; rawData?: string }>;
}
type ContextWithEntryTypes = LoaderContext & { entryTypes?: Map<string, EntryInfoReader> };

/**
 * `context` whose entry types, when Astro cannot parse a post's frontmatter, pass `unparsed` the file (an
 * absolute path) and the error, and read the post as having no frontmatter and no body, instead of throwing.
 */
function readingAnyway(
  context: LoaderContext,
  unparsed: (file: string, error: unknown) => void,
): ContextWithEntryTypes {
  const { entryTypes } = context as ContextWithEntryTypes;
  if (entryTypes === undefined) return context;
  const tolerant = new Map<string, EntryInfoReader>();
  for (const [extension, entryType] of entryTypes) {
    tolerant.set(extension, {
      ...entryType,
      getEntryInfo: async (params) => {
        try {
          return await entryType.getEntryInfo(params);
        } catch (error) {
          unparsed(resolve(fileURLToPath(params.fileUrl)), error);
          return { data: {}, body: "", rawData: "" };
        }
      },
    });
  }
  return { ...context, entryTypes: tolerant };
}

/**
 * Astro's error for a frontmatter it cannot parse whose YAML the tools' parser reads (no such YAML is known:
 * the tools' reading names a syntax error first, with the file's line). Without a line: the Markdown and
 * MDX entry types count js-yaml's line differently (from 0 and from 1).
 */
function unparsedMessage(file: string, error: unknown): string {
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `${file}: frontmatter: malformed YAML to Astro's parser: ${message}`;
}

/** What decides a frontmatter reading besides the file: the parser's version and the code that reads. */
/**
 * The tools' reading of each post file's frontmatter, kept in Astro's cache folder under the hash of the file's path
 * and bytes. Content sync reads every post through it, so the build's later readers (the sitemap, the redirects file)
 * parse no YAML again, on a first build too.
 */
function openFrontmatterReadings(cacheDir: string) {
  return openKeyedCache<FrontmatterReading>(
    join(cacheDir, "frontmatter-readings.bin"),
    frontmatterReadingInputs(process.cwd()),
  );
}

function readingKey(file: string, bytes: Uint8Array): string {
  return createHash("sha256").update(`${file}\0`).update(bytes).digest("base64url");
}

function frontmatterReadingInputs(root: string): string {
  const code = [
    "package-lock.json",
    "build/content/post-files.ts",
    ...moduleGraph(root, ["src/domain/post-source.ts"]),
  ];
  return fingerprint(root, code, "frontmatter-reading");
}

/**
 * The content collection's half of reading frontmatter one way (src/content.config.ts). Astro parses
 * frontmatter with js-yaml, the tools with yaml (src/domain/post-source.ts); the collection refuses,
 * naming the file, the line and the field, every post the two would read differently, before its
 * schema or anything else walks the values: a file that is not UTF-8, that has no frontmatter block
 * the tools find, that is malformed YAML to the tools, that writes anchors, aliases, merge keys or
 * tags (an alias bomb is refused unexpanded), or whose dates are no dates as written (an unquoted
 * `date: 2024-02-30`, which js-yaml makes March 1).
 */
export function createFrontmatterGuard(contentDir: string) {
  /** The frontmatter of each file checked by `load`, until its generateId compares it with Astro's. */
  const checked = new Map<string, FrontmatterReading>();
  /**
   * On the dev server, why each refused post (by absolute path) is refused: its data never reaches the
   * schema, and the posts loader shows it as a broken post with this message (posts-loader.ts).
   */
  const refusals = new Map<string, string>();
  /**
   * On the dev server, what Astro's parser threw for each post (by absolute path) whose frontmatter it could
   * not read (a YAML syntax error), until its generateId turns it into a refusal: Astro read it as empty.
   */
  const unparsed = new Map<string, unknown>();
  let devServer = false;
  const refuse = (file: string, message: string) => {
    if (!devServer) throw new Error(message);
    refusals.set(resolve(file), message);
  };
  return {
    /**
     * `makeLoader`, whose loaders check every post file first: one error names every file to fix
     * (Astro stops at the first post it cannot take). Readings are kept in the cache folder under the
     * hash of each file: a warm build reads the files but parses only the changed ones. The dev server
     * (which has a watcher) starts anyway: each refused post is a broken post until it is fixed, a
     * post with a YAML syntax error too (Astro's parser, which would throw, reads it as empty).
     */
    checking<Options>(makeLoader: (options: Options) => Loader): (options: Options) => Loader {
      return (options) => {
        const loader = makeLoader(options);
        return {
          ...loader,
          load: async (context) => {
            checked.clear();
            refusals.clear();
            unparsed.clear();
            devServer = context.watcher !== undefined;
            const cache = openFrontmatterReadings(fileURLToPath(context.config.cacheDir));
            const problems = listPostFiles(contentDir).flatMap((name) => {
              const file = join(contentDir, name);
              const bytes = readFileSync(file);
              const reading = cache.get(readingKey(file, bytes), () => readFrontmatter(file, bytes));
              checked.set(file, reading);
              return reading.problems ?? [];
            });
            cache.save();
            if (problems.length > 0 && !devServer) {
              throw new Error(
                `${problems.length === 1 ? "A post's frontmatter is" : "Post frontmatters are"} refused (fix each, then build again):\n${problems.join("\n")}`,
              );
            }
            if (!devServer) return loader.load(context);
            const parseData = (async (props) => {
              const refusal = props.filePath === undefined ? undefined : refusals.get(resolve(props.filePath));
              if (refusal !== undefined) throw new Error(refusal);
              return context.parseData(props);
            }) as LoaderContext["parseData"];
            // A post whose YAML Astro cannot parse is read as empty (and refused) instead of stopping the server.
            const reading = readingAnyway(context, (file, error) => unparsed.set(file, error));
            await loader.load({ ...reading, parseData });
          },
        };
      };
    },
    /**
     * Called from generateId with what Astro's parser made of `file` (the path of a post, as
     * `contentDir/…`): throws `file:line: field: message` where it differs from the tools' reading
     * (on the dev server, the post's data is refused instead). A file changed since `load` is read again.
     * On the dev server a post whose frontmatter Astro could not parse (its `data` is then empty) is refused.
     */
    assertReadAlike(file: string, data: Record<string, unknown>): void {
      const reading = checked.get(file) ?? readFrontmatter(file, readFileSync(file));
      checked.delete(file);
      refusals.delete(resolve(file));
      // Astro read a frontmatter it could not parse as empty (the dev server only): the post is refused.
      const parseError = unparsed.get(resolve(file));
      const unparsable = unparsed.delete(resolve(file));
      // The tools' reading names the problem as a build does; Astro's error only when the tools read the YAML.
      if (reading.problems) {
        refuse(file, reading.problems.join("\n"));
        return;
      }
      if (unparsable) {
        refuse(file, unparsedMessage(file, parseError));
        return;
      }
      const disagreement = frontmatterDisagreement(data, reading.raw);
      if (disagreement) {
        const field = disagreement.path.join(".") || "frontmatter";
        refuse(file, `${file}:${lineOfField(file, disagreement.path)}: ${field}: ${disagreement.message}`);
      }
    },
  };
}

/** Every post under `contentDir`, each with its `file` as `contentDir/…`. */
export function readPostFiles(contentDir: string): Promise<PostSource[]> {
  const environment = environmentFor(contentDir);
  return Promise.all(
    listPostFiles(contentDir).map((name) => {
      const file = join(contentDir, name);
      const decoded = readPostFileText(file);
      return decoded.text === undefined
        ? undecodable(file, decoded.problem)
        : readPostSource(file, decoded.text, environment);
    }),
  );
}

/**
 * readPostFiles, through the frontmatter readings that content sync keeps in `cacheDir` (Astro's cache folder):
 * parsing YAML is most of the cost of reading posts (docs/performance.md), the schema little.
 */
export async function readPostFilesCached(contentDir: string, cacheDir: string): Promise<PostSource[]> {
  const cache = openFrontmatterReadings(cacheDir);
  const environment = environmentFor(contentDir);
  const posts = await Promise.all(
    listPostFiles(contentDir).map((name) => {
      const file = join(contentDir, name);
      const bytes = readFileSync(file);
      const decoded = decodePostFile(bytes);
      if (decoded.text === undefined) return undecodable(file, decoded.problem);
      const { body } = splitPostFile(decoded.text);
      // A refused frontmatter has no data: the collection has stopped the build on it.
      const { raw } = cache.get(readingKey(file, bytes), () => readFrontmatter(file, bytes));
      return toPostSource(file, raw, body, environment);
    }),
  );
  cache.save();
  return posts;
}
