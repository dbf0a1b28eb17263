import type { APIRoute } from "astro";
import { getBlogIndex } from "#src/data/blog.ts";
import { feedChannel, feedItems } from "#src/data/feeds.ts";
import { rssXml } from "#src/domain/feeds/feed.ts";
import { siteConfig } from "#src/site.config.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const channel = feedChannel("", siteConfig.title, siteConfig.description, "rss");
  const xml = await rssXml(channel, await feedItems(blog.posts));
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
};
