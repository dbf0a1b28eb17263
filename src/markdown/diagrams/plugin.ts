/**
 * A ```mermaid fence becomes an inline SVG when the post is rendered: no browser, no client JavaScript.
 *
 *   ```mermaid title="How an order flows" alt="Orders go from the shop to the warehouse."
 *   flowchart LR
 *     Shop --> Warehouse
 *   ```
 *
 * becomes <figure class="mermaid-diagram"><div class="mermaid-diagram__canvas"><svg role="img" aria-label="…">…
 * </svg></div><figcaption>How an order flows</figcaption></figure>. `title` is the caption; `alt` the text
 * alternative, which is otherwise made from the diagram (its nodes and edges, its messages). Colours are the
 * site's custom properties (src/styles/diagram.css), so the diagram follows light and dark mode, with no style
 * attribute or element for the CSP to refuse. The <svg> names its standalone file (DIAGRAM_FILE_ATTRIBUTE), which
 * the feeds show instead, since feed readers strip inline SVG.
 *
 * Runs before syntax highlighting, which never sees the fence. A diagram that cannot be read fails the build
 * with the post's file and line (PostMarkdownProblem).
 */
import { createHash } from "node:crypto";
import type { Element, ElementContent } from "hast";
import type { HastPluginDefinition } from "satteri";
import { type DiagramCache, siteDiagramCache } from "#src/markdown/diagrams/cache.ts";
import { DIAGRAM_FILE_ATTRIBUTE, diagramFileUrl } from "#src/markdown/diagrams/diagram-file.ts";
import { DiagramSyntaxError } from "#src/markdown/diagrams/mermaid-source.ts";
import type { RenderedDiagram } from "#src/markdown/diagrams/render.ts";
import type { SvgElement } from "#src/markdown/diagrams/svg-tree.ts";
import { problemAt } from "#src/markdown/post-problem.ts";
import { markStyledFeature } from "#src/markdown/styled-features.ts";

export interface MermaidDiagramsOptions {
  /** The site's base path ("/" or "/sub/"): the standalone files' URLs start with it. */
  base: string;
  /** Where diagrams are drawn and kept: the site's shared cache unless a test gives its own. */
  cache?: () => DiagramCache;
}

/** `name="…"` (or '…', or a bare word) in a fence's meta string, as `title="…"` is read for code blocks. */
export function fenceAttribute(meta: string | undefined, name: string): string | undefined {
  const match = meta?.match(new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)'|(\\S+))`));
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value?.trim() || undefined;
}

/** Past this natural width a diagram is not shrunk below about two thirds on a phone: it scrolls (diagram.css). */
const WIDTH_STEP = 160;
const MAX_WIDTH_CLASS = 12;

const isMermaidCode = (node: ElementContent): node is Element =>
  node.type === "element" &&
  node.tagName === "code" &&
  ((node.data as { lang?: string } | undefined)?.lang === "mermaid" ||
    (Array.isArray(node.properties?.className) && node.properties.className.includes("language-mermaid")));

/** hast for the tree: attributes keep their SVG names (`stroke-width`, `viewBox`), ids get this figure's prefix. */
function toHast(element: SvgElement, idPrefix: string): Element {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(element.attributes)) {
    properties[name] =
      name === "id" ? `${idPrefix}${value}` : value.replace(/url\(#([\w-]+)\)/g, `url(#${idPrefix}$1)`);
  }
  return {
    type: "element",
    tagName: element.name,
    properties,
    children: element.children.map((child) =>
      typeof child === "string" ? { type: "text", value: child } : toHast(child, idPrefix),
    ),
  };
}

function figure(
  diagram: RenderedDiagram,
  options: { label: string; caption: string | undefined; url: string; idPrefix: string },
) {
  const svg = toHast(diagram.svg, options.idPrefix);
  svg.properties = {
    viewBox: diagram.svg.attributes.viewBox ?? `0 0 ${diagram.width} ${diagram.height}`,
    width: String(diagram.width),
    height: String(diagram.height),
    role: "img",
    "aria-label": options.label,
    [DIAGRAM_FILE_ATTRIBUTE]: options.url,
  };
  const widthClass = Math.min(MAX_WIDTH_CLASS, Math.ceil(diagram.width / WIDTH_STEP));
  const children: ElementContent[] = [
    {
      type: "element",
      tagName: "div",
      // A diagram that can scroll on a narrow screen can be scrolled with the keyboard too.
      properties: { className: ["mermaid-diagram__canvas"], ...(widthClass >= 4 ? { tabindex: "0" } : {}) },
      children: [svg],
    },
  ];
  if (options.caption) {
    children.push({
      type: "element",
      tagName: "figcaption",
      properties: {},
      children: [{ type: "text", value: options.caption }],
    });
  }
  return {
    type: "element",
    tagName: "figure",
    properties: {
      className: ["mermaid-diagram", `mermaid-diagram--w${widthClass}`],
      "data-diagram-kind": diagram.kind,
    },
    children,
  } satisfies Element;
}

/** Sätteri's defineHastPlugin only checks the name: done here, as in safe-html.ts. */
const hastPlugin = <P extends HastPluginDefinition>(definition: P): P => definition;

export const mermaidDiagramsPlugin =
  ({ base, cache = siteDiagramCache }: MermaidDiagramsOptions) =>
  () => {
    // The same diagram twice in a post: its marker ids must differ.
    const seen = new Map<string, number>();
    return hastPlugin({
      name: "mermaid-diagrams",
      options: { position: true },
      element: {
        filter: ["pre"],
        visit(node, ctx) {
          const code = node.children.find(isMermaidCode);
          if (!code) return;
          const source = ctx.textContent(code).replace(/\r?\n$/, "");
          const fenceLine = node.position?.start.line ?? 1;
          let diagram: RenderedDiagram;
          try {
            diagram = cache().render(source);
          } catch (error) {
            const line = error instanceof DiagramSyntaxError ? fenceLine + error.line : fenceLine;
            const message = error instanceof Error ? error.message : String(error);
            throw problemAt(ctx, line, `Mermaid diagram does not parse: ${message}`);
          }
          markStyledFeature(ctx.data, "diagram");
          const meta = (code.data as { meta?: string } | undefined)?.meta ?? undefined;
          const caption = fenceAttribute(meta, "title");
          const label = fenceAttribute(meta, "alt") ?? diagram.description;
          const hash = createHash("sha256").update(JSON.stringify(diagram.svg)).update(`\0${label}`).digest("hex");
          const short = hash.slice(0, 16);
          const count = (seen.get(short) ?? 0) + 1;
          seen.set(short, count);
          return figure(diagram, {
            label,
            caption,
            url: diagramFileUrl(base, short),
            idPrefix: `d${short.slice(0, 8)}${count > 1 ? `-${count}` : ""}-`,
          });
        },
      },
    });
  };
