/**
 * What each Open Graph card says. Read from the post files themselves, so the
 * images can be drawn on a spare core while Astro is still building the pages.
 */
import { dirname, join } from "node:path";
import { parsePostDate } from "../../schemas/post.ts";
import { siteConfig } from "../../site.config.ts";
import { formatDate } from "../dates.ts";
import { readPostFiles } from "../post-files.ts";
import { slugFromFilePath } from "../post-identity.ts";
import { readingTimeOfPost } from "../reading-time.ts";
import type { OgCard } from "./card.ts";

/** A card for each published post under `contentDir`, plus the site card. Files the content layer rejects are skipped: the build reports them. */
export function cardsFromContent(contentDir: string, publicDir = "public"): OgCard[] {
  const cards: OgCard[] = [siteOgCard()];
  for (const { file, data, body } of readPostFiles(contentDir)) {
    if (!data || data.published === false || typeof data.title !== "string") continue;
    const date = data.date instanceof Date ? data.date : parsePostDate(String(data.date ?? ""));
    let readingTime = typeof data.readingTime === "string" ? data.readingTime : undefined;
    try {
      readingTime ??= readingTimeOfPost(file, body);
    } catch {
      continue; // An MDX syntax error: the build stops on it.
    }
    const cover = typeof data.coverImage === "string" ? data.coverImage : undefined;
    cards.push({
      file: `${typeof data.slug === "string" ? data.slug : slugFromFilePath(file)}.png`,
      title: data.title,
      eyebrow: String(data.category ?? ""),
      details: [date ? formatDate(date) : "", readingTime].filter(Boolean),
      siteName: siteConfig.title,
      coverFile: cover
        ? cover.startsWith("/")
          ? join(publicDir, decodeURI(cover))
          : join(contentDir, dirname(file), cover)
        : undefined,
    });
  }
  return cards;
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
