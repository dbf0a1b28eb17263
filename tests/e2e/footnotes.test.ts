/**
 * Footnote popovers and alerts in a real browser (tests/fixtures/markdown-features/footnotes.md, alerts.md,
 * alerts.mdx): a footnote reference shows its note on keyboard focus and on hover and hides it when the
 * focus or the pointer leaves, with no script; the copies stay out of print and search; a Markdown alert and
 * the <Callout> component are the same markup and look the same; axe finds nothing. Screenshots of an open
 * popover and of the alerts are saved to test-results/screenshots/ for review.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "#scripts/lib/temp-site.ts";
import { browserForFile } from "#tests/support/browser.ts";

const siteUrl = inject("siteUrl");
const distDir = inject("distDir");
const POSTS = {
  footnotes: "/blog/footnote-popovers/",
  alerts: "/blog/markdown-alerts/",
  alertsMdx: "/blog/markdown-alerts-mdx/",
};
const SCREENSHOTS = join(repoRoot, "test-results/screenshots");
const SCHEMES = ["light", "dark"] as const;
const WIDTHS = [390, 1366] as const;
/** WCAG 2.2 AA and best practices, as tests/e2e/design.test.ts runs axe. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const session = browserForFile(siteUrl);
beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

/** The page at `path` at a width and colour scheme, its fonts loaded. */
async function openPage(
  path: string,
  { width = 1366, colorScheme = "light" }: { width?: number; colorScheme?: "light" | "dark" } = {},
) {
  const opened = await session.openPage(path, { viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme });
  await opened.page.evaluate(() => document.fonts.ready);
  return opened;
}

const references = (page: Page) => page.locator(".prose p a[data-footnote-ref]");
/** The popover a reference names as its description. */
async function popoverOf(page: Page, reference: Locator): Promise<Locator> {
  const id = await reference.getAttribute("aria-describedby");
  expect(id).toMatch(/^footnote-popover-/);
  return page.locator(`[id="${id}"]`);
}
/** The text of the note a reference links to, without its back links. */
async function noteTextOf(page: Page, reference: Locator): Promise<string> {
  const href = (await reference.getAttribute("href")) ?? "";
  const text = await page.locator(`[id="${decodeURIComponent(href.slice(1))}"]`).textContent();
  return (text ?? "").replace(/↩\d*/g, "").replace(/\s+/g, " ").trim();
}
const normalised = async (locator: Locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

/** Presses Tab until the focus is on the nth footnote reference in the text (0-based). */
async function tabToReference(page: Page, index: number): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(() => {
      const active = document.activeElement;
      return active?.matches(".prose p a[data-footnote-ref]")
        ? [...document.querySelectorAll(".prose p a[data-footnote-ref]")].indexOf(active)
        : -1;
    });
    if (at === index) return;
  }
  throw new Error(`Tab never reached footnote reference ${index}`);
}

