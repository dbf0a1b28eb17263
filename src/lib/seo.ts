import { siteConfig } from "../site.config.ts";
import { absoluteUrl } from "./urls.ts";

export interface PageMetaInput {
  /** Page title without the site name; omit on the home page. */
  title?: string | undefined;
  /** A full title that replaces "title | site name" (a post's `seo.title`). */
  fullTitle?: string | undefined;
  description?: string | undefined;
  /** Site-relative path including the base, e.g. "/blog/2/". */
  path: string;
  keywords?: readonly string[] | undefined;
  noindex?: boolean | undefined;
}

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  keywords: string[];
  noindex: boolean;
}

/** The metadata every page's head carries; posts add article fields on top. */
export function buildPageMeta(input: PageMetaInput): PageMeta {
  const title = input.fullTitle ?? (input.title ? `${input.title} | ${siteConfig.title}` : siteConfig.title);
  return {
    title,
    description: input.description ?? siteConfig.description,
    canonical: absoluteUrl(input.path),
    keywords: [...(input.keywords ?? [])],
    noindex: input.noindex ?? false,
  };
}
