/**
 * `lastmod` for the sitemap: each public post's `updated` date, else its `date`. Read through the
 * raw post reader because the sitemap integration runs in the Astro config, outside the collection.
 */
import { readPostFiles, readPostFilesCached } from "#build/content/post-files.ts";
import { lastModified } from "#src/domain/blog-index.ts";
import { isPublicPost } from "#src/domain/post-visibility.ts";
import { postUrl } from "#src/domain/urls.ts";

/** Map of post URL path (with the base: "/blog/my-post/") to its last modification, for public posts only. */
export async function postLastModified(contentDir: string, cacheFile?: string): Promise<Map<string, Date>> {
  const posts = await (cacheFile ? readPostFilesCached(contentDir, cacheFile) : readPostFiles(contentDir));
  const result = new Map<string, Date>();
  // A post that fails the schema (data undefined) stops the build: the content layer reports it.
  for (const { slug, data } of posts) {
    if (data && isPublicPost(data)) result.set(postUrl(slug), lastModified({ data }));
  }
  return result;
}

/** The `serialize` hook for @astrojs/sitemap: adds lastmod to post URLs. */
export function withPostLastModified(contentDir: string, siteOrigin: string, cacheFile?: string) {
  // Read when the sitemap is written, not when the config loads (a dev server never needs it).
  let lastModifiedByPath: Promise<Map<string, Date>> | undefined;
  return async <T extends { url: string; lastmod?: string | undefined }>(item: T): Promise<T> => {
    lastModifiedByPath ??= postLastModified(contentDir, cacheFile);
    const path = item.url.startsWith(siteOrigin) ? item.url.slice(siteOrigin.length) : item.url;
    const date = (await lastModifiedByPath).get(path);
    return date ? { ...item, lastmod: date.toISOString() } : item;
  };
}
