/**
 * Every built page is valid HTML as the W3C Nu Html Checker (vnu) sees it, errors only.
 * vnu runs once, under Java, over all the .html files of the shared test build.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { listFiles } from "#tests/support/dist.ts";

const distDir = inject("distDir");

/** The vnu-jar package's main export is the path of the vnu.jar it ships. */
const VNU_JAR = String(createRequire(import.meta.url)("vnu-jar"));

/** One message of vnu's `--format json` output. */
interface VnuMessage {
  type: "error" | "info" | "non-document-error";
  subType?: string;
  url?: string;
  lastLine?: number;
  firstColumn?: number;
  message: string;
}

function javaAvailable(): boolean {
  return spawnSync("java", ["-version"], { stdio: "ignore" }).error === undefined;
}

/** vnu's errors as `file:line:column: message` lines, file relative to the dist folder. */
function validate(files: string[]): string[] {
  const run = spawnSync(
    "java",
    [
      "-jar",
      VNU_JAR,
      "--errors-only",
      "--format",
      "json",
      "--stdout",
      "--exit-zero-always",
      // Language detection only ever gives warnings, which --errors-only drops anyway.
      "--no-langdetect",
      ...files.map((file) => join(distDir, file)),
    ],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.error || run.status !== 0) {
    throw new Error(`vnu did not run (${run.error?.message ?? `exit code ${run.status}`}):\n${run.stderr}`);
  }
  let messages: VnuMessage[];
  try {
    messages = (JSON.parse(run.stdout) as { messages: VnuMessage[] }).messages;
  } catch {
    throw new Error(`vnu's output is not the JSON report expected:\n${run.stdout}\n${run.stderr}`);
  }
  return messages
    .filter((message) => message.type !== "info")
    .map((message) => {
      const file = message.url?.startsWith("file:") ? relative(distDir, fileURLToPath(message.url)) : message.url;
      const where = message.lastLine === undefined ? "" : `:${message.lastLine}:${message.firstColumn ?? 0}`;
      const kind = message.type === "error" ? "" : `[${message.type}] `;
      return `${file ?? "(no file)"}${where}: ${kind}${message.message}`;
    })
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

describe("the built HTML", () => {
  it("has no errors according to the W3C Nu Html Checker", { timeout: 300_000 }, () => {
    if (!javaAvailable()) {
      throw new Error(
        "`java` is not on the PATH: the Nu Html Checker (vnu.jar) needs Java 17 or newer. " +
          "Install it, e.g. `apt-get install -y default-jre-headless` (.ci/run does this).",
      );
    }
    expect(existsSync(VNU_JAR), `vnu.jar from the vnu-jar package at ${VNU_JAR}`).toBe(true);
    const files = listFiles(distDir).filter((file) => file.endsWith(".html"));
    expect(files.length, "HTML files in the test build").toBeGreaterThan(0);

    const errors = validate(files);
    const report = `vnu found ${errors.length} error(s) in ${files.length} pages:\n${errors.join("\n")}\n`;
    expect(errors, report).toEqual([]);
  });
});
