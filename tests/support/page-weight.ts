/** What a page makes the browser load and run at load time, measured from the built files. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readPage } from "./dist.ts";

export interface LoadScripts {
  /** The code of every script that runs on load: inline ones and <script src> files, in page order. */
  sources: string[];
  /** All of it, concatenated and gzipped (level 9), in bytes. */
  gzipBytes: number;
}

export function scriptsRunOnLoad(distDir: string, url: string): LoadScripts {
  const document = readPage(distDir, url);
  const sources = [...document.querySelectorAll("script")]
    .filter((script) => script.getAttribute("type") !== "application/ld+json")
    .map((script) => {
      const src = script.getAttribute("src");
      return src ? readFileSync(join(distDir, src), "utf8") : (script.textContent ?? "");
    });
  return { sources, gzipBytes: gzipSync(sources.join("\n"), { level: 9 }).length };
}
