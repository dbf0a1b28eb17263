/**
 * The only module that reads the content collection. Every page asks it for the
 * blog index, which is built once per build (not once per page).
 */
import { type CollectionEntry, getCollection } from "astro:content";
import { readFileSync } from "node:fs";
import { bodyOf } from "./frontmatter.ts";
import { type BlogIndex, buildBlogIndex, type IndexablePost } from "./posts.ts";
import { readingTimeOfPost } from "./reading-time.ts";

export type BlogEntry = CollectionEntry<"blog">;

export interface Post extends IndexablePost {
  entry: BlogEntry;
  data: BlogEntry["data"];
  /** "7 min read": from the frontmatter, else counted from the body. */
  readingTime: string;
}

let index: Promise<BlogIndex<Post>> | undefined;

/**
 * Drafts are part of the index only on the dev server. `astro build` always runs in
 * MODE "production", so a stray NODE_ENV (which can flip DEV) never publishes drafts.
 */
export function getBlogIndex(): Promise<BlogIndex<Post>> {
  index ??= getCollection("blog").then((entries) =>
    buildBlogIndex(entries.map(toPost), {
      includeDrafts: import.meta.env.DEV && import.meta.env.MODE !== "production",
    }),
  );
  return index;
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
  return { slug: entry.id, data: entry.data, entry, readingTime };
}
