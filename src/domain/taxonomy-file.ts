/**
 * The optional taxonomy file, `taxonomy.yaml` beside the posts' folder (src/content/taxonomy.yaml): a display
 * name and a description for tags and categories, by slug (src/schemas/taxonomy.ts has its shape). Read the
 * way frontmatter is (one YAML reading: src/domain/post-source.ts, with anchors, aliases, merge keys and tags
 * refused) and checked by its schema; each problem names its line and field. The site (src/data/taxonomy.ts)
 * and `npm run check` (src/domain/content-check.ts) both read it here. Pure: the caller reads the file.
 */
import { parseFrontmatterYaml } from "#src/domain/post-source.ts";
import { type Taxonomy, taxonomySchema } from "#src/schemas/taxonomy.ts";

export const TAXONOMY_FILE_NAME = "taxonomy.yaml";

/** The taxonomy file that goes with a posts folder: beside it (src/content/blog → src/content/taxonomy.yaml). */
export function taxonomyFileFor(contentDir: string): string {
  const folder = contentDir.replace(/[\\/]+$/, "");
  const slash = Math.max(folder.lastIndexOf("/"), folder.lastIndexOf("\\"));
  return slash < 0 ? TAXONOMY_FILE_NAME : `${folder.slice(0, slash)}/${TAXONOMY_FILE_NAME}`;
}

export interface TaxonomyProblem {
  /** Line in the file (1-based). */
  line: number;
  /** The field's path, such as `tags.apache-kafka.description`. */
  field: string;
  message: string;
}

export interface TaxonomyReading {
  /** The file's terms, or undefined when it has problems. */
  taxonomy: Taxonomy | undefined;
  problems: TaxonomyProblem[];
  /** Which sections the file writes: `npm run check` asks for entries only in those. */
  sections: { tags: boolean; categories: boolean };
  /** The line (1-based) of a field, or of its nearest parent. */
  lineOf(path: readonly PropertyKey[]): number;
}

/** No file: no names, no descriptions. */
export const EMPTY_TAXONOMY: Taxonomy = { tags: {}, categories: {} };

export function readTaxonomyFile(text: string): TaxonomyReading {
  const yaml = parseFrontmatterYaml(text.replace(/^\uFEFF/, ""));
  const none = { tags: false, categories: false };
  if (!yaml.raw) {
    const problems = yaml.errors.map(({ line, message, refused }) => ({
      line,
      field: "taxonomy",
      message: refused ? message : `malformed YAML: ${message}`,
    }));
    return { taxonomy: undefined, problems, sections: none, lineOf: yaml.lineOf };
  }
  const raw = yaml.raw;
  const sections = { tags: raw.tags !== undefined, categories: raw.categories !== undefined };
  const parsed = taxonomySchema.safeParse(raw);
  if (parsed.success) return { taxonomy: parsed.data, problems: [], sections, lineOf: yaml.lineOf };
  const problems = parsed.error.issues.map((issue) => ({
    line: yaml.lineOf(issue.path),
    field: issue.path.map(String).join(".") || "taxonomy",
    // A key that fails its schema: zod says "Invalid key in record" and puts the reason inside.
    message: issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message,
  }));
  return { taxonomy: undefined, problems, sections, lineOf: yaml.lineOf };
}

/** `file:line  field  message` lines, as `npm run check` prints problems: what a build that refuses the file says. */
export function taxonomyProblemsMessage(file: string, problems: readonly TaxonomyProblem[]): string {
  return `${file} has ${problems.length === 1 ? "a problem" : `${problems.length} problems`} (fix, then build again):\n${problems
    .map((problem) => `${file}:${problem.line}  ${problem.field}  ${problem.message}`)
    .join("\n")}`;
}
