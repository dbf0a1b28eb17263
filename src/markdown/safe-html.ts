/**
 * The one URL and markup policy of everything a post puts out: its page, from .md and .mdx alike, and every
 * feed (src/domain/feeds/content.ts applies the same rules, then a sanitiser's allowlist).
 *
 * - A link or a source is http(s), mailto, relative or a #fragment (`isSafeUrl`); javascript:, vbscript:,
 *   data: and any other scheme are not, however they are spelled (case, character references, tabs).
 * - No event handler (`on…`), `style` or `srcdoc` attribute.
 * - No element that runs code, styles the page, frames or embeds a document, moves the page's base, submits
 *   data or animates an attribute into a script URL (`FORBIDDEN_ELEMENTS`).
 *
 * What breaks it: raw HTML in Markdown is shown as text; a Markdown link or image is shown as its text; in MDX
 * the element is dropped, or the attribute. The Content-Security-Policy would block most of it on a page;
 * feed readers have no such policy, and inert markup nobody sees is no use either.
 *
 * Pure (no Node, no Sätteri at run time: the plugins are plain objects), so the feeds share it.
 */
import type { DefaultTreeAdapterTypes } from "parse5";
import { parseFragment } from "parse5";
import type {
  HastNode,
  HastPluginDefinition,
  HastVisitorContext,
  MdxJsxFlowElementHast,
  MdxJsxTextElementHast,
} from "satteri";

/** The URL schemes a link or a source may have; a URL without one is relative and fine. */
export const SAFE_URL_SCHEMES = ["http", "https", "mailto"] as const;

/**
 * Attributes that hold a URL (lower case, without `-` or `:`, so JSX's `xlinkHref` and `formAction` match
 * `xlink:href` and `formaction`). `srcset`s hold several.
 */
const URL_ATTRIBUTES = new Set([
  "href",
  "xlinkhref",
  "src",
  "srcset",
  "imagesrcset",
  "action",
  "formaction",
  "poster",
  "data",
  "cite",
  "background",
  "longdesc",
  "ping",
  "manifest",
  "codebase",
  "archive",
  "classid",
  "lowsrc",
  "dynsrc",
  "usemap",
  "profile",
  "icon",
]);
const SRCSET_ATTRIBUTES = new Set(["srcset", "imagesrcset"]);

/** Elements no post may carry (lower case): they run code, style, frame, embed, re-base, submit or animate. */
export const FORBIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  "script",
  "noscript",
  "template",
  "style",
  "link",
  "meta",
  "base",
  "iframe",
  "frame",
  "frameset",
  "noframes",
  "object",
  "embed",
  "applet",
  "param",
  "portal",
  "fencedframe",
  "form",
  "input",
  "button",
  "select",
  "option",
  "optgroup",
  "datalist",
  "textarea",
  "keygen",
  "xmp",
  "plaintext",
  "noembed",
  "foreignobject",
  "animate",
  "set",
  "animatemotion",
  "animatetransform",
  "handler",
  "listener",
]);

const normalName = (name: string) => name.toLowerCase().replace(/[-:]/g, "");

/** Character references a browser would decode in an attribute (`jav&#x61;script:`, `&colon;`, `&Tab;`). */
function decodeReferences(value: string): string {
  const named: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", amp: "&", sol: "/", period: "." };
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) || 0xfffd))
    .replace(/&#([0-9]+);?/g, (_, decimal: string) => String.fromCodePoint(Number(decimal) || 0xfffd))
    .replace(/&([a-z]+);/gi, (reference, name: string) => named[name.toLowerCase()] ?? reference);
}

/** Without the spaces and C0 controls at either end, which the URL parser drops. */
function trimControls(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return value.slice(start, end);
}

/**
 * True for an http(s) or mailto URL, a relative one and a #fragment. The URL is read as a browser reads it:
 * character references decoded, leading and trailing spaces and controls dropped, tabs and newlines removed.
 */
