/**
 * A disk cache for a Vite transform whose output depends only on the file's text, its
 * path and a fingerprint of the configuration (the MDX compiler here). Rollup and
 * Rolldown keep no transforms between builds, so every build compiled every post again.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { moduleGraph } from "#build/cache/module-graph.ts";

export interface CachedTransform {
  code: string;
  map: unknown;
  meta?: unknown;
}

type TransformHandler = (this: unknown, code: string, id: string) => Promise<CachedTransform | null | undefined>;

/**
 * Where rendered Markdown and MDX come from besides the post: our plugins and the posts loader (with
 * everything they import), the site settings and package versions. The resolved Markdown config,
 * hashed with them, covers the options astro.config.mjs passes.
 */
export const MARKDOWN_PIPELINE_ENTRIES = [
  "src/markdown",
  "build/content/posts-loader.ts",
  "src/site.config.ts",
] as const;

/** The files the Markdown pipeline's output depends on: the entries' module graph and the lockfile. */
export function markdownPipelineInputs(root: string): string[] {
  return ["package-lock.json", ...moduleGraph(root, MARKDOWN_PIPELINE_ENTRIES)];
}

/** The fingerprint of the Markdown pipeline of a site: its inputs and the resolved settings that shape its HTML. */
export function markdownPipelineFingerprint(
  root: string,
  config: { site?: string | undefined; base: string; markdown: unknown },
) {
  return fingerprint(root, markdownPipelineInputs(root), {
    site: config.site,
    base: config.base,
    markdown: config.markdown,
  });
}

/** A hash of the files and values a transform's output depends on; directories are read recursively. */
export function fingerprint(root: string, paths: readonly string[], values: unknown): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(values, (_key, value) => (typeof value === "function" ? String(value) : value)));
  const visit = (path: string) => {
    const full = join(root, path);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(join(path, entry));
    } else if (stat) {
      hash.update(`\0${relative(root, full)}\0`);
      hash.update(readFileSync(full));
    }
  };
  for (const path of paths) visit(path);
  return hash.digest("hex");
}

export class TransformCache {
  readonly used = new Set<string>();
  hits = 0;
  misses = 0;

  // Plain fields, not parameter properties: the Open Graph worker runs this module with Node's type stripping.
  private readonly directory: string;
  private readonly configFingerprint: string;

  constructor(directory: string, configFingerprint: string) {
    this.directory = directory;
    this.configFingerprint = configFingerprint;
    mkdirSync(directory, { recursive: true });
  }

  private fileFor(code: string, id: string): string {
    const key = createHash("sha256").update(`${this.configFingerprint}\0${id}\0`).update(code).digest("hex");
    return join(this.directory, `${key.slice(0, 40)}.json`);
  }

  /** Wraps a transform handler: a result found on disk is returned as it was; a new one is stored. Errors are never cached. */
  wrap(handler: TransformHandler): TransformHandler {
    const cache = this;
    return async function cachedTransform(this: unknown, code, id) {
      const file = cache.fileFor(code, id);
      cache.used.add(file);
      try {
        const stored = JSON.parse(readFileSync(file, "utf8")) as CachedTransform;
        cache.hits++;
        return stored;
      } catch {
        // Not cached yet (or unreadable): compile.
      }
      const result = await handler.call(this, code, id);
      cache.misses++;
      if (result) writeFileSync(file, JSON.stringify(result));
      return result;
    };
  }

  /** Deletes entries this build did not use (old versions of edited posts, deleted posts). */
  prune(): number {
    return pruneDirectory(this.directory, this.used);
  }
}

/** Deletes the files of a cache folder that are not in `kept` (full paths); returns how many. */
export function pruneDirectory(directory: string, kept: ReadonlySet<string>): number {
  let removed = 0;
  for (const name of readdirSync(directory)) {
    const file = join(directory, name);
    if (kept.has(file)) continue;
    rmSync(file, { force: true });
    removed++;
  }
  return removed;
}
