/**
 * The Pagefind search index of a built site (dist/pagefind/). Only elements marked
 * `data-pagefind-body` (post articles) are indexed; drafts are never built, so never
 * indexed. `npm run build` runs it after `astro build` (scripts/build-search-index.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as pagefind from "pagefind";

/** Indexes the post pages under `distDir` and returns how many pages Pagefind read. */
export async function buildSearchIndex(distDir: string): Promise<number> {
  if (!existsSync(join(distDir, "index.html")))
    throw new Error(`${distDir} holds no built site: run astro build first`);
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  try {
    // Only post pages carry data-pagefind-body; reading the list pages too would only cost time.
    const added = await index.addDirectory({ path: distDir, glob: "blog/*/index.html" });
    if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: join(distDir, "pagefind") });
    if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
