import type { APIRoute } from "astro";
import { getBlogIndex } from "../lib/collection.ts";
import { atomXml } from "../lib/feeds/feed.ts";
import { feedChannel, feedItems } from "../lib/feeds/site-feeds.ts";
import { siteConfig } from "../site.config.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const channel = feedChannel("", siteConfig.title, siteConfig.description, "atom");
  const xml = atomXml(channel, await feedItems(blog.posts));
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8" } });
};
