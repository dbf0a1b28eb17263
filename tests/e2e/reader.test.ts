import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "#tests/support/browser.ts";

const siteUrl = inject("siteUrl");
const SEED = "/blog/building-real-time-data-pipelines/";

let browser: Browser;
/** Content-Security-Policy violations seen on any page of any test: there must be none. */
const cspViolations: string[] = [];
/** Requests to any host but the test server: there must be none (fonts and scripts are self-hosted). */
const thirdPartyRequests: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  expect(cspViolations, "Content-Security-Policy violations").toEqual([]);
  expect(thirdPartyRequests, "requests to other hosts").toEqual([]);
});

/** A fresh context (own storage), with console errors and CSP violations collected. */
async function openPage(
  path: string,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${path}: ${message.text()}`);
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== new URL(siteUrl).origin)
      thirdPartyRequests.push(`${path}: ${url.href}`);
  });
  await page.goto(`${siteUrl}${path}`);
  return { page, context, problems };
}

describe("search", () => {
  it("finds the seed post from the header box, opened with the / shortcut", async () => {
    const { page, context, problems } = await openPage("/");
    await page.keyboard.press("/");
    const input = page.locator("#site-search");
    await expect.poll(() => input.evaluate((element) => element === document.activeElement)).toBe(true);
    await input.fill("trillions");
    const result = page.locator(".search-box__panel .search-result__title");
    await result.first().waitFor();
    expect(await result.allTextContents()).toEqual(["Building Real-Time Data Pipelines with Kafka and Spark"]);
    expect(await page.locator(".search-box__panel mark").first().textContent()).toMatch(/trillions/i);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("filters results by tag and category on the search page, with dates and tags shown", async () => {
    const { page, context } = await openPage("/search/?q=kafka");
    const titles = page.locator(".search-page__results .search-result__title");
    await titles.first().waitFor();
    const all = await titles.count();
    expect(all).toBeGreaterThan(1);
    expect(await page.locator(".search-page__results .search-result__meta").first().textContent()).toMatch(/\d{4}/);
    await page.getByRole("checkbox", { name: /^Avro/ }).check();
    await expect.poll(() => titles.count()).toBeLessThan(all);
    expect(await titles.allTextContents()).toEqual([
      "Avro, Protobuf or JSON? Choosing a Serialization Format for Kafka",
    ]);
    await page.getByRole("checkbox", { name: /^Avro/ }).uncheck();
    await expect.poll(() => titles.count()).toBe(all);
    await page
      .getByRole("group", { name: "Categories" })
      .getByRole("checkbox", { name: /^Data Engineering/ })
      .check();
    await expect.poll(() => titles.count()).toBeLessThan(all);
    expect(await titles.allTextContents()).not.toContain(
      "Avro, Protobuf or JSON? Choosing a Serialization Format for Kafka",
    );
    await context.close();
  });

  it("never finds a draft", async () => {
    // "tiered" appears only in the draft "Kafka Tiered Storage in Practice".
    const { page, context } = await openPage("/search/?q=tiered");
    await page.locator(".search-page__count").waitFor();
    expect(await page.locator(".search-page__count").textContent()).toBe("No posts match.");
    await context.close();
  });

  it("loads no search code or index until the reader reaches for it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${siteUrl}${SEED}`);
    await page.waitForLoadState("networkidle");
    expect(requested.filter((path) => /pagefind|SearchBox|preact/i.test(path))).toEqual([]);
    await page.locator("#site-search").click();
    await page.locator("#site-search").fill("kafka");
    await page.locator(".search-box__panel .search-result").first().waitFor();
    expect(requested.some((path) => path.includes("/pagefind/"))).toBe(true);
    await context.close();
  });
});

describe("theme", () => {
  it("follows the system until the reader chooses, and the choice survives a reload", async () => {
    const { page, context } = await openPage(SEED, { colorScheme: "light" });
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? "system");
    const toggle = page.getByRole("button", { name: "Dark theme" });
    expect(await theme()).toBe("system");
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await toggle.click();
    expect(await theme()).toBe("dark");
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(13, 17, 21)");
    await page.reload();
    expect(await theme()).toBe("dark");
    await toggle.click();
    expect(await theme()).toBe("light");
    await page.reload();
    expect(await theme()).toBe("light");
    await context.close();
  });

  it("sets the stored theme on <html> before the first paint (no flash)", async () => {
    const context = await browser.newContext({ colorScheme: "light" });
    await context.addInitScript(() => {
      // Record when data-theme appears and when the first paint happens, in page time.
      const log: Record<string, number> = {};
      (window as unknown as { themeLog: Record<string, number> }).themeLog = log;
      new MutationObserver(() => {
        if (document.documentElement?.dataset.theme && log.themeSet === undefined) log.themeSet = performance.now();
      }).observe(document, { attributes: true, childList: true, subtree: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (log.firstPaint === undefined) log.firstPaint = entry.startTime;
      }).observe({ type: "paint", buffered: true });
    });
    const page = await context.newPage();
    await page.goto(`${siteUrl}/`);
    await page.evaluate(() => localStorage.setItem("theme", "dark"));
    await page.goto(`${siteUrl}${SEED}`);
    await page.waitForLoadState("load");
    const readLog = () => page.evaluate(() => (window as unknown as { themeLog: Record<string, number> }).themeLog);
    // The paint entry can be delivered a moment after load on a busy machine: wait for both marks.
    await expect
      .poll(async () => Object.keys(await readLog()).sort(), { timeout: 10_000 })
      .toEqual(["firstPaint", "themeSet"]);
    const log = await readLog();
    expect(log.themeSet).toBeLessThan(log.firstPaint as number);
    await context.close();
  });
});

