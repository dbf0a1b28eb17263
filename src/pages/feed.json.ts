import type { APIRoute } from "astro";
import { getBlogIndex } from "../lib/collection.ts";
import { jsonFeed } from "../lib/feeds/feed.ts";
import { feedChannel, feedItems } from "../lib/feeds/site-feeds.ts";
import { siteConfig } from "../site.config.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const channel = feedChannel("", siteConfig.title, siteConfig.description, "json");
  const feed = jsonFeed(channel, await feedItems(blog.posts));
  return new Response(JSON.stringify(feed, null, 2), {
    headers: { "Content-Type": "application/feed+json; charset=utf-8" },
  });
};
