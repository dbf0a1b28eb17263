/**
 * Builds into the last build's output instead of an empty folder. Astro's incremental
 * build skips a page whose cache key is unchanged when the page is already in the output,
 * and copies it from its cache otherwise: copying the unchanged pages was much of page
 * rendering when one post was edited (docs/performance.md). After the build, every file it neither wrote nor
 * claimed as a page (a deleted post's page and image, last build's bundles) is deleted.
 *
 * The last output is trusted only when the build that made it finished with the
 * incremental cache on; otherwise (an interrupted build, `ASTRO_INCREMENTAL_BUILD=0`,
 * the first build) it is moved aside and deleted in the background, and the build
 * starts from an empty folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { type FileSnapshot, leftoverFiles, removeFiles, snapshotFiles } from "#build/output/output-files.ts";

/**
 * Astro's incremental build also writes a copy of every page into its cache folder, to copy back a skipped page that
 * the output lacks. Here the output is kept, so a skipped page is in it already, and the copies were a second new
 * file for each page: making a file, not writing its bytes, is most of what writing one costs on the build machines
 * (docs/performance.md). A stale copy is removed instead, so that a page missing from the output is rendered again.
 * Astro 7.3.5's IncrementalBuildCache; guarded by tests/unit/framework-internals.test.ts.
 */
export function skipIncrementalOutputCopies(): void {
  // require(), not import(): this file runs in Vite's module runner, and Astro's own module is the one to change.
  const require = createRequire(import.meta.url);
  const astroDir = dirname(require.resolve("astro/package.json"));
  const { IncrementalBuildCache } = require(join(astroDir, "dist/core/build/incremental.js")) as {
    IncrementalBuildCache: {
      prototype: {
        writeOutputFile(settings: unknown, outputFile: string, body: unknown): Promise<void>;
        deleteOutputFile(settings: unknown, outputFile: string): Promise<void>;
      };
    };
  };
  IncrementalBuildCache.prototype.writeOutputFile = function (settings, outputFile) {
    return this.deleteOutputFile(settings, outputFile);
  };
}

/** Holds the output folder's path while its contents are what a finished incremental build left. */
const REUSABLE_MARK = "reusable-output";
const TRASH = "old-output";

export function outputInPlace(): AstroIntegration {
  let outDir = "";
  let cacheDir = "";
  let incremental = false;
  let before: FileSnapshot | undefined;
  let removing: Promise<unknown> = Promise.resolve();

  /** Empties the output folder: a rename and a deletion in the background where possible. */
  function setAside() {
    if (!existsSync(outDir)) return;
    // A deploy worktree (.git) stays. (Astro 7.3.5's own emptying means to keep it too, but passes
    // `new Set(".git")`, a set of characters, and so deletes it.)
    if (existsSync(join(outDir, ".git"))) {
      for (const name of readdirSync(outDir)) {
        if (name !== ".git") rmSync(join(outDir, name), { recursive: true, force: true });
      }
      return;
    }
    const trash = join(cacheDir, TRASH);
    mkdirSync(trash, { recursive: true });
    try {
      renameSync(outDir, join(trash, String(Date.now())));
    } catch {
      // Another file system: delete it here.
      rmSync(outDir, { recursive: true, force: true });
    }
    // Also whatever an interrupted build left behind.
    removing = Promise.all(
      readdirSync(trash).map((name) => rm(join(trash, name), { recursive: true, force: true })),
    ).catch(() => undefined);
  }

  return {
    name: "output-in-place",
    hooks: {
      "astro:config:setup": ({ command, updateConfig }) => {
        if (command !== "build") return;
        // This integration empties the folder when the last output cannot be trusted.
        // Astro 7.3.5 empties outDir itself unless vite.build.emptyOutDir is false; guarded by tests/unit/framework-internals.test.ts.
        updateConfig({ vite: { build: { emptyOutDir: false } } });
        skipIncrementalOutputCopies();
      },
      "astro:config:done": ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        cacheDir = fileURLToPath(config.cacheDir);
        incremental = Boolean(config.experimental.incrementalBuild);
      },
      "astro:build:start": () => {
        const mark = join(cacheDir, REUSABLE_MARK);
        const reusable = incremental && existsSync(mark) && readFileSync(mark, "utf8") === outDir;
        // Until this build finishes, the folder holds a mix of two builds.
        rmSync(mark, { force: true });
        if (reusable) before = snapshotFiles(outDir);
        else setAside();
      },
      // Runs after the other integrations' build:done but svg-safety's, so their files count as written;
      // svg-safety only rewrites files that are left.
      "astro:build:done": async ({ assets, logger }) => {
        if (before) {
          // Astro 7.3.5 lists the pages its incremental build kept unwritten in `assets`; guarded by tests/unit/framework-internals.test.ts.
          const claimed = new Set(
            [...assets.values()].flat().map((url) => relative(outDir, fileURLToPath(url)).split(sep).join("/")),
          );
          const leftovers = leftoverFiles(before, snapshotFiles(outDir), claimed);
          removeFiles(outDir, leftovers);
          if (leftovers.length > 0) logger.info(`${leftovers.length} files of the last build removed`);
        }
        await removing;
        if (incremental) {
          mkdirSync(cacheDir, { recursive: true });
          writeFileSync(join(cacheDir, REUSABLE_MARK), outDir);
        }
      },
    },
  };
}
