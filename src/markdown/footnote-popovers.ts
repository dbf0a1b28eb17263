/**
 * A footnote reference shows its note in place, with no script: after the reference's link goes a copy of
 * the note, hidden, that src/styles/footnotes.css shows while the reference is hovered or has keyboard focus.
 *
 *   <sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref
 *        aria-describedby="footnote-popover-user-content-fnref-1">1</a><span class="footnote-popover"
 *        id="footnote-popover-user-content-fnref-1" role="tooltip" hidden data-pagefind-ignore>…</span></sup>
 *
 * The copy is the note without its back link, its ids or its tab stops; the reference names it as its
 * description, so a screen reader reads the note once, with the reference. The numbered list at the end stays
 * as it is, for print, feeds, reader views and browsers without CSS (`hidden` keeps the copy out of them);
 * search skips the copies (`data-pagefind-ignore`) and feeds drop them (src/domain/feeds/content.ts).
 *
 * A note a copy could not sit in a `<p>` with (a list, a code block, raw HTML, a component) gets no copy: its
 * reference still links to it. Nor does a reference in a heading (the heading's text would hold the note) or
 * in the notes themselves.
 */
import type { Element, ElementContent } from "hast";
import type { HastNode, HastPluginDefinition, HastVisitorContext } from "satteri";
import { markStyledFeature } from "#src/markdown/styled-features.ts";

/** The class feeds and print drop. */
export const FOOTNOTE_POPOVER_CLASS = "footnote-popover";
/** The copy's id is this and the reference's id. */
export const FOOTNOTE_POPOVER_ID_PREFIX = "footnote-popover-";

/** Elements that may sit inside a paragraph's `<sup>`, and so in a copy. */
const PHRASING = new Set(
  "a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong sub sup time u var wbr".split(
    " ",
  ),
);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Sätteri's defineHastPlugin checks the name and returns the definition: done here, so the feeds can import
 * the class name without Sätteri. */
const defineHastPlugin = <P extends HastPluginDefinition>(definition: P): P => definition;

const isBlank = (node: Readonly<HastNode>) => node.type === "text" && node.value.trim() === "";
const classesOf = (node: Readonly<Element>): string[] => {
  const value: unknown = node.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === "string" ? value.split(/\s+/) : [];
};
const isBackReference = (node: Readonly<Element>) =>
  node.tagName === "a" &&
  (node.properties?.dataFootnoteBackref !== undefined || classesOf(node).includes("data-footnote-backref"));
const isFootnotesSection = (node: Readonly<HastNode>) =>
  node.type === "element" && node.tagName === "section" && node.properties?.dataFootnotes !== undefined;

/**
 * A plain copy of a note's phrasing content (new objects: the notes list keeps its own), without back links,
 * ids, descriptions or tab stops; undefined when some of it could not go in a `<p>`.
 */
function copyPhrasing(node: Readonly<HastNode>): ElementContent | null | undefined {
  if (node.type === "text") return { type: "text", value: node.value };
  if (node.type !== "element" || !PHRASING.has(node.tagName)) return undefined;
  if (isBackReference(node)) return null;
  const children: ElementContent[] = [];
  for (const child of node.children) {
    const copy = copyPhrasing(child as HastNode);
    if (copy === undefined) return undefined;
    if (copy) children.push(copy);
  }
  const { id: _id, ariaDescribedBy: _describedBy, ...properties } = node.properties ?? {};
  // Shown only while its reference is hovered or focused: a link in it is for the pointer, not a tab stop.
  if (node.tagName === "a") properties.tabIndex = -1;
  return { type: "element", tagName: node.tagName, properties, children };
}

/** The copy of a footnote's content (its `<li>`'s), one span a paragraph; undefined when it has other blocks. */
function copyNote(item: Readonly<Element>): ElementContent[] | undefined {
  const paragraphs: ElementContent[] = [];
  for (const block of item.children) {
    if (isBlank(block as HastNode)) continue;
    if (block.type !== "element" || block.tagName !== "p") return undefined;
    const children: ElementContent[] = [];
    for (const child of block.children) {
      const copy = copyPhrasing(child as HastNode);
      if (copy === undefined) return undefined;
      if (copy) children.push(copy);
    }
    // The spaces that stood before and between the back links.
    while (children.at(-1)?.type === "text" && isBlank(children.at(-1) as HastNode)) children.pop();
    const last = children.at(-1);
    if (last?.type === "text") last.value = last.value.trimEnd();
    paragraphs.push({
      type: "element",
      tagName: "span",
      properties: { className: ["footnote-popover__paragraph"] },
      children,
    });
  }
  return paragraphs.length > 0 ? paragraphs : undefined;
}

function insideHeadingOrNotes(node: Readonly<HastNode>, ctx: HastVisitorContext): boolean {
  for (let parent = ctx.parent(node); parent && parent.type !== "root"; parent = ctx.parent(parent)) {
    if (isFootnotesSection(parent)) return true;
    if (parent.type === "element" && HEADINGS.has(parent.tagName)) return true;
  }
  return false;
}

/**
 * Two passes: the first copies the notes (at the end of the document), the second puts a copy after each
 * reference. A factory: each compile gets its own notes.
 */
export const footnotePopoversPlugin = () => {
  const notes = new Map<string, ElementContent[]>();
  const collect = defineHastPlugin({
    name: "footnote-popovers-notes",
    element: {
      filter: ["section"],
      visit(node) {
        if (!isFootnotesSection(node)) return;
        for (const list of node.children) {
          if (list.type !== "element" || list.tagName !== "ol") continue;
          for (const item of list.children) {
            if (item.type !== "element" || item.tagName !== "li" || typeof item.properties?.id !== "string") continue;
            const copy = copyNote(item);
            if (copy) notes.set(item.properties.id, copy);
          }
        }
      },
    },
  });
  const insert = defineHastPlugin({
    name: "footnote-popovers",
    element: {
      filter: ["sup"],
      visit(node, ctx) {
        if (notes.size === 0) return;
        const children = node.children.filter((child) => !isBlank(child as HastNode));
        const [reference] = children;
        if (children.length !== 1 || reference?.type !== "element" || reference.tagName !== "a") return;
        const { href, id, dataFootnoteRef } = reference.properties ?? {};
        if (dataFootnoteRef === undefined || typeof href !== "string" || typeof id !== "string") return;
        const note = href.startsWith("#") ? notes.get(decodeURIComponent(href.slice(1))) : undefined;
        if (!note || insideHeadingOrNotes(node, ctx)) return;
        const popoverId = `${FOOTNOTE_POPOVER_ID_PREFIX}${id}`;
        const popover: Element = {
          type: "element",
          tagName: "span",
          properties: {
            className: [FOOTNOTE_POPOVER_CLASS],
            id: popoverId,
            role: "tooltip",
            hidden: true,
            dataPagefindIgnore: true,
          },
          // Fresh objects for every reference to the same note.
          children: structuredClone(note),
        };
        const link: Element = {
          type: "element",
          tagName: "a",
          properties: { ...reference.properties, ariaDescribedBy: [popoverId] },
          children: reference.children.map((child) => copyPhrasing(child as HastNode) ?? { type: "text", value: "" }),
        };
        markStyledFeature(ctx.data, "footnote-popover");
        ctx.replaceNode(node, {
          type: "element",
          tagName: node.tagName,
          properties: { ...node.properties },
          children: [link, popover],
        });
      },
    },
  });
  return [collect, insert];
};
