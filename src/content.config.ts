import { defineCollection } from "astro:content";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import sharp from "sharp";
import { createFrontmatterGuard } from "#build/content/post-files.ts";
import { postsLoader } from "#build/content/posts-loader.ts";
import { createBoundary, refusePostFile } from "#build/integrations/content-boundary.ts";
import { decodePublicPath, outsideBoundaryReason, resolveInside } from "#src/domain/content-boundary.ts";
import { assertRelativeCoverExists, createSlugRegistry } from "#src/domain/post-identity.ts";
import { createPostSchema } from "#src/schemas/post.ts";
import { BLOG_CONTENT_DIR as BLOG_DIR, siteConfig } from "#src/site.config.ts";

const slugs = createSlugRegistry(existsSync);
// Every file a post uses is inside the content folder, src/assets/ or public/, through every link.
const boundary = createBoundary(process.cwd(), BLOG_DIR);

async function readPublicImage(publicPath: string) {
  // The schema has refused a path that climbs out of public/ or links out of the boundary already.
  const file = resolveInside("public", decodePublicPath(publicPath));
  if (file === undefined || !existsSync(file)) return undefined;
  const { width, height, format } = await sharp(file).metadata();
  const webpPath = publicPath.replace(/\.(png|jpe?g)$/i, ".webp");
  const webpFile = resolveInside("public", decodePublicPath(webpPath));
  const webpSrc =
    webpPath !== publicPath && webpFile !== undefined && boundary.contains(webpFile) && existsSync(webpFile)
      ? webpPath
      : undefined;
  return {
    src: publicPath,
    width: width ?? 0,
    height: height ?? 0,
    format: format ?? "png",
    isPublicFile: true,
    webpSrc,
  };
}

/**
 * A cover must stay inside the boundary: Astro's image() would copy whatever a relative path points at
 * into dist/_astro/, and a public path is read through join("public", …). The schema refuses both too;
 * here, where the post's path is known (as in assertRelativeCoverExists), the error names the file.
 */
function refuseCover(filePath: string, coverImage: unknown): void {
  if (typeof coverImage !== "string") return;
  const written = coverImage.trim();
  if (!written || /^[a-z]+:\/\//i.test(written)) return;
  let refused: string | undefined;
  if (written.startsWith("/")) {
    const file = resolveInside("public", decodePublicPath(written));
    refused =
      file === undefined ? outsideBoundaryReason({ written, folders: ["public"] }) : boundary.refuseFile(file, written);
  } else {
    refused = boundary.refuseFile(join(dirname(filePath), written), written);
  }
  if (refused) throw new Error(`${filePath}: coverImage: ${refused}. A post may only use files inside these folders.`);
}

// Frontmatter the tools (the raw reader) and the site would read differently is refused: not UTF-8,
// anchors, aliases, merge keys, tags, dates that are no dates as written (build/content/post-files.ts).
const frontmatter = createFrontmatterGuard(BLOG_DIR);
/** The posts loader, checking every post file before it reads any: one error names each file to fix. */
const checkedPostsLoader = frontmatter.checking(postsLoader);

const blog = defineCollection({
  loader: checkedPostsLoader({
    pattern: "**/*.{md,mdx}",
    base: `./${BLOG_DIR}`,
    // The store is bundled into the build as one module: post bodies in it were most of its
    // size (6.8 MB at 1,000 posts) and a third of a warm build's bundling time.
    retainBody: false,
    generateId: ({ entry, data }) => {
      const filePath = join(BLOG_DIR, entry);
      // A post file that links out of the content folder is not published (the loader refuses it before reading, too).
      refusePostFile(filePath, process.cwd(), BLOG_DIR);
      // What js-yaml made of the frontmatter, against the tools' reading, before the schema sees it.
      frontmatter.assertReadAlike(filePath, data);
      refuseCover(filePath, data.coverImage);
      assertRelativeCoverExists(filePath, data.coverImage, existsSync);
      return slugs.claim(filePath, data.slug);
    },
  }),
  schema: ({ image }) =>
    createPostSchema({
      image,
      readPublicImage,
      refusePublicFile: boundary.refuseFile,
      defaultAuthor: siteConfig.author.name,
    }),
});

export const collections = { blog };
