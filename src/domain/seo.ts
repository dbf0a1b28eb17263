/**
 * Everything a page's <head> says about it: title, description, canonical URL,
 * Open Graph and Twitter tags, feed links and JSON-LD. Pure: pages call these
 * and hand the result to Head.astro, and tests call them directly.
 */

import { authorRefs, type CreditedAuthor, joinNames } from "#src/domain/authors.ts";
import { OG_HEIGHT, OG_WIDTH } from "#src/domain/og-card.ts";
import { isPublicPost } from "#src/domain/post-visibility.ts";
import { stripBidiControls } from "#src/domain/text-hygiene.ts";
import { absoluteUrl, markdownTwinUrl, withBase } from "#src/domain/urls.ts";
import type { PostData } from "#src/schemas/post.ts";
import { siteConfig } from "#src/site.config.ts";

export interface FeedLink {
  type: "application/rss+xml" | "application/atom+xml" | "application/feed+json";
  title: string;
  href: string;
}

export interface SocialImage {
  url: string;
  width: number;
  height: number;
  alt: string;
}

export interface ArticleMeta {
  publishedTime: string;
  modifiedTime: string;
  author: string;
  section: string;
  tags: string[];
}

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  keywords: string[];
  noindex: boolean;
  type: "website" | "article";
  image: SocialImage;
  article?: ArticleMeta | undefined;
  feeds: FeedLink[];
  /** A post page's Markdown twin (site-relative), for `<link rel="alternate" type="text/markdown">`. */
  markdownTwin?: string | undefined;
  jsonLd: Record<string, unknown>[];
}

export interface PageMetaInput {
  /** Page title without the site name; omit on the home page. */
  title?: string | undefined;
  /** A full title that replaces "title | site name" (a post's `seo.title`). */
  fullTitle?: string | undefined;
  description?: string | undefined;
  /** Site-relative path including the base, e.g. "/blog/2/". */
  path: string;
  keywords?: readonly string[] | undefined;
  noindex?: boolean | undefined;
  image?: SocialImage | undefined;
  /** Feeds of this page on top of the site-wide ones (a tag's own feed). */
  feeds?: FeedLink[] | undefined;
  jsonLd?: Record<string, unknown>[] | undefined;
}

/** URL of an Open Graph image in dist/og/. */
export function ogImageUrl(file: string): string {
  return absoluteUrl(withBase(`og/${file}`));
}

export const siteSocialImage = (): SocialImage => ({
  url: ogImageUrl("site.png"),
  width: OG_WIDTH,
  height: OG_HEIGHT,
  alt: `${siteConfig.title}: ${siteConfig.description}`,
});

/** The site-wide feeds every page advertises. */
export function siteFeeds(): FeedLink[] {
  return [
    { type: "application/rss+xml", title: `${siteConfig.title} (RSS)`, href: withBase("rss.xml") },
    { type: "application/atom+xml", title: `${siteConfig.title} (Atom)`, href: withBase("atom.xml") },
    { type: "application/feed+json", title: `${siteConfig.title} (JSON Feed)`, href: withBase("feed.json") },
  ];
}

/**
 * The metadata every page's head carries. A <title>, a meta tag's content and an attribute hold only text,
 * where nothing can isolate a bidirectional override: the texts of the head have those controls removed.
 */
export function buildPageMeta(input: PageMetaInput): PageMeta {
  const title = input.fullTitle ?? (input.title ? `${input.title} | ${siteConfig.title}` : siteConfig.title);
  const image = input.image ?? siteSocialImage();
  return {
    title: stripBidiControls(title),
    description: stripBidiControls(input.description ?? siteConfig.description),
    canonical: absoluteUrl(input.path),
    keywords: (input.keywords ?? []).map(stripBidiControls),
    noindex: input.noindex ?? false,
    type: "website",
    image: { ...image, alt: stripBidiControls(image.alt) },
    feeds: [...siteFeeds(), ...(input.feeds ?? [])].map((feed) => ({ ...feed, title: stripBidiControls(feed.title) })),
    jsonLd: input.jsonLd ?? [],
  };
}

type PostForMeta = { slug: string; data: PostData };

/** What a post page knows of its post beyond the frontmatter: its authors (with their pages) and its series. */
export interface PostMetaContext {
  /** The post's authors; by default the names its `author` gives, with no pages. */
  authors?: readonly CreditedAuthor[] | undefined;
  /** The series the post is a part of, with the absolute URL of its page. */
  series?: { name: string; url: string } | undefined;
}

