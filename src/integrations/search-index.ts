/**
 * Builds the Pagefind search index over dist/ after every `astro build`, so a
 * plain build is searchable. Only elements marked `data-pagefind-body` (post
 * articles) are indexed; drafts are never built, so never indexed.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import * as pagefind from "pagefind";

export function searchIndex(): AstroIntegration {
  return {
    name: "search-index",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const started = performance.now();
        const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
        try {
          // Only post pages carry data-pagefind-body; reading the list pages too would only cost time.
          const added = await index.addDirectory({ path: distDir, glob: "blog/*/index.html" });
          if (added.errors.length) throw new Error(`Pagefind indexing failed: ${added.errors.join("; ")}`);
          const written = await index.writeFiles({ outputPath: join(distDir, "pagefind") });
          if (written.errors.length) throw new Error(`Pagefind could not write: ${written.errors.join("; ")}`);
          const seconds = ((performance.now() - started) / 1000).toFixed(2);
          logger.info(`Indexed ${added.page_count} pages for search (${seconds}s)`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
