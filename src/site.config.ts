/**
 * The one place for site-wide settings. Pages, feeds, metadata and the
 * Markdown pipeline all read from here.
 */
export interface NavLink {
  label: string;
  href: string;
}

export interface SocialLink {
  label: string;
  href: string;
}

/** The repository a site is built from, for each post's link to its source file (src/domain/source-link.ts). */
export interface SourceRepository {
  /** The repository's web address, such as https://github.com/owner/repo or https://gitlab.com/group/project. */
  url: string;
  /** The branch the site is built from. */
  branch: string;
  /** "edit" (the default) links "Edit this post" to the forge's editor; "view" links "View source" to the file. */
  link?: "edit" | "view" | undefined;
  /** The site's folder inside the repository, when it is not the repository's root (a monorepo). */
  directory?: string | undefined;
}

export interface SiteConfig {
  /** Site name, shown in the header, titles and feeds. */
  title: string;
  /** One-sentence description for the home page, feeds and meta tags. */
  description: string;
  /** Absolute origin the site is deployed to (no trailing slash). `SITE_URL` overrides it. */
  url: string;
  /** Sub-path the site is served under, such as `/blog/`. `BASE_PATH` overrides it. */
  base: string;
  /** BCP 47 language tag, used for `<html lang>`, date formatting and feeds. */
  lang: string;
  /** Open Graph locale, e.g. `en_US`. */
  locale: string;
  /** Time zone used to format every date, so builds are identical on every machine. */
  timeZone: string;
  /** Default author for posts whose frontmatter names none. */
  author: { name: string; url?: string };
  /** Posts per page on the blog index, tag and category pages. `SITE_PAGE_SIZE` overrides it. */
  pageSize: number;
  /** How many latest posts the home page lists. */
  homeLatestCount: number;
  /** How many posts the main feed carries, newest first. */
  feedLimit: number;
  /** URLs per sitemap file; the sitemap index lists the files. The protocol allows 50,000. `SITE_SITEMAP_LIMIT` overrides it. */
  sitemapLimit: number;
  /** Header navigation. Hrefs are site-relative; the base path is added for you. */
  nav: NavLink[];
  /** Footer links to profiles elsewhere. */
  socials: SocialLink[];
  /** Packages an MDX post may import (besides images beside it and the site's MDX components): src/domain/mdx-code.ts. */
  mdxImports: string[];
  /**
   * Where the posts' source lives: each post then links to its file ("Edit this post"). Unset, no post does.
   * `SITE_REPOSITORY` (the URL) and `SITE_REPOSITORY_BRANCH` (default `main`) set it at build time.
   */
  repository?: SourceRepository | undefined;
}

const env = typeof process === "undefined" ? {} : process.env;

/**
 * The folder of the blog's posts, relative to the project root: the one place it is named. (Vite's
 * import.meta.glob takes only literal patterns, so Figure.astro and CoverImage.astro spell it out.)
 */
export const BLOG_CONTENT_DIR = "src/content/blog";

/** The folder of the author files (`<id>.yaml`, one an author), relative to the project root. */
export const AUTHORS_CONTENT_DIR = "src/content/authors";

function normalizeBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}/` : "/";
}

export const siteConfig: SiteConfig = {
  title: "Dataflow Notes",
  description: "Practical, tested notes on streaming systems, data pipelines and the engineering around them.",
  url: (env.SITE_URL ?? "https://dataflow-notes.example.com").replace(/\/+$/, ""),
  base: normalizeBase(env.BASE_PATH ?? "/"),
  lang: "en",
  locale: "en_US",
  timeZone: "UTC",
  author: { name: "Dataflow Notes Editors" },
  pageSize: Number(env.SITE_PAGE_SIZE ?? 10),
  homeLatestCount: 6,
  feedLimit: 50,
  sitemapLimit: Number(env.SITE_SITEMAP_LIMIT ?? 50_000),
  nav: [
    { label: "Blog", href: "blog/" },
    { label: "Tags", href: "tags/" },
    { label: "Categories", href: "categories/" },
    { label: "Archive", href: "archive/" },
  ],
  socials: [{ label: "GitHub", href: "https://github.com/" }],
  mdxImports: [],
  repository: env.SITE_REPOSITORY
    ? { url: env.SITE_REPOSITORY, branch: env.SITE_REPOSITORY_BRANCH ?? "main" }
    : undefined,
};
