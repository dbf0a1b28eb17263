/** Draws cards in worker threads, each loading fonts once, all pulling from one queue. */
import { Worker } from "node:worker_threads";
import type { OgCard } from "./card.ts";

/**
 * Draws the cards in `queue` (emptying it) on `threads` worker threads. Several calls
 * may share one queue: a later call adds threads to the work still waiting.
 */
export async function drawFromQueue(
  queue: OgCard[],
  onDone: (card: OgCard, png: Buffer) => void,
  threads: number,
): Promise<void> {
  const count = Math.min(Math.max(1, threads), queue.length);
  if (count === 0) return;
  const workers = Array.from({ length: count }, () => new Worker(new URL("./worker.ts", import.meta.url)));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const card = queue.shift();
              if (!card) return resolve();
              worker.once("message", (message: { png?: Uint8Array; error?: string }) => {
                if (message.error || !message.png) {
                  reject(new Error(`Open Graph image ${card.file} failed: ${message.error}`));
                  return;
                }
                onDone(card, Buffer.from(message.png));
                next();
              });
              worker.postMessage({ card });
            };
            worker.once("error", reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
