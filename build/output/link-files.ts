/**
 * Puts cached files into the output as hard links: no bytes are copied, where copying the
 * Open Graph images was a visible part of a warm build. A copy where links cannot be made (another file system).
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Makes `target` the file `source`, replacing whatever is at `target`. */
export function linkOrCopy(source: string, target: string): void {
  rmSync(target, { force: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/** Links every file under `sourceDir` to the same path under `targetDir`, creating folders. */
export function linkTree(sourceDir: string, targetDir: string): void {
  mkdirSync(targetDir, { recursive: true });
  for (const entry of readdirSync(sourceDir, { withFileTypes: true })) {
    const source = join(sourceDir, entry.name);
    const target = join(targetDir, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else linkOrCopy(source, target);
  }
}
