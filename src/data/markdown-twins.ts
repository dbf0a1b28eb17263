/**
 * The Markdown twins of posts (`/blog/<slug>.md`, src/domain/markdown-twin.ts) and the llms.txt that lists
 * them. The store keeps no post bodies (src/content.config.ts), so each twin reads its post's file, as the
 * reading time does. Images are the files the site serves: astro:assets' URL of the original (Figure.astro
 * links the same file), found the way Figure.astro finds them.
 */
import { readFileSync } from "node:fs";
import type { ImageMetadata } from "astro";
import { getBlogIndex, type Post } from "#src/data/blog.ts";
import { joinNames } from "#src/domain/authors.ts";
import { normalizePath } from "#src/domain/content-boundary.ts";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { type LlmsTxt, renderLlmsTxt } from "#src/domain/llms-txt.ts";
import { markdownTwin, planTwinBody, type TwinImage } from "#src/domain/markdown-twin.ts";
import { siteFeeds } from "#src/domain/seo.ts";
import { termSlug } from "#src/domain/taxonomy.ts";
import { absoluteUrl, markdownTwinUrl, postUrl } from "#src/domain/urls.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

// The images a post may show: beside it (as Figure.astro and CoverImage.astro glob them) or in src/assets/ (an
// MDX import may reach there). Vite takes only literal patterns.
const images = {
  ...import.meta.glob<{ default: ImageMetadata }>("/src/content/blog/**/*.{png,jpg,jpeg,webp,avif,gif,svg}"),
  ...import.meta.glob<{ default: ImageMetadata }>("/src/assets/**/*.{png,jpg,jpeg,webp,avif,gif,svg}"),
};

/** The folder of a post file, relative to the project (src/content/blog/…). */
function folderOf(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash < 0 ? BLOG_CONTENT_DIR : file.slice(0, slash);
}

/** Where the site serves an image a post shows, as an absolute URL; undefined when it is none of the site's images. */
async function imageUrl(post: Post, image: TwinImage): Promise<string | undefined> {
  const written = decodeURI(image.written.replace(/[?#].*$/, ""));
  // Figure.astro's rule: a string `src` is relative to the content folder; anything else to the post's file.
  const folder = image.from === "content" ? BLOG_CONTENT_DIR : folderOf(post.entry.filePath ?? "");
  const file = normalizePath(`${folder}/${image.from === "content" ? written.replace(/^\.?\//, "") : written}`);
  const load = images[`/${file}`];
  return load ? absoluteUrl((await load()).default.src) : undefined;
}

/** A post's twin: its header and its body as Markdown. */
export async function markdownTwinOf(post: Post): Promise<string> {
  const blog = await getBlogIndex();
  const file = post.entry.filePath ?? "";
  const pageUrl = absoluteUrl(postUrl(post.slug));
  let plan: ReturnType<typeof planTwinBody>;
  try {
    plan = planTwinBody(bodyOf(readFileSync(file, "utf8")), {
      // A plain-Markdown .mdx post keeps its body as written, as a .md post does: nothing to convert.
      format: post.syntax,
      title: post.data.title,
      pageUrl,
    });
  } catch (error) {
    throw new Error(`${file}: its Markdown twin could not be made: ${error instanceof Error ? error.message : error}`);
  }
  const urls = new Map(
    await Promise.all(plan.images.map(async (image) => [image, await imageUrl(post, image)] as const)),
  );
  const { data } = post;
  return markdownTwin(
    {
      title: data.title,
      url: pageUrl,
      date: data.date,
      updated: data.updated,
      // The names (an author id is shown as its author's name): "Ada Lovelace and Grace Hopper".
      author: joinNames(blog.authorsOf(post).map((author) => author.name)),
      category: blog.categoryBySlug.get(termSlug(data.category))?.name ?? data.category,
      tags: blog.tagsOf(post).map((tag) => tag.name),
      excerpt: data.excerpt,
    },
    plan.render((image) => urls.get(image)),
  );
}

/** llms.txt: the site, then every public post (never an unlisted one) as a link to its twin with its excerpt. */
export async function llmsTxt(): Promise<string> {
  const blog = await getBlogIndex();
  const file: LlmsTxt = {
    title: siteConfig.title,
    description: siteConfig.description,
    details: [
      `Each post below is linked as Markdown: its page is the same URL with a trailing slash in place of \`.md\` (\`${postUrl("<slug>")}\` for \`${markdownTwinUrl("<slug>")}\`). The full-content feeds are under Optional.`,
    ],
    sections: [
      {
        title: "Posts",
        links: blog.posts.map((post) => ({
          title: post.data.title,
          url: absoluteUrl(markdownTwinUrl(post.slug)),
          notes: post.data.excerpt,
        })),
      },
      {
        title: "Optional",
        links: siteFeeds().map((feed) => ({ title: feed.title, url: absoluteUrl(feed.href) })),
      },
    ],
  };
  return renderLlmsTxt(file);
}
