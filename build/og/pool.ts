/**
 * Draws cards in child processes, each loading fonts once, all pulling from one queue.
 * Processes rather than worker threads: threads share the libuv pool with Astro's file
 * writes (sharp encodes there), a child can run at a lower priority than the build, and
 * it can get its own malloc settings (below).
 */
import { type ChildProcess, fork } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import type { OgCard } from "#src/domain/og-card.ts";

export interface DrawRequest {
  card: OgCard;
  outFile: string;
}
export type DrawReply = { ok: true } | { ok: false; file: string; error: string };
/** Asks a child for the cards of a content folder and which of them the cache lacks. */
export interface PlanRequest {
  plan: { contentDir: string; cacheDir: string };
}
export type PlanReply = { ok: true; plan: PlannedCards } | { ok: false; error: string };

/** Every card, its cache file, and the indexes of the cards not drawn yet. */
export interface PlannedCards {
  cards: OgCard[];
  cacheFiles: string[];
  missing: number[];
}

/**
 * glibc hands big freed blocks back to the kernel at once, so every card's pixels are
 * fresh memory to fault in again, which slowed each card on the 2-core CI machines
 * (docs/performance.md). Keeping freed memory in the process costs a little per child.
 */
const REUSE_FREED_MEMORY = "glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824";

/**
 * Cards a drawing process holds at once. The build's thread can be busy for seconds
 * without reading replies; with only one card in hand a drawer would wait idle.
 */
const CARDS_IN_FLIGHT = 4;

/** Below the build's own priority, so drawing uses idle cores and never slows the page rendering. */
const BACKGROUND_NICENESS = 10;

function startDrawer(): ChildProcess {
  const child = fork(fileURLToPath(new URL("./worker.ts", import.meta.url)), [], {
    env: { ...process.env, GLIBC_TUNABLES: REUSE_FREED_MEMORY },
    execArgv: [],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    if (child.pid) setPriority(child.pid, BACKGROUND_NICENESS);
  } catch {
    // Not allowed on this system: draw at normal priority.
  }
  return child;
}

/**
 * Reads the post files, hashes each card's inputs and looks in the cache, in a child
 * process, off the build's own thread, which is busy starting Astro.
 */
export function planInChild(contentDir: string, cacheDir: string): Promise<PlannedCards> {
  const child = startDrawer();
  return new Promise<PlannedCards>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`The Open Graph planning process exited early (code ${code})`)));
    child.once("message", (reply: PlanReply) => (reply.ok ? resolve(reply.plan) : reject(new Error(reply.error))));
    child.send({ plan: { contentDir, cacheDir } } satisfies PlanRequest);
  }).finally(() => child.kill());
}

/**
 * Draws the cards in `queue` (emptying it) in `processes` child processes; each card is
 * written to `outFileOf(card)`. Several calls may share one queue: a later call adds
 * processes to the work still waiting.
 */
export async function drawFromQueue(
  queue: OgCard[],
  outFileOf: (card: OgCard) => string,
  processes: number,
): Promise<void> {
  const count = Math.min(Math.max(1, processes), queue.length);
  if (count === 0) return;
  const drawers = Array.from({ length: count }, startDrawer);
  try {
    await Promise.all(
      drawers.map(
        (drawer) =>
          new Promise<void>((resolve, reject) => {
            const onExit = (code: number | null) =>
              reject(new Error(`The Open Graph image process exited early (code ${code})`));
            drawer.once("error", reject);
            drawer.once("exit", onExit);
            let inFlight = 0;
            const sendMore = () => {
              while (inFlight < CARDS_IN_FLIGHT) {
                const card = queue.shift();
                if (!card) break;
                inFlight++;
                drawer.send({ card, outFile: outFileOf(card) } satisfies DrawRequest);
              }
              if (inFlight === 0) {
                drawer.off("exit", onExit);
                resolve();
              }
            };
            drawer.on("message", (reply: DrawReply) => {
              inFlight--;
              if (!reply.ok) return reject(new Error(`Open Graph image ${reply.file} failed: ${reply.error}`));
              sendMore();
            });
            sendMore();
          }),
      ),
    );
  } finally {
    for (const drawer of drawers) drawer.kill();
  }
}
