/**
 * Draws the Open Graph images (dist/og/<slug>.png) from the post files. Drawing starts
 * when the build starts, in one low-priority process that takes the CPU time Astro leaves
 * idle, and finishes in one process per core once the pages are built. An image is redrawn only when its inputs (card text, cover
 * bytes, renderer version) change: the rest come from a cache keyed by their hash.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { cardHash, type OgCard } from "../lib/og/card.ts";
import { cardsFromContent } from "../lib/og/cards.ts";
import { drawFromQueue } from "../lib/og/pool.ts";

interface Plan {
  cards: OgCard[];
  cacheFileOf: Map<OgCard, string>;
  /** Cards not in the cache yet; the drawing threads take them from here. */
  queue: OgCard[];
}

export function planOgImages(cards: OgCard[], cacheDir: string): Plan {
  mkdirSync(cacheDir, { recursive: true });
  const cacheFileOf = new Map<OgCard, string>();
  for (const card of cards) {
    if (card.coverFile && !existsSync(card.coverFile))
      throw new Error(`${card.file}: cover ${card.coverFile} does not exist`);
    const cover = card.coverFile ? readFileSync(card.coverFile) : undefined;
    cacheFileOf.set(card, join(cacheDir, `${cardHash(card, cover)}.png`));
  }
  return { cards, cacheFileOf, queue: cards.filter((card) => !existsSync(cacheFileOf.get(card) as string)) };
}

export function drawPlanned(plan: Plan, processes: number): Promise<void> {
  return drawFromQueue(plan.queue, (card) => plan.cacheFileOf.get(card) as string, processes);
}

export function copyPlanned(plan: Plan, distDir: string): void {
  mkdirSync(join(distDir, "og"), { recursive: true });
  for (const card of plan.cards) copyFileSync(plan.cacheFileOf.get(card) as string, join(distDir, "og", card.file));
}

/** Draws what the cache lacks on every core, then writes every card to dist/og/. */
export async function renderOgImages({
  cards,
  distDir,
  cacheDir,
}: {
  cards: OgCard[];
  distDir: string;
  cacheDir: string;
}) {
  const plan = planOgImages(cards, cacheDir);
  const drawn = plan.queue.length;
  await drawPlanned(plan, availableParallelism());
  copyPlanned(plan, distDir);
  return { drawn, cached: cards.length - drawn };
}

export function ogImages(contentDir = "src/content/blog"): AstroIntegration {
  let cacheDir = "";
  let plan: Plan | undefined;
  let drawn = 0;
  let background: Promise<unknown> = Promise.resolve();
  return {
    name: "og-images",
    hooks: {
      "astro:config:done": ({ config }) => {
        cacheDir = join(fileURLToPath(config.cacheDir), "og-images");
      },
      "astro:build:start": () => {
        plan = planOgImages(cardsFromContent(contentDir), cacheDir);
        drawn = plan.queue.length;
        // Astro renders pages on one thread; a niced process draws meanwhile. Errors surface at build:done.
        background = drawPlanned(plan, Math.max(1, availableParallelism() - 1)).catch((error: unknown) => error);
      },
      "astro:build:done": async ({ dir, logger }) => {
        if (!plan) return;
        const started = performance.now();
        const left = plan.queue.length;
        const [early] = await Promise.all([background, drawPlanned(plan, availableParallelism())]);
        if (early instanceof Error) throw early;
        copyPlanned(plan, fileURLToPath(dir));
        const waited = ((performance.now() - started) / 1000).toFixed(2);
        logger.info(
          `${plan.cards.length} Open Graph images: ${drawn} drawn (${drawn - left} during the build, ${left} in ${waited}s after it), ${plan.cards.length - drawn} from cache`,
        );
      },
    },
  };
}
