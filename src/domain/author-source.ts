/**
 * An author file (src/content/authors/<id>.yaml) as both the authors collection and the tools outside Astro
 * read it: strict UTF-8, YAML without anchors, aliases, merge keys or tags (the post reader's parser,
 * src/domain/post-source.ts), a mapping of fields, named by a slug-shaped id. The collection then applies the
 * author schema through Astro (with its image pipeline); the tools apply the same schema here, with file
 * look-ups in its place. Pure: the caller reads the files and says which exist.
 */
import { z } from "zod";
import { decodePostFile } from "#src/domain/frontmatter.ts";
import { parseFrontmatterYaml } from "#src/domain/post-source.ts";
import { AUTHOR_ID_PATTERN, type AuthorData, createAuthorSchema } from "#src/schemas/author.ts";
import { type CoverImageMetadata, describeValue } from "#src/schemas/post.ts";

/** A problem in an author file: its line (1-based), the field, and what to do. */
export interface AuthorFileProblem {
  line: number;
  field: string;
  message: string;
}

export interface AuthorFileReading {
  /** The file's path, relative to the working directory (src/content/authors/ada-lovelace.yaml). */
  file: string;
  /** The file's name without `.yaml` / `.yml`: the id posts name. */
  id: string;
  /** The fields as written, or undefined when the file cannot be read as an author. */
  raw: Record<string, unknown> | undefined;
  /** Why the file cannot be read as an author (encoding, YAML, its name): none when `raw` is there. */
  problems: AuthorFileProblem[];
  /** The line of a field, or 1. */
  lineOf(path: readonly PropertyKey[]): number;
}

const AUTHOR_FILE = /\.ya?ml$/i;

/** The id an author file names: its file name without the extension. */
export function authorIdOf(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(AUTHOR_FILE, "");
}

/** Reads an author file's bytes (or text) up to its fields as written. */
export function readAuthorFile(file: string, source: Uint8Array | string): AuthorFileReading {
  const id = authorIdOf(file);
  const none = { file, id, raw: undefined, lineOf: () => 1 };
  if (!AUTHOR_ID_PATTERN.test(id)) {
    return {
      ...none,
      problems: [
        {
          line: 1,
          field: "file",
          message: `expected a file named by the author's id (lowercase letters, digits and single hyphens, such as ada-lovelace.yaml), found ${describeValue(id)}: rename the file`,
        },
      ],
    };
  }
  const decoded = typeof source === "string" ? { text: source } : decodePostFile(source);
  if (decoded.text === undefined)
    return { ...none, problems: [{ line: 1, field: "encoding", message: decoded.problem }] };
  const yaml = parseFrontmatterYaml(decoded.text);
  if (!yaml.raw) {
    return {
      ...none,
      problems: yaml.errors.map((error) => ({
        line: error.line,
        field: "file",
        message: error.refused ? error.message : `malformed YAML: ${error.message}`,
      })),
    };
  }
  if (typeof yaml.raw !== "object" || Array.isArray(yaml.raw)) {
    return {
      ...none,
      problems: [
        { line: 1, field: "file", message: `expected the fields name and bio, found ${describeValue(yaml.raw)}` },
      ],
    };
  }
  return { file, id, raw: yaml.raw, problems: [], lineOf: yaml.lineOf };
}

export interface AuthorSourceEnvironment {
  /** The authors folder, relative to the working directory. */
  authorsDir: string;
  /** Whether a file exists, given a path relative to the working directory. */
  fileExists(path: string): boolean;
  /** Why a file may not be used (src/schemas/author.ts); without it, links are not looked at. */
  refuseFile?: ((path: string, written: string) => string | undefined) | undefined;
}

export interface AuthorSource {
  file: string;
  id: string;
  /** The author after the schema, or undefined when the file fails it (or cannot be read). */
  data: AuthorData | undefined;
  /** Every problem of the file, with its line and field. */
  problems: AuthorFileProblem[];
}

/** An author file read and checked by the author schema, as the tools read it. */
export async function toAuthorSource(reading: AuthorFileReading, env: AuthorSourceEnvironment): Promise<AuthorSource> {
  const { file, id, raw } = reading;
  if (!raw) return { file, id, data: undefined, problems: reading.problems };
  const schema = createAuthorSchema({
    authorsDir: env.authorsDir,
    fileExists: env.fileExists,
    refuseFile: env.refuseFile,
    // Astro's image() reads the file; here it is enough that it exists (the schema has kept it inside the folders).
    image: () =>
      z.string().transform((value, ctx) => {
        const path = `${env.authorsDir}/${value.replace(/^\.\//, "")}`;
        if (!env.fileExists(path)) {
          ctx.addIssue({ code: "custom", message: `expected an image file at ${path}, found no such file` });
          return z.NEVER;
        }
        return { src: value, width: 0, height: 0, format: "png" } satisfies CoverImageMetadata;
      }),
  });
  const result = await schema.safeParseAsync(raw);
  if (result.success) return { file, id, data: result.data, problems: [] };
  return {
    file,
    id,
    data: undefined,
    problems: result.error.issues.map((issue) => ({
      line: reading.lineOf(issue.path),
      field: issue.path.map(String).join(".") || "file",
      message: issue.message,
    })),
  };
}