describe("footnote popovers", () => {
  it("shows the note on keyboard focus, beside the reference and on the screen, and hides it when focus moves", async () => {
    for (const width of WIDTHS) {
      const { page, context } = await openPage(POSTS.footnotes, { width });
      const first = references(page).nth(0);
      const popover = await popoverOf(page, first);
      expect(await popover.isVisible()).toBe(false);

      await tabToReference(page, 0);
      await expect.poll(() => popover.isVisible()).toBe(true);
      expect(await normalised(popover)).toBe(await noteTextOf(page, first));
      expect(await popover.locator("code").textContent()).toBe("enable.idempotence=true");
      // Under the reference's line, inside the screen, readable.
      const [box, anchor] = [await popover.boundingBox(), await first.boundingBox()];
      if (!box || !anchor) throw new Error("no boxes");
      expect(box.y, `${width}px: below the reference`).toBeGreaterThan(anchor.y + anchor.height - 1);
      expect(box.y - (anchor.y + anchor.height), `${width}px: near the reference`).toBeLessThan(40);
      expect(box.x, `${width}px`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${width}px`).toBeLessThanOrEqual(width);
      expect(box.width, `${width}px`).toBeGreaterThan(200);
      const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((n) => n.target)}`)).toEqual([]);

      // The next Tab goes to the next reference, not into the note: its link is no tab stop.
      await tabToReference(page, 1);
      const second = await popoverOf(page, references(page).nth(1));
      await expect.poll(() => popover.isVisible()).toBe(false);
      await expect.poll(() => second.isVisible()).toBe(true);
      // Focus leaving the reference altogether hides it too.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await expect.poll(() => second.isVisible()).toBe(false);
      await context.close();
    }
  });

  it("shows the note on hover, keeps it while the pointer moves onto it, and hides it when the pointer leaves", async () => {
    const { page, context } = await openPage(POSTS.footnotes);
    const reference = references(page).nth(2);
    const popover = await popoverOf(page, reference);
    await reference.hover();
    await expect.poll(() => popover.isVisible()).toBe(true);
    expect(await normalised(popover)).toBe(await noteTextOf(page, reference));
    const box = await popover.boundingBox();
    if (!box) throw new Error("no box");
    await page.mouse.move(box.x + 20, box.y + box.height / 2, { steps: 4 });
    await page.waitForTimeout(400);
    expect(await popover.isVisible()).toBe(true);
    await page.mouse.move(5, 5);
    await expect.poll(() => popover.isVisible()).toBe(false);
    // A click on the reference still goes to the numbered note.
    await reference.click();
    await expect.poll(() => page.url()).toMatch(/#user-content-fn-sink$/);
    await context.close();
  });

  it("keeps the copies out of the accessibility tree until shown, out of print and out of the search index", async () => {
    const { page, context } = await openPage(POSTS.footnotes);
    const count = await references(page).count();
    expect(count).toBe(5);
    expect(await page.locator(".footnote-popover:not([hidden])").count()).toBe(0);
    expect(await page.locator(".footnote-popover:not([data-pagefind-ignore])").count()).toBe(0);
    const snapshot = await page.locator(".prose").ariaSnapshot();
    expect(snapshot.match(/Spark’s file sink|Spark's file sink/g)).toHaveLength(1);
    // The note's text is the reference's description.
    const sink = references(page).nth(2);
    await expect
      .poll(() => sink.evaluate((element) => element.getAttribute("aria-describedby")))
      .toBe("footnote-popover-user-content-fnref-sink");

    await tabToReference(page, 0);
    await page.emulateMedia({ media: "print" });
    expect(await (await popoverOf(page, references(page).nth(0))).isVisible()).toBe(false);
    expect(await page.locator("[data-footnotes] li").count()).toBe(4);
    expect(await page.locator("[data-footnotes]").isVisible()).toBe(true);
    await context.close();

    // Pagefind's fragments are gzipped JSON, one per indexed page: the note's text is in the post's once.
    const fragment = readdirSync(join(distDir, "pagefind/fragment"))
      .map((name) => gunzipSync(readFileSync(join(distDir, "pagefind/fragment", name))).toString("utf8"))
      .find((text) => text.includes(POSTS.footnotes));
    expect(fragment, "the post's search fragment").toBeDefined();
    expect(fragment?.match(/file sink keeps a log/g)).toHaveLength(1);
  });

  it("saves screenshots of an open popover at 390 and 1366 px, light and dark", async () => {
    for (const colorScheme of SCHEMES) {
      for (const width of WIDTHS) {
        const { page, context } = await openPage(POSTS.footnotes, { width, colorScheme });
        await tabToReference(page, 0);
        const popover = await popoverOf(page, references(page).nth(0));
        await expect.poll(() => popover.isVisible()).toBe(true);
        await page.waitForTimeout(200);
        const paragraph = await page.locator(".prose p").first().boundingBox();
        const box = await popover.boundingBox();
        if (!paragraph || !box) throw new Error("no boxes");
        const top = Math.max(0, paragraph.y - 24);
        await page.screenshot({
          path: join(SCREENSHOTS, `footnote-popover-${width}-${colorScheme}.png`),
          clip: {
            x: 0,
            y: top,
            width,
            height: Math.max(paragraph.y + paragraph.height, box.y + box.height) + 48 - top,
          },
        });
        await context.close();
      }
    }
  });
});

describe("alerts", () => {
  /** Tag, classes, role and title of a callout and its parts: what the component and an alert share. */
  const skeleton = (callout: Locator) =>
    callout.evaluate((root) => {
      const describe = (element: Element | null | undefined) =>
        element ? `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}` : "missing";
      const [title, body] = [...root.children];
      return [
        `${describe(root)}[role=${root.getAttribute("role")}]`,
        `${[...root.children].length} parts`,
        describe(title),
        describe(title?.firstElementChild),
        title?.textContent ?? "",
        describe(body),
        body?.textContent?.trim() ?? "",
      ];
    });

  it("renders each alert in the MDX post as the <Callout> of its type renders: the same markup and look", async () => {
    const { page, context } = await openPage(POSTS.alertsMdx);
    const callouts = page.locator(".prose .callout");
    expect(await callouts.count()).toBe(10);
    for (let pair = 0; pair < 5; pair++) {
      const [alert, component] = [callouts.nth(pair * 2), callouts.nth(pair * 2 + 1)];
      expect(await skeleton(alert)).toEqual(await skeleton(component));
      const look = (callout: Locator) =>
        callout.evaluate((element) => {
          const style = getComputedStyle(element);
          const title = getComputedStyle(element.firstElementChild as Element);
          return [style.borderLeftColor, style.backgroundColor, style.padding, title.color, title.fontWeight];
        });
      expect(await look(alert)).toEqual(await look(component));
    }
    expect(await page.locator(".prose blockquote").count()).toBe(1);
    await context.close();
  });

  it("gives each type its own colour, and the Markdown post its five alerts and three blockquotes", async () => {
    const { page, context } = await openPage(POSTS.alerts);
    const titles = page.locator(".prose .callout .callout__title");
    expect(await titles.allTextContents()).toEqual(["Note", "Tip", "Important", "Warning", "Caution"]);
    const colours = await titles.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).color));
    expect(new Set(colours).size).toBe(5);
    expect(await page.locator(".prose blockquote").count()).toBe(3);
    await context.close();
  });

  it("saves screenshots of the alerts at 390 and 1366 px, light and dark", async () => {
    for (const colorScheme of SCHEMES) {
      for (const width of WIDTHS) {
        const { page, context } = await openPage(POSTS.alerts, { width, colorScheme });
        await page.locator(".post__body").screenshot({ path: join(SCREENSHOTS, `alerts-${width}-${colorScheme}.png`) });
        await context.close();
      }
    }
  });
});

describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  for (const [width, colorScheme] of [
    [1366, "light"],
    [390, "dark"],
  ] as const) {
    it(`finds no violations on the fixture posts at ${width} px (${colorScheme})`, async () => {
      const violations: string[] = [];
      for (const path of Object.values(POSTS)) {
        const { page, context } = await openPage(path, { width, colorScheme });
        const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        for (const violation of result.violations) {
          violations.push(
            `${path}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
          );
        }
        await context.close();
      }
      expect(violations).toEqual([]);
    });
  }
});
