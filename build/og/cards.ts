/**
 * What each Open Graph card says. Read from the post files themselves, so the
 * images can be drawn on a spare core while Astro is still building the pages.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { openKeyedCache } from "#build/cache/keyed-cache.ts";
import { moduleGraph } from "#build/cache/module-graph.ts";
import { fingerprint } from "#build/cache/transform-cache.ts";
import { listPostFiles, postSourceEnvironment, readPostFiles, readPostFileText } from "#build/content/post-files.ts";
import { formatDate } from "#src/domain/dates.ts";
import type { OgCard } from "#src/domain/og-card.ts";
import { coverFileOf, type PostSource, readPostSource } from "#src/domain/post-source.ts";
import { hasPublicPage } from "#src/domain/post-visibility.ts";
import { readingTimeOfPost } from "#src/domain/reading-time.ts";
import { stripBidiControls } from "#src/domain/text-hygiene.ts";
import { siteConfig } from "#src/site.config.ts";

/** What a card depends on besides the post file: this module's code and what it imports (the schema, the site settings), and package versions. */
export function cardInputs(root: string): string[] {
  return ["package-lock.json", ...moduleGraph(root, ["build/og/cards.ts"])];
}

/** The card of one post, or undefined when it gets none: not public, or a file the content layer rejects (the build reports it). */
export function cardOfPost(post: PostSource): OgCard | undefined {
  const { data } = post;
  // Unlisted posts too: they are meant to be shared by their link.
  if (!data || !hasPublicPage(data)) return undefined;
  let readingTime = data.readingTime;
  try {
    readingTime ??= readingTimeOfPost(post.file, post.body);
  } catch {
    return undefined; // An MDX syntax error: the build stops on it.
  }
  return {
    file: `${post.slug}.png`,
    // A card is an image: no <bdi> can isolate an override there, so the controls go.
    title: stripBidiControls(data.title),
    eyebrow: stripBidiControls(data.category),
    details: [formatDate(data.date), readingTime],
    siteName: siteConfig.title,
    coverFile: coverFileOf(post),
  };
}

/** A card for each public post under `contentDir`, plus the site card. */
export async function cardsFromContent(contentDir: string): Promise<OgCard[]> {
  return [siteOgCard(), ...(await readPostFiles(contentDir)).flatMap((post) => cardOfPost(post) ?? [])];
}

/**
 * cardsFromContent, keeping each post's card in `cacheFile` under the hash of the post's
 * text: only posts changed since the last build are read again (YAML, the schema, and
 * Markdown for the reading time), while Astro is starting.
 */
export async function cardsFromContentCached(contentDir: string, cacheFile: string): Promise<OgCard[]> {
  const cache = openKeyedCache<OgCard | undefined>(
    cacheFile,
    fingerprint(process.cwd(), cardInputs(process.cwd()), { contentDir }),
  );
  const files = listPostFiles(contentDir).map((name) => {
    const file = join(contentDir, name);
    // A file that is not UTF-8 gets no card (the build stops on it); its text is never guessed.
    const source = readPostFileText(file).text ?? "";
    return { file, source, key: createHash("sha256").update(`${file}\0`).update(source).digest("base64url") };
  });
  const read = new Map(
    await Promise.all(
      files
        .filter(({ key }) => !cache.has(key))
        .map(
          async ({ file, source, key }) =>
            [key, cardOfPost(await readPostSource(file, source, postSourceEnvironment))] as const,
        ),
    ),
  );
  const cards = [siteOgCard(), ...files.flatMap(({ key }) => cache.get(key, () => read.get(key)) ?? [])];
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
