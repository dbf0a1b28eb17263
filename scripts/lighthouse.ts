/**
 * `npm run lighthouse`: Lighthouse (mobile preset) on the home page, the seed post,
 * a tag page and the search page of the built site (run `npm run build` first),
 * driving Debian's Chromium. Prints the four category scores and saves the HTML
 * and JSON reports in test-results/lighthouse/. A check to run and read, not a CI gate:
 * scores move with machine load.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "#scripts/lib/chromium.ts";
import { startStaticServer } from "#scripts/static-server.ts";

const PAGES = {
  home: "/",
  post: "/blog/building-real-time-data-pipelines/",
  tag: "/tags/apache-kafka/",
  search: "/search/?q=kafka",
};
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const outDir = "test-results/lighthouse";
mkdirSync(outDir, { recursive: true });

const { url: origin, server } = await startStaticServer(join(process.cwd(), "dist"));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM_PATH,
  chromeFlags: ["--headless=new", ...CHROMIUM_FLAGS],
});

const rows: string[] = [];
try {
  for (const [name, path] of Object.entries(PAGES)) {
    const result = await lighthouse(`${origin}${path}`, {
      port: chrome.port,
      output: ["html", "json"],
      onlyCategories: [...CATEGORIES],
      logLevel: "error",
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
    const [html, json] = result.report as string[];
    writeFileSync(join(outDir, `${name}.html`), html ?? "");
    writeFileSync(join(outDir, `${name}.json`), json ?? "");
    const scores = CATEGORIES.map((category) => Math.round((result.lhr.categories[category]?.score ?? 0) * 100));
    rows.push(`${name.padEnd(8)} ${path.padEnd(45)} ${scores.map((score) => String(score).padStart(5)).join(" ")}`);
  }
} finally {
  chrome.kill();
  server.close();
}
console.log(
  `${"page".padEnd(8)} ${"url".padEnd(45)} ${["perf", "a11y", "best", "seo"].map((h) => h.padStart(5)).join(" ")}`,
);
for (const row of rows) console.log(row);
console.log(`Reports: ${outDir}/`);
