/**
 * Builds copies of the site in temporary folders, so tests and the benchmark can
 * add posts without touching src/content and never share a dist/ with a developer.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

export const repoRoot = resolve(import.meta.dirname, "../..");

/** The environment an author's shell would have: without the variables Vitest sets (they put Vite in test mode). */
export function authorEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(VITEST|NODE_ENV$|TEST$|MODE$|DEV$|PROD$|SSR$|BASE_URL$)/.test(name),
    ),
  );
}
const COPIED = ["astro.config.mjs", "tsconfig.json", "package.json", "src", "build", "public"];

export interface TempSite {
  root: string;
  dist: string;
  /** Adds a post file to the copy's content folder. */
  addPost(fileName: string, contents: string): void;
  /** Copies every .md/.mdx file of a fixture folder into the copy's content folder. */
  addPostsFrom(directory: string): void;
  /** `astro sync`, or the whole build as `npm run build` runs it (BUILD_SCRIPT). */
  run(command: "build" | "sync", env?: Record<string, string>): { status: number | null; output: string };
  /** Like run, without blocking, so several copies can build at once. */
  runAsync(command: "build" | "sync", env?: Record<string, string>): Promise<{ status: number | null; output: string }>;
  remove(): void;
}

/** Astro's CLI, run with `node` (the repository's Node, whatever is on the PATH). */
export const ASTRO_BIN = join(repoRoot, "node_modules/astro/bin/astro.mjs");

/** What `npm run build` runs (package.json), without npm: `astro build`, then the search index. */
export const BUILD_SCRIPT = join(repoRoot, "scripts/build.ts");
const argsOf = (command: "build" | "sync") => (command === "build" ? [BUILD_SCRIPT] : [ASTRO_BIN, command]);

function buildEnvironment(root: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...authorEnvironment(),
    ASTRO_TELEMETRY_DISABLED: "1",
    // Its own caches: node_modules (and so Astro's default cache) is shared with the repository.
    ASTRO_CACHE_DIR: join(root, ".astro-cache"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    ...env,
  };
}

export function createTempSite(prefix = "blog-site-"): TempSite {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of COPIED) {
    cpSync(join(repoRoot, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"), "dir");
  const contentDir = join(root, BLOG_CONTENT_DIR);
  return {
    root,
    dist: join(root, "dist"),
    addPost(fileName, contents) {
      writeFileSync(join(contentDir, fileName), contents);
    },
    addPostsFrom(directory) {
      for (const file of readdirSync(directory).filter((name) => /\.mdx?$/.test(name) && name !== "README.md")) {
        cpSync(join(directory, file), join(contentDir, basename(file)));
      }
    },
    run(command, env = {}) {
      const result = spawnSync(process.execPath, argsOf(command), {
        cwd: root,
        env: buildEnvironment(root, env),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
    },
    runAsync(command, env = {}) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, argsOf(command), { cwd: root, env: buildEnvironment(root, env) });
        let output = "";
        child.stdout.on("data", (chunk) => {
          output += chunk;
        });
        child.stderr.on("data", (chunk) => {
          output += chunk;
        });
        child.on("close", (status) => resolve({ status, output }));
      });
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
