/** A child process that plans (which cards the cache lacks) or draws Open Graph cards, one card at a time. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cardsFromContentCached } from "#build/og/cards.ts";
import { planCards } from "#build/og/plan.ts";
import type { DrawReply, DrawRequest, PlanReply, PlanRequest } from "#build/og/pool.ts";

/**
 * The drawing code (satori, sharp, fonts), loaded on the first card: the planning process
 * draws nothing, and it runs while Astro starts, when every spare cycle counts.
 */
let renderer: Promise<typeof import("#build/og/render.ts")> | undefined;
function loadRenderer() {
  renderer ??= Promise.all([import("sharp"), import("#build/og/render.ts")]).then(([{ default: sharp }, render]) => {
    // One card at a time per process, and the pool runs one process per core.
    sharp.concurrency(1);
    sharp.cache(false);
    return render;
  });
  return renderer;
}

/**
 * Answers the build, if it is still there: after a failed build has exited, a card finished late has no one
 * to go to, and sending it would end this process with an ERR_IPC_CHANNEL_CLOSED trace after the real error.
 */
function sendReply(reply: DrawReply | PlanReply): void {
  // With a callback, a pipe that closed after the check is an argument here, not an 'error' event and a trace.
  if (process.connected) process.send?.(reply, undefined, undefined, () => {});
}
// The build went away (it failed, or was interrupted): stop drawing.
process.on("disconnect", () => process.exit(0));

/** Each post's card, by the hash of its text, beside the drawn cards. */
const CARD_CACHE_FILE = "cards.bin";

async function answer(request: DrawRequest | PlanRequest): Promise<void> {
  if ("plan" in request) {
    let reply: PlanReply;
    try {
      const { contentDir, cacheDir } = request.plan;
      const cards = await cardsFromContentCached(contentDir, join(cacheDir, CARD_CACHE_FILE));
      reply = { ok: true, plan: planCards(cards, cacheDir) };
    } catch (error) {
      reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    sendReply(reply);
    return;
  }
  const { card, outFile } = request;
  let reply: DrawReply;
  try {
    const { renderOgCard } = await loadRenderer();
    writeFileSync(outFile, await renderOgCard(card));
    reply = { ok: true };
  } catch (error) {
    reply = {
      ok: false,
      file: card.file,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  sendReply(reply);
}

// The pool sends several cards ahead; they are drawn one after another, in order.
let answering = Promise.resolve();
process.on("message", (request: DrawRequest | PlanRequest) => {
  answering = answering.then(() => answer(request));
});
