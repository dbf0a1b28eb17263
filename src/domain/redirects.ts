/**
 * Renamed posts: each slug in a post's `redirectFrom` keeps its old URL working, with a redirect page at
 * /blog/<old-slug>/ (src/pages/blog/[from].astro) and a 301 line in `_redirects` for Netlify and Cloudflare
 * (build/integrations/redirects-file.ts). An old slug is a URL like a slug: it may belong to one post only.
 * The caller passes the posts that have a page in the build (public and unlisted), so a draft's old slugs
 * build nothing and block nothing.
 */
import { stripBidiControls } from "#src/domain/text-hygiene.ts";
import { absoluteUrl, postUrl, withBase } from "#src/domain/urls.ts";
import { siteConfig } from "#src/site.config.ts";

/** A post as far as its URLs go: its slug, its old slugs, and its file (for messages). */
export interface SlugHolder {
  slug: string;
  /** The post's file as the author knows it: src/content/blog/my-post.md. */
  file: string;
  redirectFrom?: readonly string[] | undefined;
}

/** One old URL of a post: /blog/<from>/ leads to the post. */
export interface PostRedirect<P extends SlugHolder = SlugHolder> {
  from: string;
  to: P;
}

/** An old slug another URL already holds: the post's own slug, another post's slug or another post's old slug. */
export interface SlugClash {
  /** The file whose `redirectFrom` lists the slug. */
  file: string;
  /** Where in its `redirectFrom` (for `redirectFrom.<index>`). */
  index: number;
  slug: string;
  /** The file that holds it too (the same file when it is the post's own slug). */
  other: string;
  message: string;
}

/** Every old slug that clashes with a slug or another old slug, each reported on the post that lists it. */
export function findSlugClashes(posts: readonly SlugHolder[]): SlugClash[] {
  const slugOwners = new Map<string, string>();
  for (const post of posts) if (!slugOwners.has(post.slug)) slugOwners.set(post.slug, post.file);
  const oldSlugOwners = new Map<string, string[]>();
  for (const post of posts) {
    for (const from of new Set(post.redirectFrom ?? [])) {
      oldSlugOwners.set(from, [...(oldSlugOwners.get(from) ?? []), post.file]);
    }
  }
  const clashes: SlugClash[] = [];
  for (const post of posts) {
    const seen = new Set<string>();
    (post.redirectFrom ?? []).forEach((from, index) => {
      if (seen.has(from)) return;
      seen.add(from);
      const clash = (other: string, message: string) =>
        clashes.push({ file: post.file, index, slug: from, other, message });
      if (from === post.slug) {
        clash(post.file, `"${from}" is this post's own slug: an old slug redirects to the post, so it must differ`);
        return;
      }
      const owner = slugOwners.get(from);
      if (owner !== undefined) {
        clash(
          owner,
          `"${from}" is the slug of ${owner}, which has its page at that URL: remove it here, or rename that post`,
        );
        return;
      }
      for (const other of oldSlugOwners.get(from) ?? []) {
        if (other !== post.file) {
          clash(
            other,
            `"${from}" is also an old slug (redirectFrom) of ${other}: an old URL can lead to one post only`,
          );
        }
      }
    });
  }
  return clashes;
}

/** `file: redirectFrom.1: message` lines, as a build error names each clash. */
export function describeSlugClashes(clashes: readonly SlugClash[]): string {
  const lines = clashes.map((clash) => `${clash.file}: redirectFrom.${clash.index}: ${clash.message}`);
  return `${clashes.length === 1 ? "An old slug is" : "Old slugs are"} taken (fix each, then build again):\n${lines.join("\n")}`;
}

/**
 * The redirects of these posts (those with a page in this build), sorted by old slug. Throws, naming both
 * files of each, when an old slug clashes (findSlugClashes): two pages cannot share a URL.
 */
export function postRedirects<P extends SlugHolder>(posts: readonly P[]): PostRedirect<P>[] {
  const clashes = findSlugClashes(posts);
  if (clashes.length > 0) throw new Error(describeSlugClashes(clashes));
  return posts
    .flatMap((post) => [...new Set(post.redirectFrom ?? [])].map((from) => ({ from, to: post })))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The header of the generated part of `_redirects`. */
export const REDIRECTS_HEADER = "# Renamed posts (redirectFrom in their frontmatter), written by the build:";

/**
 * The `_redirects` file of a build: the site's own rules (public/_redirects, first, so they win: Netlify and
 * Cloudflare apply the first rule that matches a path), then one permanent redirect per old slug, with the base
 * path. Undefined when there is nothing to write.
 */
export function redirectsFileText(
  redirects: readonly PostRedirect[],
  existing = "",
  base: string | undefined = undefined,
): string | undefined {
  const lines = redirects.map(
    ({ from, to }) => `${withBase(`blog/${from}/`, base)} ${withBase(`blog/${to.slug}/`, base)} 301`,
  );
  const own = existing.replace(/\s+$/, "");
  if (lines.length === 0) return own ? `${own}\n` : undefined;
  return `${own ? `${own}\n\n` : ""}${REDIRECTS_HEADER}\n${lines.join("\n")}\n`;
}

/** What a redirect page says: where the post is now (a site path and the canonical URL) and its title. */
export interface RedirectPage {
  /** The page's <title>: the post's, marked as moved, bidirectional controls removed (a title holds only text). */
  title: string;
  postTitle: string;
  /** The post's path with the base: the meta refresh and the plain link go there. */
  href: string;
  /** The post's absolute URL: the redirect page's canonical link, so search engines credit the post. */
  canonical: string;
  /** The meta refresh's content: at once. */
  refresh: string;
}

export function redirectPageOf(post: { slug: string; data: { title: string } }): RedirectPage {
  const href = postUrl(post.slug);
  return {
    title: stripBidiControls(`Moved: ${post.data.title} | ${siteConfig.title}`),
    postTitle: post.data.title,
    href,
    canonical: absoluteUrl(href),
    refresh: `0; url=${href}`,
  };
}
