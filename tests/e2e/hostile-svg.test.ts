/**
 * Every SVG of a site built with hostile SVGs (tests/fixtures/hostile/markup/), opened in Chromium as a document
 * of its own, the way a reader gets it who opens the image in a tab: no script runs, neither on load nor on a
 * click or a hover. The same fixture files served as written do run theirs, so the check can see a script run.
 * The static server sends no Content-Security-Policy: what is tested is the file, not the header.
 */

import { cpSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { startStaticServer } from "#scripts/static-server.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { launchBrowser } from "#tests/support/browser.ts";
import { listFiles } from "#tests/support/dist.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/hostile/markup");
/** What the fixtures' scripts do when they run: log or set the title with these words. */
const RAN = /svg-(onload|script|cdata|href|xlink|entity|foreign|iframe|set|animate|handler|onclick|over|xhtml)/;

const site = createTempSite("blog-hostile-svg-");
let browser: Browser;
let built: { url: string; server: Server };
let asWritten: { url: string; server: Server };

beforeAll(async () => {
  site.addPostsFrom(FIXTURES);
  cpSync(join(FIXTURES, "images"), join(site.root, BLOG_CONTENT_DIR, "images"), { recursive: true });
  const build = await site.runAsync("build");
  expect(build.status, build.output).toBe(0);
  built = await startStaticServer(site.dist);
  asWritten = await startStaticServer(join(FIXTURES, "images"));
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  built?.server.close();
  asWritten?.server.close();
  site.remove();
});

/** Opens a URL, clicks and hovers every element in it, and reports what scripts left behind. */
async function openAndPoke(url: string): Promise<{ title: string; messages: string[]; dialogs: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const messages: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (message) => messages.push(message.text()));
  page.on("pageerror", (error) => messages.push(error.message));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url);
  await page.waitForLoadState("load");
  const title = async () => String(await page.evaluate(() => document.title));
  const loaded = await title();
  // Handlers and script links would run on a click or a hover: give them every chance.
  await page.evaluate(() => {
    for (const element of document.querySelectorAll("*")) {
      for (const type of ["mouseover", "click"]) element.dispatchEvent(new MouseEvent(type, { bubbles: true }));
    }
  });
  await page.waitForTimeout(300);
  const poked = page.url() === url ? await title() : `navigated to ${page.url()}`;
  await context.close();
  return { title: `${loaded} | ${poked}`, messages, dialogs };
}

describe("SVG files of the built site", () => {
  it("the fixtures as written do run script (the check sees it)", async () => {
    const { title, messages } = await openAndPoke(`${asWritten.url}/hostile-cover.svg`);
    expect(`${title} ${messages.join(" ")}`).toMatch(RAN);
  });

  it("run no script when opened, clicked or hovered", async () => {
    const svgs = listFiles(site.dist)
      .map((file) => file.split("\\").join("/"))
      .filter((file) => file.endsWith(".svg"));
    // The cover, in its two sizes, and the picture (two sizes), and the site's icon.
    expect(svgs.filter((file) => file.startsWith("_astro/hostile-")).length).toBeGreaterThanOrEqual(2);
    for (const file of svgs) {
      const { title, messages, dialogs } = await openAndPoke(`${built.url}/${file}`);
      expect(title, file).not.toMatch(RAN);
      expect(
        messages.filter((message) => RAN.test(message)),
        file,
      ).toEqual([]);
      expect(dialogs, file).toEqual([]);
    }
  });

  it("the hostile posts' pages run none of their content either", async () => {
    for (const slug of ["hostile-markup-md", "hostile-markup-mdx", "hostile-svg-cover"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${built.url}/blog/${slug}/`);
      await page.waitForLoadState("load");
      await page.evaluate(() => {
        for (const element of document.querySelectorAll(".prose *")) {
          element.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
        }
      });
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), slug).toBeUndefined();
      await context.close();
    }
  });
});
