/**
 * Runs before `npm test`: the browser tests drive Debian's Chromium, and the HTML validity test runs the
 * W3C Nu Html Checker on Java. What is missing is installed with apt-get when this is a Debian machine
 * where we are root; otherwise it says how to install it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

import { CHROMIUM_PATH as CHROMIUM } from "#scripts/lib/chromium.ts";

const hasJava = spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
const missing = [
  ...(existsSync(CHROMIUM) ? [] : [{ tool: `Chromium at ${CHROMIUM}`, debianPackage: "chromium" }]),
  ...(hasJava ? [] : [{ tool: "Java 17 or newer", debianPackage: "default-jre-headless" }]),
];

if (missing.length > 0) {
  const packages = missing.map((item) => item.debianPackage);
  const canInstall = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `The tests need ${missing.map((item) => item.tool).join(" and ")}. Install ${packages.length > 1 ? "them" : "it"} (Debian: sudo apt-get install -y ${packages.join(" ")})${existsSync(CHROMIUM) ? "" : " or set CHROMIUM_PATH"}.`,
    );
    process.exit(1);
  }
  console.log(`Installing what the tests need (apt-get install ${packages.join(" ")})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { stdio: "inherit", env });
}