describe("code blocks", () => {
  it("copies the exact code to the clipboard and announces it", async () => {
    const { page, context } = await openPage(SEED);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: siteUrl });
    const block = page.locator(".code-block").first();
    expect(await block.locator(".code-block__lang").textContent()).toBe("Python");
    const expected = await block.locator("pre").evaluate((pre) => pre.textContent);
    await block.getByRole("button", { name: "Copy code" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    expect(expected).toContain("from kafka import KafkaProducer\nimport json\n");
    expect(await page.locator("[data-copy-status]").textContent()).toBe("Copied");
    await context.close();
  });
});

describe("keyboard", () => {
  it("reaches the skip link first, and it moves focus to the main content", async () => {
    const { page, context } = await openPage(SEED);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");
    await context.close();
  });

  it("toggles the theme with the keyboard alone", async () => {
    const { page, context } = await openPage("/");
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.hasAttribute("data-theme-toggle"))) break;
    }
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-theme-toggle"))).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await context.close();
  });
});

describe("table of contents", () => {
  it("marks the section in view on wide screens", async () => {
    const { page, context } = await openPage(SEED, { viewport: { width: 1400, height: 900 } });
    await page.locator("#apache-kafka-the-backbone").evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await expect
      .poll(() => page.locator('.toc a[aria-current="true"]').getAttribute("href"))
      .toBe("#apache-kafka-the-backbone");
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect
      .poll(() => page.locator('.toc a[aria-current="true"]').getAttribute("href"))
      .toBe("#why-real-time-data-processing-matters");
    await context.close();
  });
});

describe("hostile content", () => {
  const HOSTILE = {
    "/blog/hostile-title/": `Hostile "quotes" & 'apostrophes' <script>alert(1)</script> ]]> --> 日本語 עברית 🚀`,
    "/blog/hostile-body/": `Body with <script>alert("body")</script> and --> and ]]>`,
    "/blog/right-to-left-cjk/": "تدفق البيانات في الوقت الحقيقي · 实时数据管道 · זרימת נתונים",
  };

  for (const [path, title] of Object.entries(HOSTILE)) {
    it(`${path} shows its text intact and runs none of it`, async () => {
      const { page, context, problems } = await openPage(path, { viewport: { width: 390, height: 844 } });
      const dialogs: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.waitForLoadState("load");
      await page.waitForTimeout(300);
      expect(await page.locator("h1").textContent()).toBe(title);
      expect(await page.title()).toBe(`${title} | Dataflow Notes`);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(problems).toEqual([]);
      // Nothing wider than a phone screen: long words wrap.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await context.close();
    });
  }

  it("the body's raw HTML shows as text", async () => {
    const { page, context } = await openPage("/blog/hostile-body/");
    const body = await page.locator(".prose").textContent();
    expect(body).toContain("<script>");
    expect(body).toContain(`<img src="x" onerror="window.__xss = 'onerror'">`);
    expect(await page.locator(".prose img, .prose script").count()).toBe(0);
    expect(await page.locator('.prose a[href^="https://kafka.apache.org"]').getAttribute("rel")).toBe(
      "noopener noreferrer",
    );
    await context.close();
  });

  it("long titles and words wrap on a phone", async () => {
    const { page, context } = await openPage("/blog/long-title-and-words/", { viewport: { width: 390, height: 844 } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it("search shows a hostile title intact", async () => {
    const { page, context } = await openPage("/search/?q=apostrophes");
    const title = page.locator(".search-page__results .search-result__title");
    await title.first().waitFor();
    expect(await title.first().textContent()).toBe(HOSTILE["/blog/hostile-title/"]);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("pages still work; search says it needs JavaScript", async () => {
    const { page, context } = await openPage(SEED, { javaScriptEnabled: false });
    expect(await page.locator("h1").textContent()).toBe("Building Real-Time Data Pipelines with Kafka and Spark");
    expect(await page.locator(".toc a").count()).toBeGreaterThan(3);
    expect(await page.locator("[data-theme-toggle]").isVisible()).toBe(false);
    expect(await page.locator(".copy-code").first().isVisible()).toBe(false);
    await page.goto(`${siteUrl}/search/`);
    expect(await page.locator("main").textContent()).toContain("Search needs JavaScript");
    await context.close();
  });
});
