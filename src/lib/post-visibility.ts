/**
 * Whether a post is public: it gets its page, and a place in lists, counts, feeds, the sitemap, the search
 * index and the Open Graph cards. The one place the rule is written; the blog index (parsed frontmatter) and
 * the tools that read post files outside Astro (raw YAML: sitemap, cards, check, verify) all ask it.
 */
export function isPublicPost(frontmatter: { readonly published?: unknown }): boolean {
  return frontmatter.published !== false;
}
