/**
 * Feeds in three formats from one list of items: RSS 2.0 (@astrojs/rss),
 * Atom 1.0 (the `feed` package) and JSON Feed 1.1 (plain JSON, typed here,
 * since `feed` writes JSON Feed 1.0).
 */
import { getRssString } from "@astrojs/rss";
import { Feed } from "feed";
import { authorRefs, type CreditedAuthor, joinNames } from "#src/domain/authors.ts";
import { stripBidiControls } from "#src/domain/text-hygiene.ts";
import type { PostData } from "#src/schemas/post.ts";

export interface FeedChannel {
  title: string;
  description: string;
  /** The HTML page this feed follows (home page, or a tag page). */
  pageUrl: string;
  /** Absolute URL of this feed file. */
  feedUrl: string;
  /** Absolute URLs of the other formats, for Atom's and JSON Feed's self-description. */
  alternates: { atom: string; json: string; rss: string };
  language: string;
  imageUrl: string;
  iconUrl: string;
  /** Relative href of the XSL stylesheet that makes the RSS file readable in a browser. */
  stylesheet?: string | undefined;
}

export interface FeedItem {
  title: string;
  /** Absolute permalink; also the guid. */
  url: string;
  published: Date;
  updated: Date;
  summary: string;
  /** The byline: the authors' names joined ("Ada and Grace"). */
  author: string;
  /** Each author, with the absolute URL of their page when they have one. */
  authors: CreditedAuthor[];
  /** The category first, then the tags. */
  categories: string[];
  /** Full post body as HTML with absolute URLs. */
  contentHtml: string;
}

/**
 * `categories`: the category then the tags, as the blog names them (one spelling per tag). `authors`: the
 * post's authors with their pages (src/domain/authors.ts); by default the names its `author` gives.
 */
export function toFeedItem(
  post: { data: Pick<PostData, "title" | "date" | "updated" | "excerpt" | "author"> },
  url: string,
  contentHtml: string,
  categories: readonly string[],
  authors: readonly CreditedAuthor[] = authorRefs(post.data.author).map((name) => ({ name })),
): FeedItem {
  const { data } = post;
  return {
    title: data.title,
    url,
    published: data.date,
    updated: data.updated ?? data.date,
    summary: data.excerpt,
    author: joinNames(authors.map((author) => author.name)),
    authors: [...authors],
    categories: [...new Set(categories)],
    contentHtml,
  };
}

/** The feed's own "last changed": its newest item, so an unchanged blog yields an unchanged feed. */
export function lastUpdated(items: readonly FeedItem[], fallback = new Date(0)): Date {
  return new Date(Math.max(fallback.getTime(), ...items.map((item) => item.updated.getTime())));
}

/**
 * A feed reader shows titles, summaries, categories and names as plain text, where nothing can isolate a
 * bidirectional override: each format writes the channel and its items through these, without those controls.
 * The bodies are HTML and keep what the post wrote.
 */
export function plainChannel(channel: FeedChannel): FeedChannel {
  return { ...channel, title: stripBidiControls(channel.title), description: stripBidiControls(channel.description) };
}

/** Two categories that differ only by such controls become one. */
export function plainItem(item: FeedItem): FeedItem {
  return {
    ...item,
    title: stripBidiControls(item.title),
    summary: stripBidiControls(item.summary),
    author: stripBidiControls(item.author),
    authors: item.authors.map((author) => ({ ...author, name: stripBidiControls(author.name) })),
    categories: [...new Set(item.categories.map(stripBidiControls))],
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export async function rssXml(rawChannel: FeedChannel, rawItems: readonly FeedItem[]): Promise<string> {
  const channel = plainChannel(rawChannel);
  const items = rawItems.map(plainItem);
  return getRssString({
    title: channel.title,
    description: channel.description,
    site: channel.pageUrl,
    trailingSlash: true,
    ...(channel.stylesheet ? { stylesheet: channel.stylesheet } : {}),
    xmlns: {
      atom: "http://www.w3.org/2005/Atom",
      dc: "http://purl.org/dc/elements/1.1/",
      content: "http://purl.org/rss/1.0/modules/content/",
    },
    customData: [
      `<language>${escapeXml(channel.language)}</language>`,
      `<lastBuildDate>${lastUpdated(items).toUTCString()}</lastBuildDate>`,
      `<atom:link href="${escapeXml(channel.feedUrl)}" rel="self" type="application/rss+xml"/>`,
      `<image><url>${escapeXml(channel.imageUrl)}</url><title>${escapeXml(channel.title)}</title><link>${escapeXml(channel.pageUrl)}</link></image>`,
    ].join(""),
    items: items.map((item) => ({
      title: item.title,
      link: item.url,
      pubDate: item.published,
      // Readers read an RSS description as HTML: the excerpt is text, so it is escaped to stay text.
      description: escapeXml(item.summary),
      content: item.contentHtml,
      categories: item.categories,
      // One dc:creator an author (Dublin Core repeats the element); RSS has no place for their page.
      customData: item.authors.map((author) => `<dc:creator>${escapeXml(author.name)}</dc:creator>`).join(""),
    })),
  });
}

export function atomXml(rawChannel: FeedChannel, rawItems: readonly FeedItem[]): string {
  const channel = plainChannel(rawChannel);
  const items = rawItems.map(plainItem);
  const feed = new Feed({
    title: channel.title,
    description: channel.description,
    id: channel.pageUrl,
    link: channel.pageUrl,
    language: channel.language,
    image: channel.imageUrl,
    favicon: channel.iconUrl,
    updated: lastUpdated(items),
    generator: "Astro",
    copyright: `© ${channel.title}`,
    feedLinks: { atom: channel.feedUrl, json: channel.alternates.json, rss: channel.alternates.rss },
  });
  for (const item of items) {
    feed.addItem({
      // The feed package marks an entry's title and summary type="html": plain text is escaped to stay text.
      title: escapeXml(item.title),
      id: item.url,
      link: item.url,
      description: escapeXml(item.summary),
      content: item.contentHtml,
      author: item.authors.map((author) =>
        author.url ? { name: author.name, link: author.url } : { name: author.name },
      ),
      date: item.updated,
      published: item.published,
      category: item.categories.map((name) => ({ name, term: name })),
    });
  }
  return escapeAttributeAngleBrackets(feed.atom1());
}

/**
 * The `feed` package (through xml-js) escapes `&` and `"` in attribute values but
 * not `<`, which makes a category such as "C&C <b>" malformed XML. Outside CDATA
 * sections, every `<` or `>` inside a `name="…"` value is text, so escaping it
 * there is safe.
 */
export function escapeAttributeAngleBrackets(xml: string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith("<![CDATA[")
        ? part
        : part.replace(
            /(\s[\w:.-]+=")([^"]*)"/g,
            (_, start: string, value: string) => `${start}${value.replace(/</g, "&lt;").replace(/>/g, "&gt;")}"`,
          ),
    )
    .join("");
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export function jsonFeed(rawChannel: FeedChannel, rawItems: readonly FeedItem[]): Record<string, unknown> {
  const channel = plainChannel(rawChannel);
  const items = rawItems.map(plainItem);
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: channel.title,
    home_page_url: channel.pageUrl,
    feed_url: channel.feedUrl,
    description: channel.description,
    icon: channel.imageUrl,
    favicon: channel.iconUrl,
    language: channel.language,
    items: items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.contentHtml,
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      authors: item.authors.map((author) =>
        author.url ? { name: author.name, url: author.url } : { name: author.name },
      ),
      tags: item.categories,
    })),
  };
}
