/**
 * Turns a post's rendered HTML into HTML fit for a feed reader: every link and
 * image absolute, no scripts, styles or page-only widgets, and code colours as
 * plain `color` styles (readers know no CSS variables or dark-mode classes).
 */
import { ELEMENT_NODE, type ElementNode, parse, renderSync, walkSync } from "ultrahtml";

const DROPPED_ELEMENTS = new Set(["script", "style", "template", "noscript", "button"]);
const URL_ATTRIBUTES = ["href", "src", "poster", "cite"];

/** `pageUrl` is the absolute URL of the post; relative URLs resolve against it. */
export function feedHtml(html: string, pageUrl: string): string {
  const tree = parse(html);
  // Removed after the walk: removing while walking would skip the next sibling.
  const removed: ElementNode[] = [];
  walkSync(tree, (node) => {
    if (node.type !== ELEMENT_NODE) return;
    const element = node as ElementNode;
    const className = String(element.attributes.class ?? "");
    if (DROPPED_ELEMENTS.has(element.name) || /\bheading-anchor\b/.test(className)) {
      removed.push(element);
      return;
    }
    for (const attribute of URL_ATTRIBUTES) {
      const value = element.attributes[attribute];
      if (typeof value === "string") element.attributes[attribute] = absolute(value, pageUrl);
    }
    if (typeof element.attributes.srcset === "string") {
      element.attributes.srcset = element.attributes.srcset
        .split(",")
        .map((candidate: string) => {
          const [url = "", ...descriptor] = candidate.trim().split(/\s+/);
          return [absolute(url, pageUrl), ...descriptor].join(" ");
        })
        .join(", ");
    }
    if (typeof element.attributes.style === "string") {
      const style = feedStyle(element.attributes.style);
      if (style) element.attributes.style = style;
      else delete element.attributes.style;
    }
    for (const name of Object.keys(element.attributes)) {
      if (name.startsWith("data-astro")) delete element.attributes[name];
    }
  });
  for (const element of removed) removeNode(element);
  // Compiled MDX starts with a newline before its first tag; feed readers show it as a blank line.
  return renderSync(tree).trim();
}

function absolute(url: string, pageUrl: string): string {
  if (url === "" || /^(data|mailto|tel):/i.test(url)) return url;
  try {
    return new URL(url, pageUrl).href;
  } catch {
    return url;
  }
}

/** Keeps the light-theme colour of a Shiki token and drops CSS variables. */
function feedStyle(style: string): string {
  const light = /--shiki-light:\s*([^;]+)/.exec(style)?.[1];
  const kept = style
    .split(";")
    .map((declaration) => declaration.trim())
    .filter((declaration) => declaration && !declaration.startsWith("--"));
  if (light) kept.unshift(`color:${light.trim()}`);
  return kept.join(";");
}

function removeNode(element: ElementNode): void {
  const siblings = element.parent?.children;
  if (!siblings) return;
  const index = siblings.indexOf(element);
  if (index >= 0) siblings.splice(index, 1);
}