export function isSafeUrl(url: string): boolean {
  const read = trimControls(decodeReferences(url)).replace(/[\t\n\r]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(read)?.[1]?.toLowerCase();
  return scheme === undefined || (SAFE_URL_SCHEMES as readonly string[]).includes(scheme);
}

/** True for an attribute no output may carry, whatever its value: event handlers, `style`, `srcdoc`. */
export function isForbiddenAttribute(name: string): boolean {
  const normal = normalName(name);
  return normal.startsWith("on") || normal === "style" || normal === "srcdoc";
}

/** True when an attribute with this value may stay: not forbidden, and a URL in it (each of a srcset's) safe. */
export function isSafeAttribute(name: string, value: string): boolean {
  if (isForbiddenAttribute(name)) return false;
  const normal = normalName(name);
  if (!URL_ATTRIBUTES.has(normal)) return true;
  if (!SRCSET_ATTRIBUTES.has(normal)) return isSafeUrl(value);
  return value.split(",").every((candidate) => isSafeUrl(candidate.trim().split(/\s+/)[0] ?? ""));
}

type Parse5Node = DefaultTreeAdapterTypes.ChildNode;

/** True when raw HTML, read by a real HTML parser as a browser would, breaks none of the rules. */
export function isSafeHtml(html: string): boolean {
  const stack: Parse5Node[] = [...parseFragment(html).childNodes];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (!("tagName" in node)) continue;
    if (FORBIDDEN_ELEMENTS.has(node.tagName.toLowerCase())) return false;
    for (const attribute of node.attrs) {
      const name = attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name;
      if (!isSafeAttribute(name, attribute.value)) return false;
    }
    stack.push(...node.childNodes);
    if ("content" in node) stack.push(...node.content.childNodes);
  }
  return true;
}

type JsxElement = MdxJsxFlowElementHast | MdxJsxTextElementHast;
type JsxAttribute = JsxElement["attributes"][number];

