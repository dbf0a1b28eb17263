/**
 * The pages issue #18 added, in a real browser: an author's page, a series page, a post with its series box
 * and "What changed", and an unlisted post. Built from tests/fixtures/publishing/ (with its authors) in a copy
 * of the site of their own. No axe violation, nothing wider than the screen, and screenshots at 390 and 1366 px,
 * light and dark, saved to test-results/screenshots/ for review.
 */
import { cpSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { startStaticServer } from "#scripts/static-server.ts";
import { AUTHORS_CONTENT_DIR } from "#src/site.config.ts";
import { launchBrowser } from "#tests/support/browser.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/publishing");
const SCREENSHOTS = join(repoRoot, "test-results/screenshots");
const PAGES: Record<string, string> = {
  author: "/authors/ada-lovelace/",
  series: "/series/publishing-pipeline/",
  "series-post": "/blog/series-part-one/",
  "revised-post": "/blog/editorial-revised/",
  "unlisted-post": "/blog/shared-by-link/",
};

describe("publishing pages in a browser", () => {
  const site = createTempSite("blog-publishing-pages-");
  site.addPostsFrom(FIXTURES);
  cpSync(join(FIXTURES, "authors"), join(site.root, AUTHORS_CONTENT_DIR), { recursive: true });
  let browser: Browser;
  let server: Server;
  let origin = "";
  beforeAll(async () => {
    const build = await site.runAsync("build");
    expect(build.status, build.output).toBe(0);
    ({ url: origin, server } = await startStaticServer(site.dist));
    browser = await launchBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    site.remove();
  });

  it("each page has no axe violation and fits the screen, at 390 and 1366 px, light and dark (screenshots saved)", async () => {
    const problems: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      for (const width of [390, 1366]) {
        const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme });
        const page = await context.newPage();
        for (const [name, path] of Object.entries(PAGES)) {
          const response = await page.goto(`${origin}${path}`);
          expect(response?.status(), path).toBe(200);
          await page.evaluate(() => document.fonts.ready);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) problems.push(`${name} at ${width} px (${colorScheme}): ${scrollWidth} px wide`);
          const { violations } = await new AxeBuilder({ page }).analyze();
          for (const violation of violations) problems.push(`${name} at ${width} px (${colorScheme}): ${violation.id}`);
          await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
        }
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
