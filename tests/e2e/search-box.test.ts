/**
 * The header search box as a WAI-ARIA combobox (list autocomplete): arrow keys, Enter and
 * Escape from the input, and a results panel that stays inside the viewport on phones.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "#tests/support/browser.ts";

const siteUrl = inject("siteUrl");
const SEED = "/blog/building-real-time-data-pipelines/";

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A page in a fresh context, with its console errors collected. */
async function openPage(path: string, width: number, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${siteUrl}${path}`);
  return { page, context, problems };
}

/** The box's input, its listbox's options and its panel. */
function parts(page: Page) {
  const input = page.locator("#site-search");
  return {
    input,
    options: page.locator('#site-search-listbox [role="option"]'),
    panel: page.locator(".search-box__panel"),
    focused: () => input.evaluate((element) => element === document.activeElement),
  };
}

describe("header search box on wide screens", () => {
  it("is a combobox: the arrows move the active option (wrapping), Enter opens it", async () => {
    const { page, context, problems } = await openPage("/", 1366);
    const { input, options, focused } = parts(page);
    const hint = page.locator(".search-box__key");
    expect(await hint.isVisible()).toBe(true);
    expect(await input.getAttribute("placeholder")).toBe("Search posts");
    expect(await input.getAttribute("role")).toBe("combobox");
    expect(await input.getAttribute("aria-autocomplete")).toBe("list");
    expect(await input.getAttribute("aria-expanded")).toBe("false");
    const listboxId = await input.getAttribute("aria-controls");
    expect(await page.locator(`#${listboxId}`).getAttribute("role")).toBe("listbox");

    await input.click();
    expect(await hint.isVisible()).toBe(false);
    await input.pressSequentially("kafka");
    await options.first().waitFor();
    expect(await options.count()).toBeGreaterThanOrEqual(2);
    expect(await input.getAttribute("aria-expanded")).toBe("true");
    expect(await input.getAttribute("aria-activedescendant")).toBeNull();
    await expect.poll(() => page.locator(".search-box [role='status']").textContent()).toMatch(/^\d+ posts? found$/);

    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const second = options.nth(1);
    const secondId = await second.getAttribute("id");
    expect(secondId).toBeTruthy();
    await expect.poll(() => input.getAttribute("aria-activedescendant")).toBe(secondId);
    expect(await second.getAttribute("aria-selected")).toBe("true");
    expect(await options.first().getAttribute("aria-selected")).toBe("false");
    expect(await focused()).toBe(true);
    expect(await second.locator(".search-result__title").textContent()).toBeTruthy();
    expect(await second.locator(".search-result__excerpt").textContent()).toBeTruthy();

    // Up from the first option wraps to the last; down from the last wraps to the first.
    const lastId = await options.last().getAttribute("id");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => input.getAttribute("aria-activedescendant")).toBe(lastId);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => input.getAttribute("aria-activedescendant")).toBe(secondId);

    const target = new URL((await second.getAttribute("href")) as string, siteUrl).href;
    await Promise.all([page.waitForURL(target), page.keyboard.press("Enter")]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("closes the results on the first Escape and clears the box on the second; typing reopens them", async () => {
    const { page, context } = await openPage(SEED, 1366);
    const { input, options, panel, focused } = parts(page);
    await input.click();
    await input.pressSequentially("kafka");
    await options.first().waitFor();

    await page.keyboard.press("Escape");
    await expect.poll(() => panel.isHidden()).toBe(true);
    expect(await input.getAttribute("aria-expanded")).toBe("false");
    expect(await input.inputValue()).toBe("kafka");

    await page.keyboard.press("Backspace");
    await expect.poll(() => input.getAttribute("aria-expanded")).toBe("true");
    await options.first().waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => panel.isHidden()).toBe(true);
    expect(await input.inputValue()).toBe("kafk");

    await page.keyboard.press("Escape");
    await expect.poll(() => input.inputValue()).toBe("");
    expect(await focused()).toBe(true);
    await context.close();
  });

  it("submits to the search page on Enter with no active option, and opens a result on a click", async () => {
    const { page, context } = await openPage("/", 1366);
    const { input, options } = parts(page);
    await input.click();
    await input.pressSequentially("kafka");
    await options.first().waitFor();
    expect(
      await page
        .locator(".search-box__panel")
        .getByRole("link", { name: /See all results/ })
        .isVisible(),
    ).toBe(true);
    await Promise.all([page.waitForURL(/\/search\/\?q=kafka$/), page.keyboard.press("Enter")]);

    await page.goto(`${siteUrl}/`);
    await input.click();
    await input.pressSequentially("watermarks");
    await options.first().waitFor();
    const target = new URL((await options.first().getAttribute("href")) as string, siteUrl).href;
    await Promise.all([page.waitForURL(target), options.first().locator(".search-result__title").click()]);
    await context.close();
  });
});

describe("header search box on phones", () => {
  for (const width of [320, 390]) {
    it(`keeps the results panel and every result inside a ${width} px viewport`, async () => {
      const { page, context, problems } = await openPage(SEED, width, 844);
      const { input, options, panel, focused } = parts(page);
      expect(await input.isVisible()).toBe(false);
      await page.locator("[data-search-open]").click();
      await expect.poll(focused).toBe(true);
      expect(await page.locator(".search-box__key").isVisible()).toBe(false);
      await page.keyboard.type("kafka");
      await options.first().waitFor();

      const inputBox = await input.boundingBox();
      const panelBox = await panel.boundingBox();
      if (!inputBox || !panelBox) throw new Error("the input or the panel has no box");
      expect(panelBox.x).toBeGreaterThanOrEqual(0);
      expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(width);
      // Under the search bar, not over the input, and no taller than the screen.
      expect(panelBox.y).toBeGreaterThanOrEqual(inputBox.y + inputBox.height);
      expect(panelBox.y + panelBox.height).toBeLessThanOrEqual(844);
      const titles = panel.locator(".search-result__title");
      expect(await titles.count()).toBe(await options.count());
      for (const title of await titles.all()) {
        const box = await title.boundingBox();
        if (!box) throw new Error("a result title has no box");
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
      // Nothing in the panel scrolls sideways (long words wrap).
      expect(await panel.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
