/**
 * Draws the Open Graph images after the build, on every core, reusing any image
 * whose inputs (card text, cover bytes, renderer version) did not change.
 * Pages describe the cards in dist/og/cards.json; this hook turns them into PNGs
 * and removes that manifest.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { cardHash, type OgCard } from "../lib/og/card.ts";
import { type OgJob, renderInWorkers } from "../lib/og/pool.ts";

export const OG_MANIFEST = "og/cards.json";

/** Writes dist/og/<card.file> for every card, drawing only those not in the cache. */
export async function renderOgImages({
  cards,
  distDir,
  cacheDir,
}: {
  cards: readonly OgCard[];
  distDir: string;
  cacheDir: string;
}): Promise<{ drawn: number; cached: number }> {
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(join(distDir, "og"), { recursive: true });
  const misses: { job: OgJob; cacheFile: string }[] = [];
  for (const card of cards) {
    const coverFile = card.coverPath ? join(distDir, card.coverPath) : undefined;
    if (coverFile && !existsSync(coverFile)) throw new Error(`${card.file}: cover ${card.coverPath} is not in dist/`);
    const cacheFile = join(cacheDir, `${cardHash(card, coverFile ? readFileSync(coverFile) : undefined)}.png`);
    if (existsSync(cacheFile)) copyFileSync(cacheFile, join(distDir, "og", card.file));
    else misses.push({ job: { card, coverFile }, cacheFile });
  }
  const cacheFileOf = new Map(misses.map(({ job, cacheFile }) => [job, cacheFile]));
  await renderInWorkers(
    misses.map(({ job }) => job),
    (job, png) => {
      writeFileSync(join(distDir, "og", job.card.file), png);
      writeFileSync(cacheFileOf.get(job) as string, png);
    },
  );
  return { drawn: misses.length, cached: cards.length - misses.length };
}

export function ogImages(): AstroIntegration {
  let cacheDir = "";
  return {
    name: "og-images",
    hooks: {
      "astro:config:done": ({ config }) => {
        cacheDir = join(fileURLToPath(config.cacheDir), "og-images");
      },
      "astro:build:done": async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const manifest = join(distDir, OG_MANIFEST);
        if (!existsSync(manifest)) throw new Error(`${OG_MANIFEST} is missing: the og/cards.json route did not build`);
        const cards = JSON.parse(readFileSync(manifest, "utf8")) as OgCard[];
        rmSync(manifest);
        const started = performance.now();
        const { drawn, cached } = await renderOgImages({ cards, distDir, cacheDir });
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        logger.info(`${cards.length} Open Graph images: ${drawn} drawn, ${cached} from cache (${seconds}s)`);
      },
    },
  };
}
