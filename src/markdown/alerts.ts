/**
 * GitHub's alerts: a blockquote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
 * `[!CAUTION]` becomes a callout, the same markup as the `<Callout>` component (src/markdown/callout-markup.ts).
 *
 * GitHub's rules: the marker is the blockquote's first line and alone on it (any case, trailing spaces allowed),
 * something follows it, and the blockquote is not nested in another element ("alerts cannot be nested within
 * other elements"). `> [!NOTE] Text` on one line, `> [!NOTE]` alone, `> [!NOTES]`, `> Text [!NOTE]` and a
 * marked blockquote in a list, a blockquote or a component stay blockquotes.
 */
import type { Element, ElementContent, Text } from "hast";
import type { HastNode } from "satteri";
import { defineHastPlugin } from "satteri";
import { ALERT_TYPES, type CalloutType, calloutElement } from "#src/markdown/callout-markup.ts";

/** The marker and what ends its line: a newline, the end of the text (a hard break or the paragraph's end). */
const MARKER = /^\[!([a-z]+)\][ \t]*(\r?\n|$)/i;

const isBlank = (node: Readonly<HastNode>) => node.type === "text" && node.value.trim() === "";
const isElement = (node: Readonly<HastNode>, tagName: string): node is Element =>
  node.type === "element" && node.tagName === tagName;

/** A new element like `element` with other children (a spread would lose the fields Sätteri reads lazily). */
const withChildren = (element: Readonly<Element>, children: ElementContent[]): Element => ({
  type: "element",
  tagName: element.tagName,
  properties: { ...element.properties },
  children,
});

/** The alert's type and its body (the blockquote's content without the marker line), or undefined for a blockquote. */
export function readAlert(blockquote: Readonly<Element>): { type: CalloutType; body: ElementContent[] } | undefined {
  const children = blockquote.children as ElementContent[];
  const first = children.findIndex((child) => !isBlank(child));
  const paragraph = children[first];
  if (!paragraph || !isElement(paragraph, "p")) return undefined;
  // The text the paragraph opens with (Sätteri may hand it over in several text nodes).
  const leading = paragraph.children.findIndex((child) => child.type !== "text");
  const texts = paragraph.children.slice(0, leading === -1 ? undefined : leading) as Text[];
  const rest = paragraph.children.slice(texts.length);
  const text = texts.map((child) => child.value).join("");
  const match = MARKER.exec(text);
  const type = match?.[1] ? ALERT_TYPES[match[1].toLowerCase()] : undefined;
  if (!match || !type) return undefined;
  // The marker's line ends where the text does: only a hard line break or the paragraph's end may come next.
  let after = text.slice(match[0].length);
  if (match[2] === "" && rest.length > 0) {
    if (!isElement(rest[0] as HastNode, "br")) return undefined;
    rest.shift();
    const next = rest[0]?.type === "text" ? rest.shift() : undefined;
    after = next?.type === "text" ? next.value.replace(/^\r?\n/, "") : "";
  }
  const lines: ElementContent[] = [...(after ? [{ type: "text", value: after } satisfies Text] : []), ...rest];
  const keepParagraph = lines.some((child) => !isBlank(child));
  const body = [...(keepParagraph ? [withChildren(paragraph, lines)] : []), ...children.slice(first + 1)];
  if (!body.some((child) => !isBlank(child))) return undefined;
  return { type, body };
}

export const alertsPlugin = defineHastPlugin({
  name: "alerts",
  element: {
    filter: ["blockquote"],
    visit(node, ctx) {
      if (ctx.parent(node)?.type !== "root") return;
      const alert = readAlert(node);
      if (!alert) return;
      ctx.replaceNode(node, calloutElement(alert.type, alert.body));
    },
  },
});
