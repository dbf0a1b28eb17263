import { defineCollection } from "astro:content";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { authorsLoader } from "#build/content/author-files.ts";
import { coverChecks } from "#build/content/covers.ts";
import { createFrontmatterGuard } from "#build/content/post-files.ts";
import { postsLoader } from "#build/content/posts-loader.ts";
import { createBoundary, refusePostFile } from "#build/integrations/content-boundary.ts";
import { assertRelativeCoverExists, createSlugRegistry } from "#src/domain/post-identity.ts";
import { createAuthorSchema } from "#src/schemas/author.ts";
import { createPostSchema } from "#src/schemas/post.ts";
import { AUTHORS_CONTENT_DIR, BLOG_CONTENT_DIR as BLOG_DIR, siteConfig } from "#src/site.config.ts";

const slugs = createSlugRegistry(existsSync);
const covers = coverChecks(BLOG_DIR);
// Frontmatter the tools (the raw reader) and the site would read differently is refused: not UTF-8,
// anchors, aliases, merge keys, tags, dates that are no dates as written (build/content/post-files.ts).
const frontmatter = createFrontmatterGuard(BLOG_DIR);
/** The posts loader, checking every post file before it reads any: one error names each file to fix. */
const checkedPostsLoader = frontmatter.checking(postsLoader);

const blog = defineCollection({
  loader: checkedPostsLoader({
    pattern: "**/*.{md,mdx}",
    base: `./${BLOG_DIR}`,
    // The store is bundled into the build as one module: post bodies were most of its size (docs/performance.md).
    retainBody: false,
    generateId: ({ entry, data }) => {
      const filePath = join(BLOG_DIR, entry);
      // A post file that links out of the content folder is not published (the loader refuses it before reading, too).
      refusePostFile(filePath, process.cwd(), BLOG_DIR);
      // What js-yaml made of the frontmatter, against the tools' reading, before the schema sees it.
      frontmatter.assertReadAlike(filePath, data);
      covers.refuseOutside(filePath, data.coverImage);
      assertRelativeCoverExists(filePath, data.coverImage, existsSync);
      return slugs.claim(filePath, data.slug);
    },
  }),
  schema: ({ image }) =>
    createPostSchema({
      image,
      readPublicImage: covers.readPublicImage,
      refusePublicFile: covers.refusePublicFile,
      defaultAuthor: siteConfig.author.name,
    }),
});

/** One YAML file an author, named by the id posts give as `author` (build/content/author-files.ts). */
const authors = defineCollection({
  loader: authorsLoader(AUTHORS_CONTENT_DIR),
  schema: ({ image }) =>
    createAuthorSchema({
      image,
      authorsDir: AUTHORS_CONTENT_DIR,
      fileExists: existsSync,
      refuseFile: createBoundary(process.cwd(), AUTHORS_CONTENT_DIR).refuseFile,
    }),
});

export const collections = { blog, authors };
