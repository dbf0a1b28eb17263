/**
 * `lastmod` for the sitemap: each public post's `updated` date, else its `date`; unlisted posts' pages and the redirect
 * pages of renamed posts' old slugs (`redirectFrom`) are left out. Read through the
 * raw post reader because the sitemap integration runs in the Astro config, outside the collection.
 */
import { readPostFiles, readPostFilesCached } from "#build/content/post-files.ts";
import { lastModified } from "#src/domain/blog-index.ts";
import { hasPublicPage, isPublicPost } from "#src/domain/post-visibility.ts";
import { postUrl } from "#src/domain/urls.ts";

/**
 * Each post page's URL path (with the base: "/blog/my-post/"): its last modification, or `unlisted` for a page the
 * sitemap leaves out (an unlisted post's, or the redirect page at an old slug of a post with a page).
 */
export async function postLastModified(contentDir: string, cacheDir?: string): Promise<Map<string, Date | "unlisted">> {
  const posts = await (cacheDir ? readPostFilesCached(contentDir, cacheDir) : readPostFiles(contentDir));
  const result = new Map<string, Date | "unlisted">();
  // A post that fails the schema (data undefined) stops the build: the content layer reports it.
  for (const { slug, data } of posts) {
    if (!data) continue;
    if (isPublicPost(data)) result.set(postUrl(slug), lastModified({ data }));
    else if (hasPublicPage(data)) result.set(postUrl(slug), "unlisted");
    if (hasPublicPage(data)) for (const from of data.redirectFrom ?? []) result.set(postUrl(from), "unlisted");
  }
  return result;
}

/** The `serialize` hook for @astrojs/sitemap: adds lastmod to post URLs, and drops unlisted posts' pages. */
export function withPostLastModified(contentDir: string, siteOrigin: string, cacheDir?: string) {
  // Read when the sitemap is written, not when the config loads (a dev server never needs it).
  let lastModifiedByPath: Promise<Map<string, Date | "unlisted">> | undefined;
  return async <T extends { url: string; lastmod?: string | undefined }>(item: T): Promise<T | undefined> => {
    lastModifiedByPath ??= postLastModified(contentDir, cacheDir);
    const path = item.url.startsWith(siteOrigin) ? item.url.slice(siteOrigin.length) : item.url;
    const date = (await lastModifiedByPath).get(path);
    if (date === "unlisted") return undefined;
    return date ? { ...item, lastmod: date.toISOString() } : item;
  };
}
