/**
 * Annotated code in a real browser (tests/fixtures/markdown-features/code.md and code.mdx): the copy
 * button copies the code as it is pasted (no notation, no line numbers, no removed lines), focus dims
 * the other lines until the reader points at the block, and screenshots of an annotated block are saved
 * to test-results/screenshots/ for review.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot } from "#scripts/lib/temp-site.ts";
import { browserForFile } from "#tests/support/browser.ts";

const siteUrl = inject("siteUrl");
const POSTS = { md: "/blog/annotated-code/", mdx: "/blog/annotated-code-mdx/" };
const SCREENSHOTS = join(repoRoot, "test-results/screenshots");

/** consumer.ts as it should be pasted: the added line in, the removed one out, no notation comments. */
const CONSUMER_TS = [
  'import { Kafka } from "kafkajs";',
  "",
  'const kafka = new Kafka({ brokers: ["localhost:9092"] });',
  'const consumer = kafka.consumer({ groupId: "orders", sessionTimeout: 30_000 });',
  "",
  "await consumer.connect();",
  'await consumer.subscribe({ topic: "orders", fromBeginning: true });',
].join("\n");

/** etl.py: the same with `#` comments, and focused lines. */
const ETL_PY = [
  "import json",
  "rows = read_rows(batch_size=500)",
  "for row in rows:",
  "    print(json.dumps(row))",
  'print("done")',
].join("\n");

/** run.ts: a notation on a line of its own goes, line and all. */
const RUN_TS = [
  "await consumer.connect();",
  "await consumer.run({",
  "  eachMessage: async ({ message }) => console.log(message.value?.toString()),",
  "});",
  "await consumer.disconnect();",
].join("\n");

const session = browserForFile(siteUrl);
beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

/** The page at `path`, in a context that may read and write the clipboard. */
const openPage = (path: string, options: Parameters<typeof session.openPage>[1] = {}) =>
  session.openPage(path, { permissions: ["clipboard-read", "clipboard-write"], ...options });

const block = (page: Page, title: string) =>
  page.locator(".code-block", { has: page.locator(".code-block__title", { hasText: title }) });

async function copy(page: Page, title: string): Promise<string> {
  const button = block(page, title).getByRole("button", { name: "Copy code" });
  await button.click();
  await expect.poll(() => button.textContent()).toBe("Copied");
  return page.evaluate(() => navigator.clipboard.readText());
}

describe("copying annotated code", () => {
  for (const [kind, path] of Object.entries(POSTS)) {
    it(`copies the new code of a diff: no notation, line numbers or removed lines (${kind})`, async () => {
      const { page, context } = await openPage(path);
      const copied = await copy(page, "consumer.ts");
      expect(copied).toBe(CONSUMER_TS);
      expect(copied).not.toContain("[!code");
      expect(copied).not.toContain('groupId: "orders" });');
      // The removed line is on the page, marked, with no line number: the numbers are the pasted code's.
      const removed = block(page, "consumer.ts").locator(".line.diff.remove");
      expect(await removed.count()).toBe(1);
      expect(await removed.evaluate((line) => getComputedStyle(line, "::before").content)).toBe("none");
      expect(await removed.evaluate((line) => getComputedStyle(line, "::after").content)).toBe('"−"');
      expect(await copy(page, "etl.py")).toBe(ETL_PY);
      expect(await copy(page, "run.ts")).toBe(RUN_TS);
      await context.close();
    });
  }

  it("copies what a block without a diff shows, whatever its highlights", async () => {
    const { page, context } = await openPage(POSTS.md);
    expect(await copy(page, "producer.py")).toBe(
      (await block(page, "producer.py").locator("pre").textContent()) ?? "no text",
    );
    await context.close();
  });

  it("leaves line numbers and diff markers out of a selection made by hand", async () => {
    const { page, context } = await openPage(POSTS.md);
    const selected = await block(page, "consumer.ts")
      .locator("pre")
      .evaluate((pre) => {
        getSelection()?.selectAllChildren(pre);
        return getSelection()?.toString() ?? "";
      });
    expect(selected.split("\n")[0]).toBe('import { Kafka } from "kafkajs";');
    expect(selected).not.toMatch(/^\s*\d/m);
    expect(selected).not.toMatch(/^[+−]/m);
    await context.close();
  });
});

describe("focus", () => {
  it("dims the other lines until the block is pointed at or focused", async () => {
    const { page, context } = await openPage(POSTS.md, { reducedMotion: "reduce" });
    const code = block(page, "etl.py");
    const opacity = (selector: string) =>
      code
        .locator(selector)
        .first()
        .evaluate((line) => Number(getComputedStyle(line).opacity));
    expect(await opacity(".line.focused")).toBe(1);
    expect(await opacity(".line:not(.focused)")).toBeLessThan(1);
    await code.locator("pre").hover();
    await expect.poll(() => opacity(".line:not(.focused)")).toBe(1);
    await page.mouse.move(0, 0);
    await expect.poll(() => opacity(".line:not(.focused)")).toBeLessThan(1);
    await code.locator("pre").focus();
    await expect.poll(() => opacity(".line:not(.focused)")).toBe(1);
    await context.close();
  });
});

describe("screenshots", () => {
  it("saves annotated blocks at 390 and 1366 px, light and dark: a diff, and focused lines", async () => {
    for (const scheme of ["light", "dark"] as const) {
      for (const width of [390, 1366]) {
        const { page, context } = await openPage(POSTS.md, {
          viewport: { width, height: width < 600 ? 844 : 900 },
          colorScheme: scheme,
          reducedMotion: "reduce",
        });
        await page.evaluate(() => document.fonts.ready);
        const code = block(page, "consumer.ts");
        // Wide enough to show every annotation; a phone scrolls the long lines sideways.
        expect(await code.evaluate((element) => element.getBoundingClientRect().width)).toBeLessThanOrEqual(width);
        await code.screenshot({ path: join(SCREENSHOTS, `code-annotations-${width}-${scheme}.png`) });
        await block(page, "etl.py").screenshot({
          path: join(SCREENSHOTS, `code-annotations-focus-${width}-${scheme}.png`),
        });
        await context.close();
      }
    }
  });
});
