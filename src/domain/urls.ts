import { termSlug } from "#src/domain/taxonomy.ts";
import { siteConfig } from "#src/site.config.ts";

/** Prefixes a site-relative path ("blog/") with the base path ("/" or "/sub/"). */
export function withBase(path: string, base: string = siteConfig.base): string {
  return `${base}${path.replace(/^\/+/, "")}`;
}

/** Absolute URL on the deployed site, for canonical links, feeds and sitemaps. */
export function absoluteUrl(path: string, origin: string = siteConfig.url): string {
  return new URL(path, `${origin}/`).href;
}

export const blogIndexUrl = (): string => withBase("blog/");
export const postUrl = (slug: string): string => withBase(`blog/${slug}/`);
/** A post's Markdown twin (src/domain/markdown-twin.ts): its page's URL with `.md` for the trailing slash. */
export const markdownTwinUrl = (slug: string): string => withBase(`blog/${slug}.md`);
export const tagsIndexUrl = (): string => withBase("tags/");
export const tagUrl = (nameOrSlug: string): string => withBase(`tags/${termSlug(nameOrSlug)}/`);
export const categoriesIndexUrl = (): string => withBase("categories/");
export const categoryUrl = (nameOrSlug: string): string => withBase(`categories/${termSlug(nameOrSlug)}/`);
/** The RSS feed of a tag or category page ("tags/kafka/rss.xml"). */
export const tagFeedUrl = (nameOrSlug: string): string => withBase(`tags/${termSlug(nameOrSlug)}/rss.xml`);
export const categoryFeedUrl = (nameOrSlug: string): string => withBase(`categories/${termSlug(nameOrSlug)}/rss.xml`);
export const feedsPageUrl = (): string => withBase("feeds/");
export const archiveUrl = (): string => withBase("archive/");
/** An author's page and feed, by the id of their file (src/content/authors/<id>.yaml). */
export const authorUrl = (id: string): string => withBase(`authors/${id}/`);
export const authorFeedUrl = (id: string): string => withBase(`authors/${id}/rss.xml`);
export const seriesIndexUrl = (): string => withBase("series/");
export const seriesUrl = (nameOrSlug: string): string => withBase(`series/${termSlug(nameOrSlug)}/`);
