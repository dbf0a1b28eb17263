/**
 * The Pagefind search index of a built site (dist/pagefind/). Only elements marked
 * `data-pagefind-body` (post articles) are indexed; drafts are never built, so never
 * indexed. `npm run build` runs it after `astro build` (scripts/build.ts).
 *
 * The index is kept in a cache keyed by the post pages' bytes: when no post page
 * changed, the last index is linked in instead of asking Pagefind again (most of a large
 * build that changed nothing: docs/performance.md). Cache and output share the files (hard links).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as pagefind from "pagefind";
import { linkTree } from "#build/output/link-files.ts";

/** The pages Pagefind reads: post pages carry data-pagefind-body; reading the list pages too would only cost time. */
const POST_PAGES = "blog/*/index.html";
// Its exports hide package.json from require(); a new Pagefind writes a new index.
const PAGEFIND_VERSION: string = JSON.parse(
  readFileSync(new URL("../../node_modules/pagefind/package.json", import.meta.url), "utf8"),
).version;

/** A hash of every post page of the built site (and of how they are indexed). */
export function postPagesKey(distDir: string): string {
  const hash = createHash("sha256").update(`pagefind ${PAGEFIND_VERSION} ${POST_PAGES} en\n`);
  const blogDir = join(distDir, "blog");
  const pages = existsSync(blogDir) ? readdirSync(blogDir).sort() : [];
  for (const page of pages) {
    const file = join(blogDir, page, "index.html");
    if (!existsSync(file)) continue;
    hash.update(`${page}\n`).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 32);
}

export interface SearchIndexResult {
  /** Pages Pagefind read (posts and blog list pages), or undefined when the cached index was reused. */
  pages: number | undefined;
  reused: boolean;
}

/** Writes dist/pagefind/ from the post pages under `distDir`, reusing `cacheDir` when they have not changed. */
export async function buildSearchIndex(distDir: string, cacheDir: string): Promise<SearchIndexResult> {
  if (!existsSync(join(distDir, "index.html")))
    throw new Error(`${distDir} holds no built site: run astro build first`);
  const outputDir = join(distDir, "pagefind");
  // An index left in dist/ would keep fragments of pages that are gone.
  rmSync(outputDir, { recursive: true, force: true });
  const cached = join(cacheDir, postPagesKey(distDir));
  if (existsSync(cached)) {
    linkTree(cached, outputDir);
    return { pages: undefined, reused: true };
  }
  const pages = await runPagefind(distDir, outputDir);
  // One index is kept: the last one.
  rmSync(cacheDir, { recursive: true, force: true });
  linkTree(outputDir, cached);
  return { pages, reused: false };
}

async function runPagefind(distDir: string, outputDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  try {
    const added = await index.addDirectory({ path: distDir, glob: POST_PAGES });
    if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: outputDir });
    if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
