/**
 * Runs before `npm test`: the browser tests drive Debian's Chromium. When it is
 * missing and this is a Debian machine where we are root, install it; otherwise
 * say how to.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

import { CHROMIUM_PATH as CHROMIUM } from "./lib/chromium.ts";

if (!existsSync(CHROMIUM)) {
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `The browser tests need Chromium at ${CHROMIUM}. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  console.log("Installing Chromium for the browser tests (apt-get install chromium)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
}
