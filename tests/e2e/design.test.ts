/**
 * The design, checked in a real browser against the built site: every page type at phone to wide
 * desktop widths in both themes. Screenshots of each (and a print render of a post) are saved to
 * test-results/screenshots/ for review.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "#scripts/lib/temp-site.ts";
import { launchBrowser } from "#tests/support/browser.ts";

const siteUrl = inject("siteUrl");
const SEED = "/blog/building-real-time-data-pipelines/";
const SCREENSHOTS = join(repoRoot, "test-results/screenshots");

/** Every kind of page a reader can land on. */
const PAGE_TYPES: Record<string, string> = {
  home: "/",
  "blog index": "/blog/",
  post: SEED,
  "mdx post": "/blog/exactly-once-kafka-to-spark/",
  tags: "/tags/",
  tag: "/tags/apache-kafka/",
  categories: "/categories/",
  category: "/categories/data-engineering/",
  archive: "/archive/",
  search: "/search/?q=kafka",
  "404": "/no-such-page/",
  feeds: "/feeds/",
  "math post": "/blog/math/",
  "diagrams post": "/blog/diagrams/",
};
const WIDTHS = [320, 390, 768, 1366, 1920];
const SCHEMES = ["light", "dark"] as const;
type Scheme = (typeof SCHEMES)[number];

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

async function newPage(width: number, colorScheme: Scheme): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme });
  return { page: await context.newPage(), context };
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${siteUrl}${path}`);
  await page.evaluate(() => document.fonts.ready);
  if (path.startsWith("/search/")) await page.locator(".search-page__results .search-result").first().waitFor();
}

describe("layout at every width", () => {
  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      it(`no page type overflows sideways at ${width} px (${scheme})`, async () => {
        const { page, context } = await newPage(width, scheme);
        const overflowing: string[] = [];
        for (const [type, path] of Object.entries(PAGE_TYPES)) {
          await visit(page, path);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) overflowing.push(`${type}: ${scrollWidth} px wide`);
        }
        expect(overflowing).toEqual([]);
        await context.close();
      });
    }
  }

  for (const width of [320, 390]) {
    it(`keeps the header at most 96 px tall at ${width} px, with search, theme and menu as named buttons`, async () => {
      const { page, context } = await newPage(width, "light");
      for (const path of ["/", SEED, "/tags/apache-kafka/"]) {
        await visit(page, path);
        const height = await page.locator(".site-header").evaluate((header) => header.getBoundingClientRect().height);
        expect(height, path).toBeLessThanOrEqual(96);
        await expect.poll(() => page.getByRole("link", { name: "Search" }).isVisible()).toBe(true);
        expect(await page.getByRole("button", { name: "Dark theme" }).isVisible()).toBe(true);
        expect(await page.locator(".nav-menu summary").isVisible()).toBe(true);
      }
      await context.close();
    });
  }

  it("opens the phone menu without JavaScript", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${siteUrl}/`);
    const archive = page.locator(".nav-menu__panel").getByRole("link", { name: "Archive" });
    expect(await archive.isVisible()).toBe(false);
    await page.locator(".nav-menu summary").click();
    expect(await archive.isVisible()).toBe(true);
    await context.close();
  });

  it("shows the seed post's first paragraph on the first screen of a 390×844 phone", async () => {
    const { page, context } = await newPage(390, "light");
    await visit(page, SEED);
    const top = await page
      .locator(".post__body > p")
      .first()
      .evaluate((p) => p.getBoundingClientRect().top);
    // At least two lines of it, not just its top edge.
    expect(top).toBeLessThan(844 - 60);
    expect(await page.locator(".toc").evaluate((toc) => (toc as HTMLDetailsElement).open)).toBe(false);
    await context.close();
  });

  for (const width of [1366, 1920]) {
    it(`centres the reading column at ${width} px, with the contents rail level with the title`, async () => {
      const { page, context } = await newPage(width, "light");
      await visit(page, SEED);
      const body = await page.locator(".post__body").boundingBox();
      const title = await page.locator(".post__header h1").boundingBox();
      const rail = await page.locator(".toc").boundingBox();
      if (!body || !title || !rail) throw new Error("post parts are missing");
      expect(Math.abs(body.x + body.width / 2 - width / 2)).toBeLessThan(24);
      expect(rail.x).toBeGreaterThan(body.x + body.width);
      expect(Math.abs(rail.y - title.y)).toBeLessThan(48);
      expect(rail.x + rail.width).toBeLessThanOrEqual(width);
      await context.close();
    });
  }
});

