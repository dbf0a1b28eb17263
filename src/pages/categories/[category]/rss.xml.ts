import type { APIRoute, GetStaticPaths } from "astro";
import { getBlogIndex, type Post } from "#src/data/blog.ts";
import { termRssResponse } from "#src/data/feeds.ts";
import { termFeedKey } from "#src/data/page-keys.ts";
import type { Term } from "#src/domain/taxonomy.ts";
import { siteConfig } from "#src/site.config.ts";

export const getStaticPaths = (async () => {
  const blog = await getBlogIndex();
  return blog.categories.map((term) => ({
    params: { category: term.slug },
    props: { term },
    cacheKey: termFeedKey(blog, term, siteConfig.feedLimit),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => termRssResponse("categories", (props as { term: Term<Post> }).term);
