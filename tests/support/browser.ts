/** Debian's Chromium driven by playwright-core. */
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "#scripts/lib/chromium.ts";

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (npm test does as root).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

/** Notes, as `<label>: <message>`, every console error, page error and Content-Security-Policy report of a page. */
export function reportPageProblems(page: Page, label: string, problems: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text()))
      problems.push(`${label}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${label}: ${error.message}`));
}

/**
 * A browser for one test file: launched before its tests, closed after them, and the file fails if any page it
 * opened logged a console error, threw, or broke the Content-Security-Policy.
 */
export function browserForFile(siteUrl: string) {
  let browser: Browser | undefined;
  const problems: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    expect(problems, "console errors and CSP violations").toEqual([]);
  });
  const launched = () => {
    if (!browser) throw new Error("The browser is opened in beforeAll: use it inside a test");
    return browser;
  };
  return {
    get browser(): Browser {
      return launched();
    },
    /** A new context (1280×900 unless `options` say otherwise) with the page at `path` open in it, watched. */
    async openPage(
      path: string,
      options: BrowserContextOptions = {},
    ): Promise<{ page: Page; context: BrowserContext }> {
      const context = await launched().newContext({ viewport: { width: 1280, height: 900 }, ...options });
      const page = await context.newPage();
      reportPageProblems(page, path, problems);
      await page.goto(`${siteUrl}${path}`);
      return { page, context };
    },
  };
}
