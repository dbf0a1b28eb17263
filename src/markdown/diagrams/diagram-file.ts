/**
 * Where a diagram's standalone file is published, and the attribute naming it on the page's inline <svg>.
 * The page shows the inline SVG; the feeds (src/domain/feeds/content.ts), whose readers strip inline SVG,
 * show the file as an <img>; build/integrations/diagram-files.ts writes the files into the output.
 * Pure: the feeds import it.
 */

/** On a diagram's inline <svg>: the site-relative URL of its standalone file. */
export const DIAGRAM_FILE_ATTRIBUTE = "data-diagram";

/** The output folder of the standalone files: `<base>diagrams/<hash>.svg`. */
export const DIAGRAMS_FOLDER = "diagrams";

/** A standalone file's name: the hash of what it shows. */
export const DIAGRAM_FILE_NAME = /^[0-9a-f]{16}\.svg$/;

export const diagramFileUrl = (base: string, hash: string) => `${base}${DIAGRAMS_FOLDER}/${hash}.svg`;

/** An <svg> opening tag and its attributes, values quoted or not (a `>` may be inside a quoted value). */
const SVG_OPENING_TAG = /<svg\b((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/gi;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** An attribute value as a browser reads it: character references decoded. */
function decodeAttribute(value: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (reference, hex, decimal, name) =>
    hex || decimal
      ? String.fromCodePoint(Number.parseInt(hex ?? decimal, hex ? 16 : 10) || 0xfffd)
      : (named[String(name).toLowerCase()] ?? reference),
  );
}

export interface InlineDiagram {
  /** Where its <svg> starts and ends in the HTML. */
  start: number;
  end: number;
  /** The <svg>'s attributes (lower-case names, decoded values); `file` is its DIAGRAM_FILE_ATTRIBUTE. */
  attributes: Map<string, string>;
  file: string;
}

/**
 * The diagrams' inline <svg>s in a page's HTML (as Sätteri or Astro wrote it), without parsing the page: a
 * drawing holds no <svg> and no text that could read as `</svg>` (its text is escaped), so it ends at the first.
 */
export function findInlineDiagrams(html: string): InlineDiagram[] {
  if (!html.includes(`${DIAGRAM_FILE_ATTRIBUTE}=`)) return [];
  const lowerCase = html.toLowerCase();
  const found: InlineDiagram[] = [];
  const tags = new RegExp(SVG_OPENING_TAG.source, "gi");
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    const attributes = new Map<string, string>();
    for (const [, name = "", double, single, bare] of (tag[1] ?? "").matchAll(ATTRIBUTE)) {
      attributes.set(name.toLowerCase(), decodeAttribute(double ?? single ?? bare ?? ""));
    }
    const file = attributes.get(DIAGRAM_FILE_ATTRIBUTE);
    if (file === undefined) continue;
    const close = lowerCase.indexOf("</svg>", tags.lastIndex);
    const end = close === -1 ? html.length : close + "</svg>".length;
    found.push({ start: tag.index, end, attributes, file });
    tags.lastIndex = end;
  }
  return found;
}
