/**
 * What each Open Graph card says. Read from the post files themselves, so the
 * images can be drawn on a spare core while Astro is still building the pages.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parsePostDate } from "../../schemas/post.ts";
import { siteConfig } from "../../site.config.ts";
import { openKeyedCache } from "../build-cache/keyed-cache.ts";
import { fingerprint } from "../build-cache/transform-cache.ts";
import { formatDate } from "../dates.ts";
import { listPostFiles, type PostFile, parsePostFile, readPostFiles } from "../post-files.ts";
import { slugFromFilePath } from "../post-identity.ts";
import { isPublicPost } from "../post-visibility.ts";
import { readingTimeOfPost } from "../reading-time.ts";
import type { OgCard } from "./card.ts";

/** What a card depends on besides the post file: the code that reads it and the site settings. */
const CARD_INPUTS = ["src/lib", "src/schemas", "src/site.config.ts", "package-lock.json"];

/** The card of one post, or undefined when it gets none: a draft, or a file the content layer rejects (the build reports it). */
export function cardOfPost(
  { file, data, body }: PostFile,
  contentDir: string,
  publicDir = "public",
): OgCard | undefined {
  if (!data || !isPublicPost(data) || typeof data.title !== "string") return undefined;
  const date = data.date instanceof Date ? data.date : parsePostDate(String(data.date ?? ""));
  let readingTime = typeof data.readingTime === "string" ? data.readingTime : undefined;
  try {
    readingTime ??= readingTimeOfPost(file, body);
  } catch {
    return undefined; // An MDX syntax error: the build stops on it.
  }
  const cover = typeof data.coverImage === "string" ? data.coverImage : undefined;
  return {
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
  };
}

/** A card for each published post under `contentDir`, plus the site card. */
export function cardsFromContent(contentDir: string, publicDir = "public"): OgCard[] {
  return [siteOgCard(), ...readPostFiles(contentDir).flatMap((post) => cardOfPost(post, contentDir, publicDir) ?? [])];
}

/**
 * cardsFromContent, keeping each post's card in `cacheFile` under the hash of the post's
 * text: only posts changed since the last build are parsed again. Parsing every post
 * (YAML, and Markdown for the reading time) took a second of CPU while Astro was starting.
 */
export function cardsFromContentCached(contentDir: string, cacheFile: string, publicDir = "public"): OgCard[] {
  const inputs = fingerprint(process.cwd(), CARD_INPUTS, { contentDir, publicDir });
  const cache = openKeyedCache<OgCard | undefined>(cacheFile, inputs);
  const cards = [siteOgCard()];
  for (const file of listPostFiles(contentDir)) {
    const source = readFileSync(join(contentDir, file), "utf8");
    const key = createHash("sha256").update(`${file}\0`).update(source).digest("base64url");
    const card = cache.get(key, () => cardOfPost(parsePostFile(file, source), contentDir, publicDir));
    if (card) cards.push(card);
  }
  cache.save();
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
