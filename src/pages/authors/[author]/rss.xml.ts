import type { APIRoute, GetStaticPaths } from "astro";
import type { Post } from "#src/data/blog.ts";
import { getBlogIndex } from "#src/data/blog.ts";
import { authorRssResponse } from "#src/data/feeds.ts";
import { termFeedKey } from "#src/data/page-keys.ts";
import type { AuthorTerm } from "#src/domain/blog-index.ts";
import { siteConfig } from "#src/site.config.ts";

export const getStaticPaths = (async () => {
  const blog = await getBlogIndex();
  return blog.authors.map((author) => ({
    params: { author: author.slug },
    props: { author },
    cacheKey: termFeedKey(blog, author, siteConfig.feedLimit),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => authorRssResponse((props as { author: AuthorTerm<Post> }).author);
