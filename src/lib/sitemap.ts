/**
 * `lastmod` for the sitemap: each published post's `updated` date, else its `date`.
 * Read from the post files themselves because the sitemap integration runs in the
 * Astro config, outside the content collection.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { parsePostDate } from "../schemas/post.ts";
import { slugFromFilePath } from "./post-identity.ts";

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  return typeof value === "string" ? parsePostDate(value) : undefined;
}

/** Map of post URL path ("blog/my-post/") to its last modification, for published posts only. */
export function postLastModified(contentDir: string): Map<string, Date> {
  const result = new Map<string, Date>();
  for (const file of readdirSync(contentDir, { recursive: true }) as string[]) {
    if (!/\.mdx?$/.test(file)) continue;
    const text = readFileSync(join(contentDir, file), "utf8");
    const yaml = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1];
    if (!yaml) continue;
    let data: Record<string, unknown>;
    try {
      data = parseYaml(yaml) ?? {};
    } catch {
      continue; // The content layer reports the YAML error with the file and line.
    }
    if (data.published === false) continue;
    const modified = toDate(data.updated) ?? toDate(data.date);
    const slug = typeof data.slug === "string" ? data.slug : slugFromFilePath(file);
    if (modified) result.set(`blog/${slug}/`, modified);
  }
  return result;
}

/** The `serialize` hook for @astrojs/sitemap: adds lastmod to post URLs. */
export function withPostLastModified(contentDir: string, siteRoot: string) {
  const lastModified = postLastModified(contentDir);
  return <T extends { url: string; lastmod?: string | undefined }>(item: T): T => {
    const path = item.url.startsWith(siteRoot) ? item.url.slice(siteRoot.length) : item.url;
    const date = lastModified.get(path);
    return date ? { ...item, lastmod: date.toISOString() } : item;
  };
}
