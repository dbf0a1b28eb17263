/**
 * An SVG drawing as plain data: what a rendered diagram is cached as, and what the page's inline SVG is read
 * back into for its standalone file. Read with parse5, as a browser reads SVG inside HTML (character references
 * decoded, SVG's camel-case attribute names restored), so no text is ever copied through as markup.
 */
import type { DefaultTreeAdapterTypes } from "parse5";
import { parseFragment } from "parse5";

export interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  children: SvgChild[];
}
export type SvgChild = SvgElement | string;

type Parse5Node = DefaultTreeAdapterTypes.ChildNode;

/** The first <svg> element of `markup`, or undefined. */
export function parseSvg(markup: string): SvgElement | undefined {
  const stack: Parse5Node[] = [...parseFragment(markup).childNodes].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (!("tagName" in node)) continue;
    if (node.tagName === "svg") return toElement(node);
    stack.push(...[...node.childNodes].reverse());
  }
  return undefined;
}

/** Explicit stack: a diagram is shallow, but nothing here trusts that. */
function toElement(root: DefaultTreeAdapterTypes.Element): SvgElement {
  const convert = (node: DefaultTreeAdapterTypes.Element): SvgElement => ({
    name: node.tagName,
    attributes: Object.fromEntries(
      node.attrs.map((attribute) => [
        attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name,
        attribute.value,
      ]),
    ),
    children: [],
  });
  const top = convert(root);
  const stack: [DefaultTreeAdapterTypes.Element, SvgElement][] = [[root, top]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, element] = entry;
    for (const child of node.childNodes) {
      if (child.nodeName === "#text" && "value" in child) element.children.push(child.value);
      else if ("tagName" in child) {
        const converted = convert(child);
        element.children.push(converted);
        stack.push([child, converted]);
      }
    }
  }
  return top;
}

/** Each element of the tree, parents first. */
export function* elementsOf(root: SvgElement): Generator<SvgElement> {
  const stack = [root];
  for (let element = stack.pop(); element; element = stack.pop()) {
    yield element;
    for (let index = element.children.length - 1; index >= 0; index--) {
      const child = element.children[index];
      if (typeof child !== "string" && child) stack.push(child);
    }
  }
}

/** The text an element holds, as a reader would read it: whitespace collapsed. */
export function textOf(element: SvgElement): string {
  const parts: string[] = [];
  const stack: SvgChild[] = [element];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node === "string") parts.push(node);
    else for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index] as SvgChild);
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, "&quot;");

/** The tree as XML (a standalone SVG file): every text and attribute value escaped. */
export function svgXml(root: SvgElement): string {
  const out: string[] = [];
  const stack: (SvgChild | { close: string })[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node === "string") {
      out.push(escapeText(node));
      continue;
    }
    if ("close" in node) {
      out.push(`</${node.close}>`);
      continue;
    }
    const attributes = Object.entries(node.attributes)
      .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
      .join("");
    if (node.children.length === 0) {
      out.push(`<${node.name}${attributes}/>`);
      continue;
    }
    out.push(`<${node.name}${attributes}>`);
    stack.push({ close: node.name });
    for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index] as SvgChild);
  }
  return out.join("");
}
