/**
 * A Mermaid diagram drawn by beautiful-mermaid (no browser, no DOM) and made fit for a page with a strict
 * Content-Security-Policy: its <style> element (web font imports, colour variables) and style attribute go, every
 * colour becomes one of the site's diagram colour properties (colours.ts), and only the elements and attributes
 * of a drawing are kept, or the diagram is refused. Labels are text nodes of the tree, never markup.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseMermaid, renderMermaidSVG } from "beautiful-mermaid";
import { colourProperty, RENDERER_COLOURS } from "#src/markdown/diagrams/colours.ts";
import { type DiagramKind, DiagramSyntaxError, readMermaid } from "#src/markdown/diagrams/mermaid-source.ts";
import { drawLifelinesFirst } from "#src/markdown/diagrams/sequence-layout.ts";
import { elementsOf, parseSvg, type SvgChild, type SvgElement, textOf } from "#src/markdown/diagrams/svg-tree.ts";

export interface RenderedDiagram {
  kind: DiagramKind;
  /** The drawing's own size, in CSS pixels (its viewBox). */
  width: number;
  height: number;
  /** What the diagram shows, in words: its text alternative unless the fence gives alt="…". */
  description: string;
  /** The <svg>, colours as `var(--diagram-…)`, ids as beautiful-mermaid made them. */
  svg: SvgElement;
}

/** What draws the SVG: beautiful-mermaid, or a test's stand-in. */
export type MermaidRenderer = (text: string) => string;

/** The version of the installed beautiful-mermaid (its package exports no package.json: found the way Node finds it). */
function rendererVersion(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const manifest = join(folder, "node_modules", "beautiful-mermaid", "package.json");
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
    if (dirname(folder) === folder) return "unknown";
  }
}

/** The renderer and its version: part of every cache key. */
export const RENDERER_VERSION = `beautiful-mermaid@${rendererVersion()}+lifelines-first`;

export const drawWithBeautifulMermaid: MermaidRenderer = (text) => renderMermaidSVG(text, { transparent: true });

/** Draws the diagram; throws DiagramSyntaxError naming the diagram's line when it cannot be read. */
export function renderDiagram(source: string, draw: MermaidRenderer = drawWithBeautifulMermaid): RenderedDiagram {
  const { kind, text } = readMermaid(source);
  let markup: string;
  try {
    markup = draw(text);
  } catch (error) {
    const firstLine = source.split(/\r?\n|\r/).findIndex((line) => line.trim() && !line.trim().startsWith("%%"));
    throw new DiagramSyntaxError(firstLine + 1, error instanceof Error ? error.message : String(error));
  }
  const drawn = parseSvg(markup);
  if (!drawn) throw new Error("beautiful-mermaid drew no <svg>");
  const description = kind === "flowchart" ? describeFlowchart(text) : describeSequence(drawn);
  if (kind === "sequence") drawLifelinesFirst(drawn);
  const svg = clean(drawn);
  const [, , width = 0, height = 0] = (svg.attributes.viewBox ?? "").split(/[\s,]+/).map(Number);
  return { kind, width, height, description, svg };
}

// ---------------------------------------------------------------------------------------------------------------
// The text alternative: a flowchart's edges in the order written, a sequence diagram's messages.

const FORMATTING = /<\/?(?:b|strong|i|em|u|s|del)\s*>/gi;
const words = (label: string) => label.replace(FORMATTING, "").replace(/\s+/g, " ").trim();
const MAX_DESCRIPTION = 1000;

