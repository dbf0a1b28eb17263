/** Draws cards on every core: one worker thread per CPU, each loading fonts once. */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { OgCard } from "./card.ts";

export interface OgJob {
  card: OgCard;
  coverFile?: string | undefined;
}

export async function renderInWorkers(
  jobs: readonly OgJob[],
  onDone: (job: OgJob, png: Buffer) => void,
  threads = Math.min(availableParallelism(), jobs.length),
): Promise<void> {
  if (jobs.length === 0) return;
  const queue = jobs.map((job, id) => ({ id, job }));
  const workers = Array.from(
    { length: Math.max(1, threads) },
    () => new Worker(new URL("./worker.ts", import.meta.url)),
  );
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const task = queue.shift();
              if (!task) return resolve();
              const onMessage = (message: { id: number; png?: Uint8Array; error?: string }) => {
                if (message.id !== task.id) return;
                worker.off("message", onMessage);
                if (message.error || !message.png) {
                  reject(new Error(`Open Graph image ${task.job.card.file} failed: ${message.error}`));
                  return;
                }
                onDone(task.job, Buffer.from(message.png));
                next();
              };
              worker.on("message", onMessage);
              worker.postMessage({ id: task.id, card: task.job.card, coverFile: task.job.coverFile });
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
