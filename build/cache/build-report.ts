/**
 * What the last build did, as numbers (<cacheDir>/build-report.json): how many posts were rendered at
 * content sync, MDX files compiled, Open Graph images drawn. Tests and the benchmark read these counters
 * rather than the wording of log lines. Each step overwrites its own figures every build.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface BuildReport {
  /** Posts the content layer read again (new or changed files; every post after a pipeline change); .md posts are rendered then. */
  postsReadAtSync?: number;
  /** Plain-Markdown MDX posts rendered to HTML at content sync (build/content/posts-loader.ts). */
  postsRenderedAtSync?: number;
  /** MDX files compiled, and taken from the compile cache (build/integrations/mdx-compile-cache.ts). */
  mdxCompiled?: number;
  mdxFromCache?: number;
  /** Open Graph images drawn, and taken from their cache (build/integrations/og-images.ts). */
  ogImagesDrawn?: number;
  ogImagesFromCache?: number;
  /** Pages Pagefind indexed; 0 when no post page changed and the last index was reused (scripts/build.ts). */
  searchPagesIndexed?: number;
}

export const BUILD_REPORT_FILE = "build-report.json";

export function readBuildReport(cacheDir: string): BuildReport {
  try {
    return JSON.parse(readFileSync(join(cacheDir, BUILD_REPORT_FILE), "utf8")) as BuildReport;
  } catch {
    return {};
  }
}

export function recordBuildFigures(cacheDir: string, figures: BuildReport): void {
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, BUILD_REPORT_FILE), JSON.stringify({ ...readBuildReport(cacheDir), ...figures }));
}
