/** A child process that plans (which cards the cache lacks) or draws Open Graph cards, one card at a time. */
import { writeFileSync } from "node:fs";
import sharp from "sharp";
import { cardsFromContent } from "./cards.ts";
import { planCards } from "./plan.ts";
import type { DrawReply, DrawRequest, PlanReply, PlanRequest } from "./pool.ts";
import { renderOgCard } from "./render.ts";

// One card at a time per process, and the pool runs one process per core.
sharp.concurrency(1);
sharp.cache(false);

async function answer(request: DrawRequest | PlanRequest): Promise<void> {
  if ("plan" in request) {
    let reply: PlanReply;
    try {
      reply = { ok: true, plan: planCards(cardsFromContent(request.plan.contentDir), request.plan.cacheDir) };
    } catch (error) {
      reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    process.send?.(reply);
    return;
  }
  const { card, outFile } = request;
  let reply: DrawReply;
  try {
    writeFileSync(outFile, await renderOgCard(card));
    reply = { ok: true };
  } catch (error) {
    reply = {
      ok: false,
      file: card.file,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  process.send?.(reply);
}

// The pool sends several cards ahead; they are drawn one after another, in order.
let answering = Promise.resolve();
process.on("message", (request: DrawRequest | PlanRequest) => {
  answering = answering.then(() => answer(request));
});
