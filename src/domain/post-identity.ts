import { POST_SLUG_PATTERN } from "#src/schemas/post.ts";

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

/**
 * A cover image path relative to the post must point at a file. Astro's `image()`
 * reports a missing one only when bundling, without naming the post, so the
 * loader checks it up front where the post's path is known.
 */
export function assertRelativeCoverExists(
  filePath: string,
  coverImage: unknown,
  fileExists: (filePath: string) => boolean,
): void {
  if (typeof coverImage !== "string" || coverImage.startsWith("/") || /^[a-z]+:\/\//i.test(coverImage)) return;
  const directory = filePath.replace(/[\\/][^\\/]*$/, "");
  const resolved = `${directory}/${coverImage.replace(/^\.\//, "")}`;
  if (!fileExists(resolved)) {
    throw new Error(
      `${filePath}: coverImage: expected an image file at ${resolved}, found no such file. Fix the path or add the image.`,
    );
  }
}
