/**
 * Images open at full size: without JavaScript they link to their full-size file; with it,
 * ImageZoom opens them in a modal dialog that is named, takes focus, and gives it back.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { browserForFile } from "#tests/support/browser.ts";

const siteUrl = inject("siteUrl");
const SEED = "/blog/building-real-time-data-pipelines/";
const MDX_POST = "/blog/exactly-once-kafka-to-spark/";
const MARKDOWN_POST = "/blog/event-time-watermarks/";

const session = browserForFile(siteUrl);
const { openPage } = session;

const isFocused = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => element === document.activeElement);

/** The status and type of a same-site URL (relative to the page). */
async function fetchStatus(page: Page, href: string): Promise<[number, string]> {
  const response = await page.request.get(new URL(href, page.url()).href);
  return [response.status(), response.headers()["content-type"] ?? ""];
}

describe("image zoom", () => {
  it("opens the cover from the keyboard in a named dialog, closes on Escape and returns focus", async () => {
    const { page, context } = await openPage(SEED, { colorScheme: "light" });
    const link = page.locator(".cover a.zoomable");
    const alt = (await link.locator("img").getAttribute("alt")) ?? "";
    expect(alt).not.toBe("");
    await link.focus();
    await page.keyboard.press("Enter");

    const dialog = page.locator("dialog[open]");
    await dialog.waitFor();
    expect(page.url()).toBe(`${siteUrl}${SEED}`);
    expect(await page.getByRole("dialog", { name: alt }).count()).toBe(1);
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    expect(await dialog.getByRole("button", { name: "Close image" }).isVisible()).toBe(true);
    const image = dialog.locator("img");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    expect(await image.evaluate((img: HTMLImageElement) => img.src)).toBe(
      await link.evaluate((anchor: HTMLAnchorElement) => anchor.href),
    );
    const { violations } = await new AxeBuilder({ page }).include("dialog[open]").analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);

    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);
    expect(await isFocused(page, ".cover a.zoomable")).toBe(true);
    await context.close();
  });

  it("links the cover to full-size files that exist, light and dark", async () => {
    const { page, context } = await openPage(SEED);
    const link = page.locator(".cover a.zoomable");
    for (const href of [await link.getAttribute("href"), await link.getAttribute("data-zoom-dark")]) {
      expect(href).toMatch(/\.png$/);
      const [status, type] = await fetchStatus(page, href ?? "");
      expect([status, type]).toEqual([200, "image/png"]);
    }
    await context.close();
  });

  it("shows the dark variant in dark mode, and closes on a click on the backdrop or Close", async () => {
    const { page, context } = await openPage(SEED, { colorScheme: "dark" });
    const link = page.locator(".cover a.zoomable");
    await expect
      .poll(() => link.locator("img").evaluate((img: HTMLImageElement) => img.currentSrc))
      .toMatch(/-dark\.webp$/);
    await link.click();
    const dialog = page.locator("dialog[open]");
    await dialog.waitFor();
    expect(await dialog.locator("img").getAttribute("src")).toBe(await link.getAttribute("data-zoom-dark"));
    await page.mouse.click(5, 5);
    await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);
    expect(await isFocused(page, ".cover a.zoomable")).toBe(true);

    await link.click();
    await dialog.getByRole("button", { name: "Close image" }).click();
    await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);
    await context.close();
  });

  it("follows a theme picked by hand over the system's", async () => {
    const context = await session.browser.newContext({ colorScheme: "light" });
    await context.addInitScript(() => localStorage.setItem("theme", "dark"));
    const page = await context.newPage();
    await page.goto(`${siteUrl}${SEED}`);
    const link = page.locator(".cover a.zoomable");
    await expect
      .poll(() => link.locator("img").evaluate((img: HTMLImageElement) => img.currentSrc))
      .toMatch(/-dark\.webp$/);
    await link.click();
    expect(await page.locator("dialog[open] img").getAttribute("src")).toBe(await link.getAttribute("data-zoom-dark"));
    await context.close();
  });

  it("fits the image to the screen, and shows it at full size (scrolling) on Full size", async () => {
    const { page, context } = await openPage(SEED, { viewport: { width: 390, height: 844 } });
    await page.locator(".cover a.zoomable").click();
    const dialog = page.locator("dialog[open]");
    const image = dialog.locator("img");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
    expect((await image.boundingBox())?.width).toBeLessThanOrEqual(390);
    const full = dialog.getByRole("button", { name: "Full size" });
    await full.click();
    expect(await full.getAttribute("aria-pressed")).toBe("true");
    expect((await image.boundingBox())?.width).toBe(1600);
    const scroller = dialog.locator(".zoom__body");
    expect(await scroller.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await context.close();
  });

  it("opens a <Figure> with its caption, from a link to the original file", async () => {
    const { page, context } = await openPage(MDX_POST);
    const link = page.locator(".figure a.zoomable");
    const href = (await link.getAttribute("href")) ?? "";
    expect(await fetchStatus(page, href)).toEqual([200, "image/png"]);
    expect(await fetchStatus(page, (await link.getAttribute("data-zoom-dark")) ?? "")).toEqual([200, "image/png"]);
    await link.click();
    const dialog = page.locator("dialog[open]");
    await dialog.waitFor();
    expect(await dialog.locator("[data-zoom-caption]").textContent()).toBe(
      await page.locator(".figure figcaption").textContent(),
    );
    await expect.poll(() => dialog.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
    await context.close();
  });

  it("links a Markdown image to its file and opens it", async () => {
    const { page, context } = await openPage(MARKDOWN_POST);
    const link = page.locator(".prose a.zoomable");
    expect(await link.count()).toBe(1);
    const [status] = await fetchStatus(page, (await link.getAttribute("href")) ?? "");
    expect(status).toBe(200);
    await link.focus();
    await page.keyboard.press("Enter");
    await page.locator("dialog[open]").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => isFocused(page, ".prose a.zoomable")).toBe(true);
    await context.close();
  });

  it("leaves images as links without JavaScript", async () => {
    const { page, context } = await openPage(SEED, { javaScriptEnabled: false });
    const href = await page.locator(".cover a.zoomable").getAttribute("href");
    await page.locator(".cover a.zoomable").click();
    await page.waitForURL(new URL(href ?? "", siteUrl).href);
    await context.close();
  });
});
