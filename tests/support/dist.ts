/** Reading the built site: pages by URL, parsed with a real HTML parser. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseHTML } from "linkedom";
import { parse as parseYaml } from "yaml";

export function fileForUrl(distDir: string, url: string): string {
  const path = decodeURIComponent(new URL(url, "https://site.test").pathname);
  return join(distDir, path.endsWith("/") ? `${path}index.html` : path);
}

export function pageExists(distDir: string, url: string): boolean {
  return existsSync(fileForUrl(distDir, url));
}

export function readPage(distDir: string, url: string): Document {
  return parseHTML(readFileSync(fileForUrl(distDir, url), "utf8")).document;
}

export function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)));
}

export interface SourcePost {
  file: string;
  slug: string;
  frontmatter: Record<string, unknown> & { title: string; tags?: string[]; category: string };
  published: boolean;
}

/** Posts as their source files say, read without the site's own code. */
export function readSourcePosts(contentDir: string): SourcePost[] {
  return readdirSync(contentDir)
    .filter((name) => /\.mdx?$/.test(name))
    .map((file) => {
      const text = readFileSync(join(contentDir, file), "utf8");
      const yaml = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
      const frontmatter = parseYaml(yaml) as SourcePost["frontmatter"];
      const slug = typeof frontmatter.slug === "string" ? frontmatter.slug : file.replace(/\.mdx?$/, "");
      return { file, slug, frontmatter, published: frontmatter.published !== false };
    });
}

/** Links to post pages on a list page, in page order, as slugs. */
export function postSlugsListed(document: Document): string[] {
  return [...document.querySelectorAll("main .post-card__title a")].map(
    (link) => /\/blog\/([^/]+)\/$/.exec(link.getAttribute("href") ?? "")?.[1] ?? "",
  );
}
