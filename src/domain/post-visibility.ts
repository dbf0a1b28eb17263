/**
 * Whether a post is public: it gets its page, and a place in lists, counts, feeds, the sitemap, the search
 * index and the Open Graph cards. The one place the rule is written. It takes frontmatter the post schema
 * has parsed: the blog index (src/data/blog.ts) and the tools that read post files outside Astro
 * (build/content/post-files.ts) both ask it.
 */
import type { PostData } from "#src/schemas/post.ts";

export function isPublicPost(post: Pick<PostData, "published" | "date">): boolean {
  return post.published;
}
