/** Debian's Chromium driven by playwright-core. */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
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