/** A JSX attribute value written as a plain string literal (`{"…"}`, `{'…'}`, `` {`…`} ``), else undefined. */
function literalValue(expression: string): string | undefined {
  const match = /^\s*(["'`])((?:(?!\1)[^\\$]|\\.)*)\1\s*$/s.exec(expression);
  return match?.[2]?.replace(/\\(.)/g, "$1");
}

/**
 * Whether a JSX attribute may stay. On an HTML element (`intrinsic`) the whole policy applies and a spread
 * (`{...props}`) goes, since it could bring a handler; a component keeps its props but event handlers.
 * A URL given as an expression other than a string literal is code the author wrote and stays.
 */
function keepJsxAttribute(attribute: JsxAttribute, intrinsic: boolean): boolean {
  if (attribute.type === "mdxJsxExpressionAttribute") return !intrinsic;
  if (!intrinsic) return !normalName(attribute.name).startsWith("on");
  const { value } = attribute;
  if (value === null || value === undefined) return !isForbiddenAttribute(attribute.name);
  const text = typeof value === "string" ? value : literalValue(value.value);
  if (text === undefined) return !isForbiddenAttribute(attribute.name);
  return isSafeAttribute(attribute.name, text);
}

/** HTML and SVG elements are lower case (custom elements have a hyphen); components are capitalised or dotted. */
const isIntrinsic = (name: string) => /^[a-z]/.test(name) && !name.includes(".");
const isForbiddenJsx = (node: Readonly<{ type: string; name?: string | null }>) =>
  (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") &&
  typeof node.name === "string" &&
  isIntrinsic(node.name) &&
  FORBIDDEN_ELEMENTS.has(node.name.toLowerCase());

/** True inside an MDX element that goes anyway: changing it would be a change to a removed node. */
function insideForbidden(node: Readonly<HastNode>, ctx: HastVisitorContext): boolean {
  for (let parent = ctx.parent(node); parent && parent.type !== "root"; parent = ctx.parent(parent)) {
    if (isForbiddenJsx(parent)) return true;
  }
  return false;
}

function visitJsx(node: Readonly<JsxElement>, ctx: HastVisitorContext) {
  if (!node.name) return;
  const intrinsic = isIntrinsic(node.name);
  const forbidden = isForbiddenJsx(node);
  const kept = forbidden ? [] : node.attributes.filter((attribute) => keepJsxAttribute(attribute, intrinsic));
  if (!forbidden && kept.length === node.attributes.length) return;
  if (insideForbidden(node, ctx)) return;
  if (forbidden) ctx.removeNode(node);
  else ctx.replaceNode(node, { ...node, attributes: kept } as JsxElement);
}

/** Sätteri's defineHastPlugin checks the name and returns the definition: done here, without importing Sätteri. */
const hastPlugin = <P extends HastPluginDefinition>(definition: P): P => definition;

/**
 * The policy as a Sätteri plugin, for .md and .mdx: raw HTML that breaks it is shown as text (and so is the
 * closing tag of an element whose opening tag was), a Markdown link or image with an unsafe URL becomes its
 * text, and an MDX element that breaks it loses the element or the attribute.
 */
export const inertRawHtmlPlugin = () => {
  // Tags whose opening was shown as text: their closing tags are shown as text too.
  const open = new Map<string, number>();
  return hastPlugin({
    name: "inert-raw-html",
    raw(node, ctx) {
      const closing = /^<\s*\/\s*([a-z][a-z0-9-]*)\s*>$/i.exec(node.value.trim())?.[1]?.toLowerCase();
      if (closing && (open.get(closing) ?? 0) > 0) {
        open.set(closing, (open.get(closing) ?? 0) - 1);
        ctx.replaceNode(node, { type: "text", value: node.value });
        return;
      }
      // Inside an <svg> or <math> shown as text, every tag is text too: their <text> or <mi> is no HTML element.
      const insideForeign = (open.get("svg") ?? 0) > 0 || (open.get("math") ?? 0) > 0;
      if (!insideForeign && isSafeHtml(node.value)) return;
      const opening = /^<\s*([a-z][a-z0-9-]*)/i.exec(node.value.trim())?.[1]?.toLowerCase();
      if (opening && !new RegExp(`/>\\s*$|</\\s*${opening}\\b`, "i").test(node.value)) {
        open.set(opening, (open.get(opening) ?? 0) + 1);
      }
      ctx.replaceNode(node, { type: "text", value: node.value });
    },
    // Links and images written in Markdown (`[x](url)`, `[x][ref]`, `<url>`, `![x](url)`).
    element: {
      filter: ["a", "img"],
      visit(node, ctx) {
        const attribute = node.tagName === "a" ? "href" : "src";
        const url = node.properties?.[attribute];
        if (typeof url !== "string" || isSafeUrl(url) || insideForbidden(node, ctx)) return;
        if (node.tagName === "a") ctx.replaceNode(node, [...node.children]);
        else {
          const alt = node.properties?.alt;
          ctx.replaceNode(node, typeof alt === "string" && alt ? [{ type: "text", value: alt }] : []);
        }
      },
    },
    mdxJsxFlowElement: { filter: [], visit: visitJsx },
    mdxJsxTextElement: { filter: [], visit: visitJsx },
  });
};

/** Links to other sites get rel="noopener noreferrer": they learn nothing of the page and cannot script it. */
export function externalLinksPlugin(siteUrl: string) {
  const siteOrigin = new URL(siteUrl).origin;
  return hastPlugin({
    name: "external-links",
    element: {
      filter: ["a"],
      visit(node, ctx) {
        const href = node.properties?.href;
        if (typeof href !== "string" || !/^https?:\/\//i.test(href)) return;
        if (new URL(href).origin === siteOrigin) return;
        const existing: unknown = node.properties?.rel;
        const rel = new Set(
          Array.isArray(existing) ? existing.map(String) : typeof existing === "string" ? existing.split(/\s+/) : [],
        );
        rel.add("noopener");
        rel.add("noreferrer");
        ctx.setProperty(node, "rel", [...rel].filter(Boolean));
      },
    },
  });
}
