/** A worker thread that draws Open Graph cards; the pool sends it one card at a time. */
import { parentPort } from "node:worker_threads";
import type { OgCard } from "./card.ts";
import { renderOgCard } from "./render.ts";

parentPort?.on("message", async ({ id, card, coverFile }: { id: number; card: OgCard; coverFile?: string }) => {
  try {
    const png = await renderOgCard(card, coverFile);
    parentPort?.postMessage({ id, png });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
