/**
 * The files of a build's output folder, and which of them a build left behind: a build
 * that keeps the last output in place (build/integrations/output-in-place.ts) must delete
 * the files it neither wrote nor claimed, such as the pages of a deleted post or last
 * build's bundles.
 */
import { type Dirent, readdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";

/** Relative path ("/"-separated) → inode and change time: both change when a file is written, replaced or linked. */
export type FileSnapshot = Map<string, string>;

/** Every file under `dir`, except in the top-level folders named in `skip` (a deploy worktree's .git). */
export function snapshotFiles(dir: string, skip: readonly string[] = [".git"]): FileSnapshot {
  const files: FileSnapshot = new Map();
  const walk = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dir, folder), { withFileTypes: true });
    } catch {
      return; // No output folder yet.
    }
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!(folder === "" && skip.includes(entry.name))) walk(path);
        continue;
      }
      const stat = statSync(join(dir, path), { bigint: true });
      files.set(path, `${stat.ino}:${stat.ctimeNs}`);
    }
  };
  walk("");
  return files;
}

/** Files that were there before a build, are still exactly as they were after it, and that the build did not claim. */
export function leftoverFiles(before: FileSnapshot, after: FileSnapshot, claimed: ReadonlySet<string>): string[] {
  return [...before]
    .filter(([path, identity]) => after.get(path) === identity && !claimed.has(path))
    .map(([path]) => path);
}

/** Deletes `files` (relative to `dir`) and the folders they leave empty. */
export function removeFiles(dir: string, files: readonly string[]): void {
  const folders = new Set<string>();
  for (const file of files) {
    rmSync(join(dir, file), { force: true });
    for (let folder = dirname(file); folder !== "."; folder = dirname(folder)) folders.add(folder);
  }
  // Deepest first, so a parent is empty by the time it is tried.
  for (const folder of [...folders].sort((a, b) => b.split("/").length - a.split("/").length)) {
    try {
      rmdirSync(join(dir, folder));
    } catch {
      // Not empty: something of this build is in it.
    }
  }
}
