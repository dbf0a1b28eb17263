/** What each Open Graph card says, from a post or the site. */
import type { PostData } from "../../schemas/post.ts";
import { siteConfig } from "../../site.config.ts";
import { formatDate } from "../dates.ts";
import type { OgCard } from "./card.ts";

/** The cover as a path inside dist/ (base path removed), which the og-images integration reads. */
export function coverPathInDist(src: string, base: string = siteConfig.base): string {
  const path = src.split("?")[0] ?? src;
  return base !== "/" && path.startsWith(base) ? `/${path.slice(base.length)}` : path;
}

export function ogCardForPost(post: { slug: string; data: PostData }, readingTime: string): OgCard {
  const { data } = post;
  return {
    file: `${post.slug}.png`,
    title: data.title,
    eyebrow: data.category,
    details: [formatDate(data.date), readingTime],
    siteName: siteConfig.title,
    coverPath: data.coverImage ? coverPathInDist(data.coverImage.src) : undefined,
  };
}

export function siteOgCard(): OgCard {
  return {
    file: "site.png",
    title: siteConfig.description,
    eyebrow: "Technical blog",
    details: [],
    siteName: siteConfig.title,
  };
}
