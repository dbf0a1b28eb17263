import type { APIRoute } from "astro";
import { getBlogIndex } from "#src/data/blog.ts";
import { feedChannel, feedItems } from "#src/data/feeds.ts";
import { atomXml } from "#src/domain/feeds/feed.ts";
import { siteConfig } from "#src/site.config.ts";

export const GET: APIRoute = async () => {
  const blog = await getBlogIndex();
  const channel = feedChannel("", siteConfig.title, siteConfig.description, "atom");
  const xml = atomXml(channel, await feedItems(blog.posts));
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8" } });
};
