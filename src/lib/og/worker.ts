/** A child process that draws Open Graph cards; the pool sends it one card at a time. */
import { writeFileSync } from "node:fs";
import sharp from "sharp";
import type { DrawReply, DrawRequest } from "./pool.ts";
import { renderOgCard } from "./render.ts";

// One card at a time per process, and the pool runs one process per core.
sharp.concurrency(1);
sharp.cache(false);

process.on("message", async ({ card, outFile }: DrawRequest) => {
  let reply: DrawReply;
  try {
    writeFileSync(outFile, await renderOgCard(card));
    reply = { ok: true };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send?.(reply);
});
