/**
 * Mermaid diagrams (src/markdown/diagrams/) outside the page: feed readers strip inline SVG, so the feeds show
 * each diagram as an <img> of a standalone file, dist/diagrams/<hash>.svg, which this integration writes.
 *
 * - At config time it gives the Markdown pipeline its disk cache of drawn diagrams, in Astro's cache folder
 *   under the fingerprint of the diagram code and the lockfile (the renderer's version): a post rendered again
 *   draws only diagrams it has not drawn before. Other fingerprints' folders are deleted.
 * - After the build, every page that shows a diagram names its file on the inline <svg>; the file is that SVG
 *   read back, with the light theme's colours written in (a file has no page CSS), a background, a <title> and
 *   the SVG namespace. The pages are the source because a page kept from an earlier build (Astro's incremental
 *   build) was rendered without running the pipeline: what it shows is what its file must show. Runs before
 *   output-in-place, so the files count as written, and before svg-safety, which finds them clean.
 */
import { createHash } from "node:crypto";
import { type Dirent, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { openKeyedCache } from "#build/cache/keyed-cache.ts";
import { moduleGraph } from "#build/cache/module-graph.ts";
import { fingerprint } from "#build/cache/transform-cache.ts";
import { siteDiagramCache, useDiagramCacheFolder } from "#src/markdown/diagrams/cache.ts";
import { DIAGRAM_COLOURS, type DiagramColour } from "#src/markdown/diagrams/colours.ts";
import { DIAGRAM_FILE_NAME, DIAGRAMS_FOLDER, findInlineDiagrams } from "#src/markdown/diagrams/diagram-file.ts";
import { elementsOf, parseSvg, type SvgElement, svgXml } from "#src/markdown/diagrams/svg-tree.ts";

/** Text in a file with no page fonts: Inter when the reader has it, then the system's. */
const FILE_FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** What the page adds and a file does without: the file's URL, classes, focus. */
const PAGE_ONLY_ATTRIBUTE = /^(class|tabindex|aria-label|role|data-[\w-]+)$/;

function lightColour(value: string): string {
  const role = /^var\(--diagram-([a-z]+)\)$/.exec(value)?.[1];
  if (role === undefined) return value;
  const colour = DIAGRAM_COLOURS[role as DiagramColour];
  if (!colour) throw new Error(`the diagram colour ${value} is not in src/markdown/diagrams/colours.ts`);
  return colour.light;
}

/**
 * A page's inline diagram SVG as a standalone file: light colours, a background, its text alternative as the
 * <title>. The output is what svg-safety's sanitiser writes back for it (tests/unit/mermaid.test.ts).
 */
export function standaloneDiagram(inlineSvg: string): string {
  const svg = parseSvg(inlineSvg);
  if (!svg) throw new Error("no <svg> in the diagram's markup");
  const { viewBox = "", width = "", height = "", "aria-label": label = "" } = svg.attributes;
  const [, , boxWidth = width, boxHeight = height] = viewBox.split(/[\s,]+/);
  for (const element of elementsOf(svg)) {
    for (const [name, value] of Object.entries(element.attributes)) {
      if (PAGE_ONLY_ATTRIBUTE.test(name)) delete element.attributes[name];
      else element.attributes[name] = name === "fill" || name === "stroke" ? lightColour(value) : value;
    }
  }
  const background: SvgElement = {
    name: "rect",
    attributes: { width: boxWidth, height: boxHeight, fill: DIAGRAM_COLOURS.canvas.light },
    children: [],
  };
  const title: SvgElement[] = label ? [{ name: "title", attributes: {}, children: [label] }] : [];
  return `${svgXml({
    name: "svg",
    attributes: {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox,
      width,
      height,
      role: "img",
      "font-family": FILE_FONT,
    },
    children: [...title, background, ...svg.children],
  })}\n`;
}

/** The output's HTML pages, outside the folders that hold none (bundles, the search index, images). */
function htmlPages(outDir: string): string[] {
  const skipped = new Set(["_astro", "pagefind", "og", DIAGRAMS_FOLDER]);
  const pages: string[] = [];
  const walk = (folder: string, top: boolean) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!(top && skipped.has(entry.name))) walk(path, false);
      } else if (entry.name.endsWith(".html")) pages.push(path);
    }
  };
  walk(outDir, true);
  return pages;
}

const MARKER = Buffer.from("data-diagram=");

/** The standalone files the pages' diagrams name: file name → SVG, each converted once. */
export function diagramFilesOf(pages: readonly string[], convert: (inlineSvg: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  for (const page of pages) {
    const bytes = readFileSync(page);
    if (!bytes.includes(MARKER)) continue;
    const html = bytes.toString("utf8");
    for (const { start, end, file } of findInlineDiagrams(html)) {
      const name = file.slice(file.lastIndexOf("/") + 1);
      if (!DIAGRAM_FILE_NAME.test(name) || files.has(name)) continue;
      try {
        files.set(name, convert(html.slice(start, end)));
      } catch (error) {
        throw new Error(
          `${page}: the diagram ${file} cannot be written as a file: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  return files;
}

export function diagramFiles(): AstroIntegration {
  let root = "";
  let cacheDir = "";
  return {
    name: "diagram-files",
    hooks: {
      "astro:config:done": ({ config }) => {
        root = fileURLToPath(config.root);
        cacheDir = fileURLToPath(config.cacheDir);
        const drawn = join(cacheDir, "diagrams");
        const key = fingerprint(root, ["package-lock.json", ...moduleGraph(root, ["src/markdown/diagrams"])], {});
        const folder = key.slice(0, 16);
        try {
          for (const old of readdirSync(drawn).filter((name) => name !== folder)) {
            rmSync(join(drawn, old), { recursive: true, force: true });
          }
        } catch {
          // No diagrams drawn yet.
        }
        useDiagramCacheFolder(join(drawn, folder));
      },
      "astro:build:done": ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const converted = openKeyedCache<string>(
          join(cacheDir, "diagram-files.bin"),
          fingerprint(root, moduleGraph(root, ["build/integrations/diagram-files.ts"]), {}),
        );
        const files = diagramFilesOf(htmlPages(outDir), (inlineSvg) =>
          converted.get(createHash("sha256").update(inlineSvg).digest("hex"), () => standaloneDiagram(inlineSvg)),
        );
        converted.save();
        const { drawn, fromDisk, fromMemory } = siteDiagramCache().counts;
        if (files.size === 0 && drawn + fromDisk + fromMemory === 0) return;
        const folder = join(outDir, DIAGRAMS_FOLDER);
        if (files.size > 0) mkdirSync(folder, { recursive: true });
        // Written each build: output-in-place keeps what this build wrote (the file is the same when the page is).
        for (const [name, svg] of files) writeFileSync(join(folder, name), svg);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        // Posts rendered by an earlier build (Astro's content store, the MDX compile cache) draw nothing at all.
        logger.info(
          `${files.size} diagram files for the feeds in ${seconds}s; diagrams this build: ${drawn} drawn, ${fromDisk + fromMemory} from the cache`,
        );
      },
    },
  };
}
