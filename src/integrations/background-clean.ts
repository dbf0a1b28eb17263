/**
 * Astro empties the output folder synchronously before it builds: half a second for a
 * 1,000-post site on a small machine, on every build, with nothing else able to run.
 * This moves the old output aside (a rename) when the build starts and deletes it in
 * the background; Astro then finds nothing to empty. Where a rename is not possible
 * (another file system), Astro empties the folder as before.
 */
import { existsSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

const TRASH = "old-output";

export function backgroundClean(): AstroIntegration {
  let outDir = "";
  let trash = "";
  let removing: Promise<unknown> = Promise.resolve();
  return {
    name: "background-clean",
    hooks: {
      "astro:config:done": ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        trash = join(fileURLToPath(config.cacheDir), TRASH);
      },
      "astro:build:start": () => {
        // Astro keeps a .git folder in the output (a deploy worktree): leave such a folder to it.
        if (!existsSync(outDir) || existsSync(join(outDir, ".git"))) return;
        mkdirSync(trash, { recursive: true });
        const aside = join(trash, String(Date.now()));
        try {
          renameSync(outDir, aside);
        } catch {
          return;
        }
        // Also whatever an interrupted build left behind.
        removing = Promise.all(
          readdirSync(trash).map((name) => rm(join(trash, name), { recursive: true, force: true })),
        ).catch(() => undefined);
      },
      "astro:build:done": async () => {
        await removing;
      },
    },
  };
}
