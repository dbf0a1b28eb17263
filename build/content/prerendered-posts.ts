/**
 * HTML of posts rendered when content syncs (see build/content/posts-loader.ts), one file
 * per post named by the hash of its HTML. The content entry keeps the file's path in
 * `rendered.metadata.htmlFile`; the name changes whenever the HTML does, so it also
 * tells the incremental build when a page must be rendered again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pruneDirectory } from "#build/cache/transform-cache.ts";

interface MaybePrerendered {
  rendered?: { metadata?: Record<string, unknown> | undefined } | undefined;
}

/** The HTML file of a post rendered at content sync, or undefined for a post Astro renders. */
export function prerenderedFile(entry: MaybePrerendered): string | undefined {
  const file = entry.rendered?.metadata?.htmlFile;
  return typeof file === "string" ? file : undefined;
}

/** The post's HTML when it was rendered at content sync; undefined when Astro's `render()` renders it. */
export function prerenderedHtml(entry: MaybePrerendered): string | undefined {
  const file = prerenderedFile(entry);
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: the rendered post is missing from the cache; build again (${String(error)})`);
  }
}

export class PrerenderedPosts {
  private readonly kept = new Set<string>();
  private readonly writing: Promise<void>[] = [];

  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  /**
   * Stores the HTML and returns its file. The write finishes in the background (a synchronous
   * write per post was a tenth of a cold content sync); `flush()` waits for all of them.
   */
  write(html: string): string {
    const file = join(this.directory, `${createHash("sha256").update(html).digest("hex").slice(0, 32)}.html`);
    if (!this.kept.has(file) && !existsSync(file)) this.writing.push(writeFile(file, html));
    this.kept.add(file);
    return file;
  }

  async flush(): Promise<void> {
    await Promise.all(this.writing.splice(0));
  }

  keep(file: string): void {
    this.kept.add(file);
  }

  /** Deletes the files no post uses any more (old versions, deleted posts). Call after `flush()`. */
  prune(): number {
    return pruneDirectory(this.directory, this.kept);
  }
}
