import type { APIRoute } from "astro";
import { getBlogIndex } from "#src/data/blog.ts";
import { feedChannel, feedItems } from "#src/data/feeds.ts";
import { jsonFeed } from "#src/domain/feeds/feed.ts";
import { siteConfig } from "#src/site.config.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const channel = feedChannel("", siteConfig.title, siteConfig.description, "json");
  const feed = jsonFeed(channel, await feedItems(blog.posts));
  return new Response(JSON.stringify(feed, null, 2), {
    headers: { "Content-Type": "application/feed+json; charset=utf-8" },
  });
};
