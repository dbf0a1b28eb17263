/** What a page makes the browser load and run at load time, measured from the built files. */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { gzipSync } from "node:zlib";
import { readPage } from "#tests/support/dist.ts";

export interface LoadScripts {
  /** The code of every script that runs on load: inline ones, <script src> files and every module they import statically. */
  sources: string[];
  /** All of it, concatenated and gzipped (level 9), in bytes. */
  gzipBytes: number;
}

/** `import … from "#tests/support/x.js"` and `import "#tests/support/x.js"` at a module's top level (not `import()`, which waits for use). */
const STATIC_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w*{}\s,$]+\s*from\s*)?["'`]([^"'`]+)["'`]/g;

function withStaticImports(distDir: string, code: string, fromUrl: string, seen: Set<string>): string[] {
  const sources = [code];
  for (const [, specifier] of code.matchAll(STATIC_IMPORT)) {
    if (!specifier) continue;
    const url = specifier.startsWith("/") ? specifier : posix.join(posix.dirname(fromUrl), specifier);
    if (seen.has(url)) continue;
    seen.add(url);
    sources.push(...withStaticImports(distDir, readFileSync(join(distDir, url), "utf8"), url, seen));
  }
  return sources;
}

export function scriptsRunOnLoad(distDir: string, url: string): LoadScripts {
  const document = readPage(distDir, url);
  const seen = new Set<string>();
  const sources = [...document.querySelectorAll("script")]
    .filter((script) => script.getAttribute("type") !== "application/ld+json")
    .flatMap((script) => {
      const src = script.getAttribute("src");
      if (src && seen.has(src)) return [];
      if (src) seen.add(src);
      const code = src ? readFileSync(join(distDir, src), "utf8") : (script.textContent ?? "");
      return script.getAttribute("type") === "module" ? withStaticImports(distDir, code, src ?? url, seen) : [code];
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

/** The font files a page's CSS asks for (url() in @font-face; local() fonts load nothing), with their sizes. */
export function fontFiles(distDir: string, url: string): { url: string; bytes: number }[] {
  const document = readPage(distDir, url);
  const css = [...document.querySelectorAll("style")].map((style) => style.textContent ?? "").join("\n");
  const urls = new Set<string>();
  for (const [, face] of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    for (const [, fontUrl] of (face ?? "").matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g))
      if (fontUrl) urls.add(fontUrl);
  }
  return [...urls].map((fontUrl) => ({ url: fontUrl, bytes: readFileSync(join(distDir, fontUrl)).length }));
}
