/**
 * Draws the Open Graph images (dist/og/<slug>.png) from the post files. When the build
 * starts, a low-priority process reads the posts and finds the cards the cache lacks,
 * then draws them with the CPU time Astro leaves idle; the rest is drawn in one process
 * per core once the pages are built. An image is redrawn only when its inputs (card
 * text, cover bytes, renderer version) change: the others come from a cache keyed by
 * their hash.
 */
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { recordBuildFigures } from "#build/cache/build-report.ts";
import { planCards } from "#build/og/plan.ts";
import { drawFromQueue, type PlannedCards, planInChild } from "#build/og/pool.ts";
import { linkOrCopy } from "#build/output/link-files.ts";
import type { OgCard } from "#src/domain/og-card.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

interface Plan extends PlannedCards {
  /** Cards not in the cache yet; the drawing processes take them from here. */
  queue: OgCard[];
  cacheFileOf: Map<OgCard, string>;
}

function toPlan(planned: PlannedCards): Plan {
  const cacheFileOf = new Map(planned.cards.map((card, index) => [card, planned.cacheFiles[index] as string]));
  return { ...planned, cacheFileOf, queue: planned.missing.map((index) => planned.cards[index] as OgCard) };
}

function drawPlanned(plan: Plan, processes: number): Promise<void> {
  return drawFromQueue(plan.queue, (card) => plan.cacheFileOf.get(card) as string, processes);
}

/** Puts every card in dist/og/, linked from the cache; the last build's cards there are replaced (the output is kept in place). */
function linkPlanned(plan: Plan, distDir: string): void {
  mkdirSync(join(distDir, "og"), { recursive: true });
  for (const card of plan.cards) linkOrCopy(plan.cacheFileOf.get(card) as string, join(distDir, "og", card.file));
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
  const plan = toPlan(planCards(cards, cacheDir));
  const drawn = plan.queue.length;
  await drawPlanned(plan, availableParallelism());
  linkPlanned(plan, distDir);
  return { drawn, cached: cards.length - drawn };
}

export function ogImages(contentDir = BLOG_CONTENT_DIR): AstroIntegration {
  let astroCacheDir = "";
  let cacheDir = "";
  let building = false;
  let planning: Promise<Plan> | undefined;
  let background: Promise<unknown> = Promise.resolve();
  return {
    name: "og-images",
    hooks: {
      "astro:config:setup": ({ command }) => {
        building = command === "build";
      },
      "astro:config:done": ({ config }) => {
        astroCacheDir = fileURLToPath(config.cacheDir);
        cacheDir = join(astroCacheDir, "og-images");
        if (!building) return;
        // Started before content sync, whose thread leaves the other core mostly idle: a niced process
        // draws there, twice as many cards before the pages are done as when drawing began at build:start
        // (docs/performance.md). Errors surface at build:done.
        planning = planInChild(contentDir, cacheDir).then(toPlan);
        background = planning
          .then((plan) => drawPlanned(plan, Math.max(1, availableParallelism() - 1)))
          .catch((error: unknown) => error);
      },
      "astro:build:done": async ({ dir, logger }) => {
        if (!planning) return;
        const plan = await planning;
        const drawn = plan.missing.length;
        const started = performance.now();
        const left = plan.queue.length;
        // The drawing process started with the build is still at work: one more per remaining core.
        const [early] = await Promise.all([background, drawPlanned(plan, availableParallelism() - 1)]);
        if (early instanceof Error) throw early;
        linkPlanned(plan, fileURLToPath(dir));
        recordBuildFigures(astroCacheDir, { ogImagesDrawn: drawn, ogImagesFromCache: plan.cards.length - drawn });
        const waited = ((performance.now() - started) / 1000).toFixed(2);
        logger.info(
          `${plan.cards.length} Open Graph images: ${drawn} drawn (${drawn - left} during the build, ${left} in ${waited}s after it), ${plan.cards.length - drawn} from cache`,
        );
      },
    },
  };
}