/** Metadata of a post page: the page's own plus article tags and BlogPosting JSON-LD. */
export function buildPostMeta(post: PostForMeta, path: string, context: PostMetaContext = {}): PageMeta {
  const { data } = post;
  const image: SocialImage = {
    url: ogImageUrl(`${post.slug}.png`),
    width: OG_WIDTH,
    height: OG_HEIGHT,
    alt: `${data.title}: ${data.excerpt}`,
  };
  const base = buildPageMeta({
    title: data.title,
    fullTitle: data.seo?.title,
    description: data.seo?.description ?? data.excerpt,
    keywords: data.seo?.keywords ?? data.tags,
    path,
    noindex: !isPublicPost(data),
    image,
  });
  const article: ArticleMeta = {
    publishedTime: data.date.toISOString(),
    modifiedTime: (data.updated ?? data.date).toISOString(),
    author: stripBidiControls(joinNames(context.authors?.map((author) => author.name) ?? authorRefs(data.author))),
    section: stripBidiControls(data.category),
    tags: data.tags.map(stripBidiControls),
  };
  return {
    ...base,
    type: "article",
    article,
    // Every post with a page has a twin (src/domain/markdown-twin.ts).
    markdownTwin: markdownTwinUrl(post.slug),
    jsonLd: [blogPostingJsonLd(post, base, article, context), breadcrumbJsonLd(post, base.canonical)],
  };
}

function publisher() {
  return { "@type": "Organization", name: siteConfig.title, url: absoluteUrl(withBase("")) };
}

/** A Person for each author, linked to their page when they have one: one object, or a list for co-authors. */
function authorJsonLd(authors: readonly CreditedAuthor[]) {
  const people = authors.map((author) => ({
    "@type": "Person",
    name: stripBidiControls(author.name),
    ...(author.url ? { url: author.url } : {}),
  }));
  return people.length === 1 ? people[0] : people;
}

export function blogPostingJsonLd(
  post: PostForMeta,
  meta: PageMeta,
  article: ArticleMeta,
  context: PostMetaContext = {},
): Record<string, unknown> {
  const authors = context.authors ?? authorRefs(post.data.author).map((name) => ({ name }));
  return {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    headline: stripBidiControls(post.data.title),
    description: meta.description,
    datePublished: article.publishedTime,
    dateModified: article.modifiedTime,
    author: authorJsonLd(authors),
    image: { "@type": "ImageObject", url: meta.image.url, width: meta.image.width, height: meta.image.height },
    keywords: meta.keywords.join(", "),
    articleSection: article.section,
    inLanguage: siteConfig.lang,
    url: meta.canonical,
    mainEntityOfPage: { "@type": "WebPage", "@id": meta.canonical },
    ...(context.series
      ? {
          isPartOf: {
            "@type": "CreativeWorkSeries",
            name: stripBidiControls(context.series.name),
            url: context.series.url,
          },
        }
      : {}),
    publisher: publisher(),
  };
}

export function breadcrumbJsonLd(post: PostForMeta, canonical: string): Record<string, unknown> {
  const crumbs = [
    { name: siteConfig.title, item: absoluteUrl(withBase("")) },
    { name: "Blog", item: absoluteUrl(withBase("blog/")) },
    { name: stripBidiControls(post.data.title), item: canonical },
  ];
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: crumbs.map((crumb, index) => ({ "@type": "ListItem", position: index + 1, ...crumb })),
  };
}

/** JSON-LD of an author's page: a ProfilePage about the Person, their own site and links as sameAs. */
export function authorPageJsonLd(
  profile: { name: string; bio: string; url?: string | undefined; links: readonly { url: string }[] },
  canonical: string,
): Record<string, unknown> {
  const sameAs = [profile.url, ...profile.links.map((link) => link.url)].filter(
    (url): url is string => url !== undefined && /^https?:/i.test(url),
  );
  return {
    "@context": "https://schema.org",
    "@type": "ProfilePage",
    url: canonical,
    mainEntity: {
      "@type": "Person",
      name: stripBidiControls(profile.name),
      description: stripBidiControls(profile.bio),
      url: canonical,
      ...(sameAs.length > 0 ? { sameAs } : {}),
    },
  };
}

/** JSON-LD of a series page: the CreativeWorkSeries and its parts, in order. */
export function seriesJsonLd(
  name: string,
  canonical: string,
  parts: readonly { title: string; url: string }[],
): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "CreativeWorkSeries",
    name: stripBidiControls(name),
    url: canonical,
    inLanguage: siteConfig.lang,
    hasPart: parts.map((part, index) => ({
      "@type": "BlogPosting",
      headline: stripBidiControls(part.title),
      url: part.url,
      position: index + 1,
    })),
  };
}

/** JSON-LD of the home page: the site and the blog. */
export function homeJsonLd(): Record<string, unknown>[] {
  const url = absoluteUrl(withBase(""));
  return [
    {
      "@context": "https://schema.org",
      "@type": "WebSite",
      name: siteConfig.title,
      description: siteConfig.description,
      url,
      inLanguage: siteConfig.lang,
      publisher: publisher(),
    },
    {
      "@context": "https://schema.org",
      "@type": "Blog",
      name: siteConfig.title,
      description: siteConfig.description,
      url: absoluteUrl(withBase("blog/")),
      publisher: publisher(),
    },
  ];
}

/**
 * JSON for a <script type="application/ld+json"> block. `<`, `>` and `&` are
 * escaped as \u003c etc., so a title containing "</script>" or "<!--" cannot end
 * or alter the block, and JSON parsers read the text back unchanged.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
