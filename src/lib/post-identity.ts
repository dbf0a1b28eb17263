import { POST_SLUG_PATTERN } from "../schemas/post.ts";

/** The slug a post gets from its file name: `src/content/blog/2024/my-post.mdx` → `my-post`. */
export function slugFromFilePath(filePath: string): string {
  const fileName = filePath.split(/[\\/]/).at(-1) ?? filePath;
  return fileName.replace(/\.(md|mdx)$/i, "");
}

/**
 * Hands out post slugs and refuses a slug that another file already holds.
 * The glob loader would otherwise keep one of the two posts and silently drop the other.
 */
export function createSlugRegistry(fileExists: (filePath: string) => boolean = () => true) {
  const owners = new Map<string, string>();
  return {
    claim(filePath: string, frontmatterSlug: unknown): string {
      const slug = typeof frontmatterSlug === "string" ? frontmatterSlug : slugFromFilePath(filePath);
      if (typeof frontmatterSlug !== "string" && (!POST_SLUG_PATTERN.test(slug) || /^\d+$/.test(slug))) {
        throw new Error(
          `${filePath}: slug: expected a file name made of lowercase letters, digits and single hyphens (with at least one letter), found "${slug}". Rename the file or set a \`slug\` in its frontmatter.`,
        );
      }
      const owner = owners.get(slug);
      // A file may be loaded again (dev server edits); a deleted file gives its slug up.
      if (owner && owner !== filePath && fileExists(owner)) {
        throw new Error(
          `slug: two posts have the slug "${slug}": ${owner} and ${filePath}. Give one of them another \`slug\` in its frontmatter or rename its file.`,
        );
      }
      owners.set(slug, filePath);
      return slug;
    },
  };
}
