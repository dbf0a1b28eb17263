/**
 * The taxonomy file, src/content/taxonomy.yaml (optional): display names and descriptions of tags and
 * categories (src/domain/taxonomy-file.ts reads it, src/schemas/taxonomy.ts says its shape). Imported through
 * Vite so the dev server reloads when it changes. A file with a problem stops the build, naming its line and field.
 */
import { EMPTY_TAXONOMY, readTaxonomyFile, taxonomyProblemsMessage } from "#src/domain/taxonomy-file.ts";
import type { Taxonomy } from "#src/schemas/taxonomy.ts";

// Vite takes only a literal pattern: this is taxonomyFileFor(BLOG_CONTENT_DIR). No file, no match.
const files = import.meta.glob<string>("/src/content/taxonomy.yaml", { query: "?raw", import: "default", eager: true });

let taxonomy: Taxonomy | undefined;

/** The tags' and categories' names and descriptions, by slug; empty without the file. */
export function getTaxonomy(): Taxonomy {
  if (taxonomy) return taxonomy;
  const [path, text] = Object.entries(files)[0] ?? [];
  if (path === undefined || text === undefined) {
    taxonomy = EMPTY_TAXONOMY;
    return taxonomy;
  }
  const reading = readTaxonomyFile(text);
  if (!reading.taxonomy) throw new Error(taxonomyProblemsMessage(path.replace(/^\//, ""), reading.problems));
  taxonomy = reading.taxonomy;
  return taxonomy;
}
