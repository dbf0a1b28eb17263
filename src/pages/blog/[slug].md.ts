import type { APIRoute, GetStaticPaths } from "astro";
import { getBlogIndex, type Post } from "#src/data/blog.ts";
import { markdownTwinOf } from "#src/data/markdown-twins.ts";
import { markdownTwinKey } from "#src/data/page-keys.ts";

/** Every post with a page has its Markdown twin (src/domain/markdown-twin.ts): public and unlisted ones. */
export const getStaticPaths = (async () => {
  const blog = await getBlogIndex();
  return blog.pages.map((post) => ({
    params: { slug: post.slug },
    props: { post },
    cacheKey: markdownTwinKey(blog, post),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) =>
  new Response(await markdownTwinOf((props as { post: Post }).post), {
    headers: { "Content-Type": "text/markdown; charset=utf-8" },
  });
