/**
 * `lastmod` for the sitemap: each published post's `updated` date, else its `date`.
 * Read from the post files themselves because the sitemap integration runs in the
 * Astro config, outside the content collection.
 */
import { parsePostDate } from "../schemas/post.ts";
import { readPostFiles, readPostFilesCached } from "./post-files.ts";
import { slugFromFilePath } from "./post-identity.ts";
import { isPublicPost } from "./post-visibility.ts";

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  return typeof value === "string" ? parsePostDate(value) : undefined;
}

/** Map of post URL path ("blog/my-post/") to its last modification, for published posts only. */
export function postLastModified(contentDir: string, cacheFile?: string): Map<string, Date> {
  const result = new Map<string, Date>();
  const posts = cacheFile ? readPostFilesCached(contentDir, cacheFile) : readPostFiles(contentDir);
  for (const { file, data } of posts) {
    // Invalid YAML: the content layer reports it with the file and line.
    if (!data || !isPublicPost(data)) continue;
    const modified = toDate(data.updated) ?? toDate(data.date);
    const slug = typeof data.slug === "string" ? data.slug : slugFromFilePath(file);
    if (modified) result.set(`blog/${slug}/`, modified);
  }
  return result;
}

/** The `serialize` hook for @astrojs/sitemap: adds lastmod to post URLs. */
export function withPostLastModified(contentDir: string, siteRoot: string, cacheFile?: string) {
  // Read when the sitemap is written, not when the config loads (a dev server never needs it).
  let lastModified: Map<string, Date> | undefined;
  return <T extends { url: string; lastmod?: string | undefined }>(item: T): T => {
    lastModified ??= postLastModified(contentDir, cacheFile);
    const path = item.url.startsWith(siteRoot) ? item.url.slice(siteRoot.length) : item.url;
    const date = lastModified.get(path);
    return date ? { ...item, lastmod: date.toISOString() } : item;
  };
}
