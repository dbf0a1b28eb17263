import type { APIRoute, GetStaticPaths } from "astro";
import { getBlogIndex, type Post } from "@/lib/collection.ts";
import { termRssResponse } from "@/lib/feeds/site-feeds.ts";
import { termFeedKey } from "@/lib/page-keys.ts";
import type { Term } from "@/lib/taxonomy.ts";
import { siteConfig } from "@/site.config.ts";

export const getStaticPaths = (async () => {
  const blog = await getBlogIndex();
  return blog.categories.map((term) => ({
    params: { category: term.slug },
    props: { term },
    cacheKey: termFeedKey(blog, term, siteConfig.feedLimit),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => termRssResponse("categories", (props as { term: Term<Post> }).term);
