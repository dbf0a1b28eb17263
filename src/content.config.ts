import { defineCollection } from "astro:content";
import { existsSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { postsLoader } from "#build/content/posts-loader.ts";
import { assertRelativeCoverExists, createSlugRegistry } from "#src/domain/post-identity.ts";
import { createPostSchema } from "#src/schemas/post.ts";
import { BLOG_CONTENT_DIR as BLOG_DIR, siteConfig } from "#src/site.config.ts";

const slugs = createSlugRegistry(existsSync);

async function readPublicImage(publicPath: string) {
  const file = join("public", decodeURI(publicPath));
  if (!existsSync(file)) return undefined;
  const { width, height, format } = await sharp(file).metadata();
  const webpPath = publicPath.replace(/\.(png|jpe?g)$/i, ".webp");
  const webpSrc = webpPath !== publicPath && existsSync(join("public", decodeURI(webpPath))) ? webpPath : undefined;
  return {
    src: publicPath,
    width: width ?? 0,
    height: height ?? 0,
    format: format ?? "png",
    isPublicFile: true,
    webpSrc,
  };
}

const blog = defineCollection({
  loader: postsLoader({
    pattern: "**/*.{md,mdx}",
    base: `./${BLOG_DIR}`,
    // The store is bundled into the build as one module: post bodies in it were most of its
    // size (6.8 MB at 1,000 posts) and a third of a warm build's bundling time.
    retainBody: false,
    generateId: ({ entry, data }) => {
      const filePath = join(BLOG_DIR, entry);
      assertRelativeCoverExists(filePath, data.coverImage, existsSync);
      return slugs.claim(filePath, data.slug);
    },
  }),
  schema: ({ image }) => createPostSchema({ image, readPublicImage, defaultAuthor: siteConfig.author.name }),
});

export const collections = { blog };
