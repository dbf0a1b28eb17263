/**
 * The only module that reads the content collection. Every page asks it for the
 * blog index, which is built once per build (not once per page).
 */
import { type CollectionEntry, getCollection, render } from "astro:content";
import { readFileSync } from "node:fs";
import { prerenderedFile, prerenderedHtml } from "#build/content/prerendered-posts.ts";
import { getTaxonomy } from "#src/data/taxonomy.ts";
import type { AuthorProfile } from "#src/domain/authors.ts";
import { type BlogIndex, buildBlogIndex, type IndexablePost } from "#src/domain/blog-index.ts";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { readingTimeOfPost } from "#src/domain/reading-time.ts";
import { type PostRedirect, postRedirects } from "#src/domain/redirects.ts";
import { describeTerms } from "#src/domain/taxonomy.ts";
import { styledFeaturesOf } from "#src/markdown/styled-features.ts";

export type BlogEntry = CollectionEntry<"blog">;

export interface Post extends IndexablePost {
  entry: BlogEntry;
  data: BlogEntry["data"];
  /** "7 min read": from the frontmatter, else counted from the body. */
  readingTime: string;
  /** Changes whenever the post's rendered body may: its file's digest and, for HTML rendered at content sync, that HTML's file. */
  bodyVersion: string;
  /** How its body reads: `mdx` for an MDX module; `md` for a .md post and for an .mdx post that is plain Markdown. */
  syntax: "md" | "mdx";
}

let index: Promise<BlogIndex<Post>> | undefined;

/**
 * Drafts and scheduled posts are part of the index only on the dev server. `astro build` always runs in
 * MODE "production", so a stray NODE_ENV (which can flip DEV) never publishes them.
 */
export function getBlogIndex(): Promise<BlogIndex<Post>> {
  index ??= Promise.all([getCollection("blog"), getCollection("authors")])
    .then(([entries, authors]) =>
      buildBlogIndex(entries.map(toPost), {
        preview: import.meta.env.DEV && import.meta.env.MODE !== "production",
        authors: authors.map(toAuthorProfile),
      }),
    )
    .then(withTermDescriptions);
  return index;
}

/** The index with the taxonomy file's display names and descriptions on its tags and categories. */
function withTermDescriptions(blog: BlogIndex<Post>): BlogIndex<Post> {
  const taxonomy = getTaxonomy();
  describeTerms(blog.tags, taxonomy.tags);
  describeTerms(blog.categories, taxonomy.categories);
  return blog;
}

/** An author file (src/content/authors/<id>.yaml) as the index knows it. */
function toAuthorProfile(entry: CollectionEntry<"authors">): AuthorProfile {
  return { id: entry.id, ...entry.data };
}

/**
 * The store keeps no post bodies (src/content.config.ts), and the posts loader counts the
 * reading time of MDX modules; a post it has not seen (edited on the dev server) is read here.
 */
function countReadingTime(entry: BlogEntry): string {
  const source = entry.filePath ? readFileSync(entry.filePath, "utf8") : "";
  return readingTimeOfPost(entry.filePath ?? "", bodyOf(source));
}

function toPost(entry: BlogEntry): Post {
  // The glob loader logs a Markdown file it cannot render and carries on; a build must not
  // publish such a post with an empty body, so it stops here, naming the file.
  if (import.meta.env.PROD && !entry.rendered && !entry.filePath?.endsWith(".mdx")) {
    throw new Error(`${entry.filePath}: this post could not be rendered; the error above says why.`);
  }
  const rendered = (entry.rendered?.metadata?.frontmatter as { readingTime?: unknown } | undefined)?.readingTime;
  const readingTime = entry.data.readingTime ?? (typeof rendered === "string" ? rendered : countReadingTime(entry));
  const htmlFile = prerenderedFile(entry);
  const bodyVersion = `${entry.digest ?? ""}:${htmlFile ?? ""}`;
  // The posts loader rendered a plain-Markdown .mdx post as Markdown: it is Markdown (build/content/plain-mdx.ts).
  const syntax = entry.filePath?.endsWith(".mdx") && htmlFile === undefined ? "mdx" : "md";
  return { slug: entry.id, data: entry.data, entry, readingTime, bodyVersion, syntax };
}

/**
 * A post's body and headings, however it was rendered: HTML made when content synced (plain-Markdown
 * posts, build/content/posts-loader.ts) or an MDX module. `Content` takes the MDX components either way;
 * `styledFeatures` names the stylesheets it needs beyond the layout's (src/markdown/styled-features.ts).
 */
export async function renderPost(post: Post) {
  const html = prerenderedHtml(post.entry);
  const entry = html === undefined ? post.entry : { ...post.entry, rendered: { ...post.entry.rendered, html } };
  const { Content, headings, remarkPluginFrontmatter } = await render(entry);
  // The body's HTML too when it is already a string, which `Content` only prints (no component, no image).
  return { Content, headings, styledFeatures: styledFeaturesOf(remarkPluginFrontmatter), html };
}

type RenamedPost = Post & { file: string };
let redirects: Promise<PostRedirect<RenamedPost>[]> | undefined;

/**
 * The old URLs of renamed posts (`redirectFrom`), each leading to its post: the posts with a page in a build
 * (public and unlisted, on the dev server too: a draft's old slugs build nothing). An old slug that is another
 * post's slug or old slug stops the build, naming both files (src/domain/redirects.ts).
 */
export function getRedirects(): Promise<PostRedirect<RenamedPost>[]> {
  redirects ??= getBlogIndex().then((blog) =>
    postRedirects(
      blog.pages
        .filter((post) => ["public", "unlisted"].includes(blog.visibilityOf(post)))
        .map((post) => ({ ...post, file: post.entry.filePath ?? post.slug, redirectFrom: post.data.redirectFrom })),
    ),
  );
  return redirects;
}
