import type { APIRoute, GetStaticPaths } from "astro";
import { getBlogIndex, type Post } from "@/lib/collection.ts";
import { termRssResponse } from "@/lib/feeds/site-feeds.ts";
import type { Term } from "@/lib/taxonomy.ts";

export const getStaticPaths = (async () => {
  const blog = await getBlogIndex();
  return blog.categories.map((term) => ({ params: { category: term.slug }, props: { term } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => termRssResponse("categories", (props as { term: Term<Post> }).term);
