/**
 * Rendered diagrams by the hash of their source: in memory for the process, and on disk between builds when a
 * folder is configured (build/integrations/diagram-files.ts gives one in Astro's cache folder, named after the
 * fingerprint of the diagram code and the lockfile). A post is rendered again whenever the Markdown pipeline
 * or the post changes; its diagrams are drawn again only when their source or the renderer does. A diagram
 * that does not parse is never cached: the error is thrown each time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type MermaidRenderer,
  RENDERER_VERSION,
  type RenderedDiagram,
  renderDiagram,
} from "#src/markdown/diagrams/render.ts";

export interface DiagramCacheCounts {
  /** Drawn by the renderer. */
  drawn: number;
  fromMemory: number;
  fromDisk: number;
}

export interface DiagramCache {
  /** The diagram for this source: from memory, from disk, or drawn (and stored). */
  render(source: string): RenderedDiagram;
  readonly counts: DiagramCacheCounts;
}

export function createDiagramCache(options: { directory?: string; draw?: MermaidRenderer } = {}): DiagramCache {
  const { directory, draw } = options;
  const memory = new Map<string, RenderedDiagram>();
  const counts: DiagramCacheCounts = { drawn: 0, fromMemory: 0, fromDisk: 0 };
  let madeDirectory = false;
  return {
    counts,
    render(source) {
      const key = createHash("sha256").update(`${RENDERER_VERSION}\0`).update(source).digest("hex").slice(0, 40);
      const known = memory.get(key);
      if (known) {
        counts.fromMemory++;
        return known;
      }
      const file = directory === undefined ? undefined : join(directory, `${key}.json`);
      if (file) {
        try {
          const stored = JSON.parse(readFileSync(file, "utf8")) as RenderedDiagram;
          memory.set(key, stored);
          counts.fromDisk++;
          return stored;
        } catch {
          // Not drawn yet (or unreadable): draw it.
        }
      }
      const rendered = renderDiagram(source, draw);
      counts.drawn++;
      memory.set(key, rendered);
      if (file && directory !== undefined) {
        if (!madeDirectory) mkdirSync(directory, { recursive: true });
        madeDirectory = true;
        // Written whole, then renamed: a build reading the folder never sees half a file.
        const partial = `${file}.${process.pid}.tmp`;
        writeFileSync(partial, JSON.stringify(rendered));
        renameSync(partial, file);
      }
      return rendered;
    },
  };
}

/**
 * The cache the site's pipeline uses: in memory until `useDiagramCacheFolder` gives it a folder (Astro's
 * integration does at config time; tests and `npm run check` draw in memory).
 */
let shared = createDiagramCache();

export const siteDiagramCache = (): DiagramCache => shared;

export function useDiagramCacheFolder(directory: string): void {
  shared = createDiagramCache({ directory });
}
