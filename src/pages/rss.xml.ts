import type { APIRoute } from "astro";
import { getBlogIndex } from "../lib/collection.ts";
import { rssXml } from "../lib/feeds/feed.ts";
import { feedChannel, feedItems } from "../lib/feeds/site-feeds.ts";
import { siteConfig } from "../site.config.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const channel = feedChannel("", siteConfig.title, siteConfig.description, "rss");
  const xml = await rssXml(channel, await feedItems(blog.posts));
  return new Response(xml, { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
};
