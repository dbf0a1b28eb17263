/**
 * `npm run build [-- flags for astro build]`: `astro build` (under the hang watchdog), then the Pagefind search index
 * of dist/ once Astro's process has exited. Pagefind's memory grows with the posts while it
 * works; in the build's own process it came on top of that process's memory (docs/performance.md).
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { recordBuildFigures } from "#build/cache/build-report.ts";
import { buildSearchIndex } from "#build/search/search-index.ts";
import { runWatched } from "#build/watchdog/hang-watchdog.ts";

const astroBin = fileURLToPath(new URL("../node_modules/astro/bin/astro.mjs", import.meta.url));
// One "now" for the whole build: Astro and every process it starts agree on which posts are due (src/domain/post-visibility.ts).
process.env.BLOG_BUILD_TIME ||= new Date().toISOString();
// Watched: a post whose MDX never finishes rendering is named within a minute (build/watchdog/).
const astroStatus = await runWatched([astroBin, "build", ...process.argv.slice(2)]);
if (astroStatus !== 0) process.exit(astroStatus);

// Astro's cache folder (astro.config.mjs takes ASTRO_CACHE_DIR, else Astro's default).
const astroCacheDir = resolve(process.env.ASTRO_CACHE_DIR ?? "node_modules/.astro");
const cacheDir = resolve(astroCacheDir, "search-index");
const started = performance.now();
console.log("[search-index] Indexing the post pages for search…");
try {
  const { pages, reused } = await buildSearchIndex(resolve("dist"), cacheDir);
  recordBuildFigures(astroCacheDir, { searchPagesIndexed: pages ?? 0 });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    reused
      ? `[search-index] No post page changed: search index reused (${seconds}s)`
      : `[search-index] Indexed ${pages} pages for search (${seconds}s)`,
  );
} catch (error) {
  console.error(`[search-index] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
