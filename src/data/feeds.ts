/**
 * Feed items for the site's posts, with each post's full body rendered once per
 * build through Astro's container API, so MDX components and Markdown plugins
 * apply exactly as on the page (a plain-Markdown post's body is the HTML its page prints).
 */

import { loadRenderers } from "astro:container";
import { getContainerRenderer } from "@astrojs/mdx/container-renderer";
import { experimental_AstroContainer as AstroContainer } from "astro/container";
import { mdxComponents } from "#src/components/mdx/index.ts";
import { getBlogIndex, type Post, renderPost } from "#src/data/blog.ts";
import { creditsOf } from "#src/domain/authors.ts";
import type { AuthorTerm } from "#src/domain/blog-index.ts";
import { feedHtml } from "#src/domain/feeds/content.ts";
import { type FeedChannel, type FeedItem, rssXml, toFeedItem } from "#src/domain/feeds/feed.ts";
import { ogImageUrl } from "#src/domain/seo.ts";
import { absoluteUrl, authorUrl, postUrl, withBase } from "#src/domain/urls.ts";
import { siteConfig } from "#src/site.config.ts";

let container: Promise<AstroContainer> | undefined;
const bodies = new Map<string, Promise<string>>();

async function renderBody(post: Post): Promise<string> {
  const { Content, html: rendered } = await renderPost(post);
  let html = rendered;
  if (html === undefined) {
    container ??= loadRenderers([getContainerRenderer()]).then((renderers) => AstroContainer.create({ renderers }));
    html = await (await container).renderToString(Content, { props: { components: mdxComponents } });
  }
  return feedHtml(html, absoluteUrl(postUrl(post.slug)));
}

/** The full-content feed items of these posts, at most `limit` of them (the caller sorts newest first). */
export async function feedItems(posts: readonly Post[], limit = siteConfig.feedLimit): Promise<FeedItem[]> {
  const blog = await getBlogIndex();
  return Promise.all(
    posts.slice(0, limit).map(async (post) => {
      let body = bodies.get(post.slug);
      if (!body) {
        body = renderBody(post);
        bodies.set(post.slug, body);
      }
      const categories = [post.data.category, ...blog.tagsOf(post).map((tag) => tag.name)];
      const authors = creditsOf(blog.authorsOf(post), (id) => absoluteUrl(authorUrl(id)));
      return toFeedItem(post, absoluteUrl(postUrl(post.slug)), await body, categories, authors);
    }),
  );
}

/** A feed channel for the site (path "") or for a tag or category page ("tags/kafka/"). */
export function feedChannel(
  pagePath: string,
  title: string,
  description: string,
  format: "rss" | "atom" | "json",
): FeedChannel {
  const fileOf = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };
  const alternates = {
    rss: absoluteUrl(withBase(`${pagePath}rss.xml`)),
    atom: absoluteUrl(withBase(`${pagePath}atom.xml`)),
    json: absoluteUrl(withBase(`${pagePath}feed.json`)),
  };
  return {
    title,
    description,
    pageUrl: absoluteUrl(withBase(pagePath)),
    feedUrl: absoluteUrl(withBase(`${pagePath}${fileOf[format]}`)),
    alternates,
    language: siteConfig.lang,
    imageUrl: ogImageUrl("site.png"),
    iconUrl: absoluteUrl(withBase("favicon.svg")),
    stylesheet: format === "rss" ? withBase("rss.xsl") : undefined,
  };
}

/** The RSS feed of one tag or category page, full content, newest first. */
export async function termRssResponse(
  kind: "tags" | "categories",
  term: { slug: string; name: string; posts: Post[]; description?: string | undefined },
) {
  const what = kind === "tags" ? `tagged “${term.name}”` : `in the category “${term.name}”`;
  const channel = feedChannel(
    `${kind}/${term.slug}/`,
    `${siteConfig.title}: ${term.name}`,
    term.description ?? `Posts ${what} on ${siteConfig.title}.`,
    "rss",
  );
  const xml = await rssXml(channel, await feedItems(term.posts));
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}

/** The RSS feed of an author's page: their posts, full content, newest first. */
export async function authorRssResponse(author: AuthorTerm<Post>) {
  const channel = feedChannel(
    `authors/${author.slug}/`,
    `${siteConfig.title}: ${author.name}`,
    `Posts by ${author.name} on ${siteConfig.title}.`,
    "rss",
  );
  const xml = await rssXml(channel, await feedItems(author.posts));
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
}
