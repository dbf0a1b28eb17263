import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { startStaticServer } from "#scripts/static-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteRoot: string;
    distDir: string;
    /** Origin of a static server for distDir, e.g. http://127.0.0.1:41234 */
    siteUrl: string;
  }
}

/** Page size used by the shared test build, small so that pagination is exercised. */
export const TEST_PAGE_SIZE = 2;
/** URLs per sitemap file in the shared test build, small so that the sitemap splits. */
export const TEST_SITEMAP_LIMIT = 10;

export default async function setup(project: TestProject) {
  const site = createTempSite("blog-build-");
  site.addPostsFrom(join(repoRoot, "tests/fixtures/real-posts"));
  site.addPostsFrom(join(repoRoot, "tests/fixtures/build-posts"));
  site.addPostsFrom(join(repoRoot, "tests/fixtures/markdown-features"));
  const { status, output } = site.run("build", {
    SITE_PAGE_SIZE: String(TEST_PAGE_SIZE),
    SITE_SITEMAP_LIMIT: String(TEST_SITEMAP_LIMIT),
  });
  if (status !== 0) {
    site.remove();
    throw new Error(`The test build failed:\n${output}`);
  }
  const { url, server } = await startStaticServer(site.dist);
  project.provide("siteRoot", site.root);
  project.provide("distDir", site.dist);
  project.provide("siteUrl", url);
  return () => {
    server.close();
    if (!process.env.KEEP_TEST_BUILD) site.remove();
  };
}
