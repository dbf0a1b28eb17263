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

/** The page's HTML (without inline scripts and styles) plus all its CSS, gzipped together, in bytes. */
export function htmlAndCssGzipBytes(distDir: string, url: string): number {
  const html = readFileSync(join(distDir, url, "index.html"), "utf8");
  const document = readPage(distDir, url);
  const css = [...document.querySelectorAll("style")].map((style) => style.textContent ?? "");
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    css.push(readFileSync(join(distDir, link.getAttribute("href") ?? ""), "utf8"));
  }
  const bare = html.replace(/<style[\s\S]*?<\/style>|<script(?![^>]*ld\+json)[\s\S]*?<\/script>/g, "");
  return gzipSync(`${bare}\n${css.join("\n")}`, { level: 9 }).length;
}
