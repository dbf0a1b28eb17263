/** A worker thread that draws Open Graph cards; the pool sends it one card at a time. */
import { parentPort } from "node:worker_threads";
import type { OgCard } from "./card.ts";
import { renderOgCard } from "./render.ts";

parentPort?.on("message", async ({ card }: { card: OgCard }) => {
  try {
    const png = await renderOgCard(card);
    parentPort?.postMessage({ png });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