describe("type", () => {
  it("sets code at least 0.85× the body text, on a surface distinct from the page in both themes", async () => {
    for (const scheme of SCHEMES) {
      const { page, context } = await newPage(1366, scheme);
      await visit(page, SEED);
      const { body, code, pageBg, codeBg, family } = await page.evaluate(() => {
        const size = (selector: string) =>
          Number.parseFloat(getComputedStyle(document.querySelector(selector) as Element).fontSize);
        return {
          body: size(".post__body > p"),
          code: size(".post__body pre code"),
          pageBg: getComputedStyle(document.body).backgroundColor,
          codeBg: getComputedStyle(document.querySelector(".post__body pre") as Element).backgroundColor,
          family: getComputedStyle(document.body).fontFamily,
        };
      });
      expect(code / body, scheme).toBeGreaterThanOrEqual(0.85);
      expect(codeBg, scheme).not.toBe(pageBg);
      expect(family).toMatch(/^"?Inter/);
      await context.close();
    }
  });

  it("renders the text in the self-hosted Inter, loaded before the first paint of text", async () => {
    const { page, context } = await newPage(1366, "light");
    await visit(page, SEED);
    expect(await page.evaluate(() => document.fonts.check('16px "Inter"'))).toBe(true);
    const fonts = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .filter((name) => /\.woff2?$/.test(name)),
    );
    expect(fonts).toHaveLength(1);
    await context.close();
  });
});

describe("theme toggle", () => {
  for (const scheme of SCHEMES) {
    it(`changes the theme visibly on the first click (${scheme} system)`, async () => {
      const { page, context } = await newPage(1366, scheme);
      await visit(page, SEED);
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const before = await background();
      const toggle = page.getByRole("button", { name: "Dark theme" });
      expect(await toggle.getAttribute("aria-pressed")).toBe(String(scheme === "dark"));
      await toggle.click();
      expect(await background()).not.toBe(before);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(
        scheme === "dark" ? "light" : "dark",
      );
      expect(await toggle.getAttribute("aria-pressed")).toBe(String(scheme !== "dark"));
      await context.close();
    });
  }
});

describe("accessibility (axe-core, WCAG 2.2 AA with target-size)", () => {
  for (const [width, scheme] of [
    [1366, "light"],
    [1366, "dark"],
    [390, "light"],
    [390, "dark"],
  ] as const) {
    it(`finds no violations on any page type at ${width} px (${scheme})`, async () => {
      const { page, context } = await newPage(width, scheme);
      const violations: string[] = [];
      for (const [type, path] of Object.entries(PAGE_TYPES)) {
        await visit(page, path);
        const result = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
          .analyze();
        const ran = [...result.passes, ...result.incomplete, ...result.inapplicable, ...result.violations];
        expect(
          ran.some((rule) => rule.id === "target-size"),
          "axe ran its target-size rule",
        ).toBe(true);
        for (const violation of result.violations) {
          violations.push(
            `${type}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
          );
        }
      }
      expect(violations).toEqual([]);
      await context.close();
    });
  }
});

describe("screenshots", () => {
  it("saves every page type at 390 and 1366 px, light and dark, and a print render of a post", async () => {
    for (const scheme of SCHEMES) {
      for (const width of [390, 1366]) {
        const { page, context } = await newPage(width, scheme);
        for (const [type, path] of Object.entries(PAGE_TYPES)) {
          await visit(page, path);
          // A full-page capture never scrolls lazy images into view: load them all first.
          await page.evaluate(async () => {
            for (const image of document.images) image.loading = "eager";
            await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
          });
          const file = `${type.replace(/\s+/g, "-")}-${width}-${scheme}.png`;
          await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
        }
        await context.close();
      }
    }
    const { page, context } = await newPage(1366, "light");
    await visit(page, SEED);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.locator(".toc").isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, "post-print.png"), fullPage: true });
    await page.pdf({ path: join(SCREENSHOTS, "post-print.pdf"), format: "A4" });
    await context.close();
  });
});