function sentences(parts: string[]): string {
  const text = `${parts.join(". ")}.`;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/** From beautiful-mermaid's own reading of the text it was given (`&amp;` there is `&`). */
function describeFlowchart(text: string): string {
  const graph = parseMermaid(text.replace(/&amp;/g, "&"));
  const name = (id: string) => words(graph.nodes.get(id)?.label ?? id);
  const linked = new Set<string>();
  const edges = graph.edges.map((edge) => {
    linked.add(edge.source).add(edge.target);
    const arrow = edge.hasArrowStart ? (edge.hasArrowEnd ? "↔" : "←") : edge.hasArrowEnd ? "→" : "—";
    const label = edge.label ? ` (${words(edge.label)})` : "";
    return `${name(edge.source)} ${arrow} ${name(edge.target)}${label}`;
  });
  const alone = [...graph.nodes.keys()].filter((id) => !linked.has(id)).map(name);
  return sentences(["Flowchart", ...edges, ...alone]);
}

/** From the data attributes beautiful-mermaid puts on actors, messages and notes, in the order drawn. */
function describeSequence(svg: SvgElement): string {
  const names = new Map<string, string>();
  const parts: string[] = [];
  const elements = [...elementsOf(svg)];
  const classOf = (element: SvgElement) => element.attributes.class ?? "";
  for (const element of elements) {
    const { "data-id": id, "data-label": label } = element.attributes;
    if (id !== undefined && classOf(element) === "actor") names.set(id, words(label ?? id));
  }
  for (const element of elements) {
    const { "data-from": from, "data-to": to, "data-label": label } = element.attributes;
    if (from !== undefined && to !== undefined && classOf(element) === "message") {
      parts.push(`${names.get(from) ?? from} → ${names.get(to) ?? to}${label ? `: ${words(label)}` : ""}`);
    } else if (classOf(element) === "note") parts.push(`Note: ${textOf(element)}`);
  }
  return sentences([`Sequence diagram between ${[...names.values()].join(", ")}`, ...parts]);
}

// ---------------------------------------------------------------------------------------------------------------
// The drawing, kept to shapes and text.

const ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "marker",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "path",
  "text",
  "tspan",
]);
/** Dropped with what they hold: the stylesheet (a web font import and colour variables), replaced by diagram.css. */
const DROPPED_ELEMENTS = new Set(["style", "title", "desc"]);
/** Numbers and lengths: rounded to two decimals, which no one sees and every page weighs. */
const GEOMETRY = new Set([
  ...["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy", "d", "points", "width", "height"],
  ...["viewBox", "refX", "refY", "markerWidth", "markerHeight", "stroke-width", "stroke-dasharray", "font-size"],
  ...["stroke-dashoffset", "transform", "opacity", "fill-opacity", "stroke-opacity"],
]);
const KEYWORDS: Record<string, RegExp> = {
  orient: /^(auto|auto-start-reverse|[\d.]+)$/,
  markerUnits: /^(strokeWidth|userSpaceOnUse)$/,
  "stroke-linejoin": /^(round|miter|bevel)$/,
  "stroke-linecap": /^(round|butt|square)$/,
  "text-anchor": /^(start|middle|end)$/,
  "dominant-baseline": /^[a-z-]+$/,
  "font-weight": /^(normal|bold|[1-9]00)$/,
  "font-style": /^(normal|italic)$/,
  "text-decoration": /^[a-z -]+$/,
  id: /^[\w-]+$/,
};
const PAINT = new Set(["fill", "stroke"]);
const MARKERS = new Set(["marker-start", "marker-mid", "marker-end"]);
/** beautiful-mermaid's bookkeeping (classes, data-*), the style attribute and namespaces: not part of the drawing. */
const DROPPED_ATTRIBUTE = /^(class|style|xmlns(:\w+)?|data-[\w-]+)$/;

const NUMBER = /-?\d*\.\d{3,}/g;
const round = (value: string) => value.replace(NUMBER, (number) => String(Number(Number(number).toFixed(2))));

function paint(value: string): string {
  if (/^(none|transparent|currentColor)$/.test(value)) return value;
  if (/^url\(#[\w-]+\)$/.test(value)) return value;
  const variable = /^var\((--[\w-]+)\)$/.exec(value)?.[1];
  const role = variable === undefined ? undefined : RENDERER_COLOURS[variable];
  if (role) return `var(${colourProperty(role)})`;
  throw new Error(`beautiful-mermaid drew with the colour ${value}, which is not one of the site's diagram colours`);
}

function cleanAttribute(element: string, name: string, value: string): string | undefined {
  if (DROPPED_ATTRIBUTE.test(name)) return undefined;
  if (PAINT.has(name)) return paint(value);
  if (MARKERS.has(name) && /^url\(#[\w-]+\)$/.test(value)) return value;
  if (GEOMETRY.has(name) && /^[\d\s.,eE+-]*$|^[a-zA-Z\d\s.,()+-]*$/.test(value) && !/url|var/i.test(value)) {
    return round(value);
  }
  if (KEYWORDS[name]?.test(value)) return value;
  throw new Error(`beautiful-mermaid drew <${element} ${name}="${value}">, which is not kept in a page`);
}

/** Only whitespace between elements is dropped; the text of <text> and <tspan> is kept as it is. */
const holdsText = (name: string) => name === "text" || name === "tspan";

function clean(root: SvgElement): SvgElement {
  const convert = (element: SvgElement): SvgElement => {
    if (!ELEMENTS.has(element.name)) {
      throw new Error(`beautiful-mermaid drew a <${element.name}>, which is not kept in a page`);
    }
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(element.attributes)) {
      const kept = cleanAttribute(element.name, name, value);
      if (kept !== undefined) attributes[name] = kept;
    }
    return { name: element.name, attributes, children: [] };
  };
  const top = convert(root);
  const stack: [SvgElement, SvgElement][] = [[root, top]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [from, to] = entry;
    for (const child of from.children) {
      if (typeof child === "string") {
        if (holdsText(from.name) || child.trim()) to.children.push(child);
        continue;
      }
      if (DROPPED_ELEMENTS.has(child.name)) continue;
      const converted = convert(child);
      to.children.push(converted as SvgChild);
      stack.push([child, converted]);
    }
  }
  return top;
}
