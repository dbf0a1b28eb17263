/**
 * Turns a post's rendered HTML into HTML fit for a feed reader: every link and
 * image absolute, no scripts, styles or page-only widgets, and code colours as
 * plain `color` styles (readers know no CSS variables or dark-mode classes).
 *
 * Feed readers have no Content-Security-Policy, so every body passes the site's one URL and markup policy
 * (src/markdown/safe-html.ts, the rules pages follow too) and then sanitize-html's allowlist below: what is
 * not listed there (any element, attribute, URL scheme or style) does not reach a feed.
 */
import sanitizeHtml from "sanitize-html";
import { FORBIDDEN_ELEMENTS, isSafeAttribute, SAFE_URL_SCHEMES } from "#src/markdown/safe-html.ts";

const DROPPED_ELEMENTS = new Set(["script", "style", "template", "noscript", "button", ...FORBIDDEN_ELEMENTS]);
const URL_ATTRIBUTES = ["href", "src", "poster", "cite"];

/** SVG drawing in a post (the Diagram component): shapes and text, nothing that links, loads or animates. */
const SVG_SHAPE_ATTRIBUTES = [
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "dx",
  "dy",
  "d",
  "points",
  "width",
  "height",
  "transform",
  "fill",
  "fill-opacity",
  "fill-rule",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-linecap",
  "stroke-linejoin",
  "stroke-dasharray",
  "opacity",
  "text-anchor",
  "dominant-baseline",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
];
const SVG_SHAPES = ["g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text", "tspan"];
const COLOUR = [/^#[0-9a-f]{3,8}$/i, /^[a-z]+$/i, /^rgba?\([\d\s.,%]+\)$/i];

/** The allowlist every feed body passes last. Exported for the tests. */
export const FEED_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"],
    ...["a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite"],
    ...["q", "dfn", "time", "span", "div", "section", "ul", "ol", "li", "dl", "dt", "dd", "wbr"],
    ...["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"],
    ...["figure", "figcaption", "picture", "source", "img", "details", "summary", "input"],
    ...["svg", "title", "desc", ...SVG_SHAPES],
  ],
  allowedAttributes: {
    "*": ["id", "class", "title", "lang", "dir", "role", "aria-*", "data-*"],
    a: ["href", "rel", "hreflang"],
    img: ["src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"],
    source: ["srcset", "sizes", "media", "type"],
    blockquote: ["cite"],
    q: ["cite"],
    del: ["cite", "datetime"],
    ins: ["cite", "datetime"],
    time: ["datetime"],
    ol: ["start", "reversed", "type"],
    li: ["value"],
    th: ["colspan", "rowspan", "scope", "align"],
    td: ["colspan", "rowspan", "align"],
    col: ["span"],
    colgroup: ["span"],
    pre: ["tabindex"],
    details: ["open"],
    input: ["type", "checked", "disabled"],
    span: ["style"],
    svg: ["viewBox", "xmlns", "width", "height", "fill", "stroke", "font-family", "font-size", "preserveAspectRatio"],
    ...Object.fromEntries(SVG_SHAPES.map((shape) => [shape, SVG_SHAPE_ATTRIBUTES])),
  },
  // A task list's box, and no other input.
  exclusiveFilter: (frame) => frame.tag === "input" && frame.attribs.type !== "checkbox",
  allowedStyles: {
    span: {
      color: COLOUR,
      "background-color": COLOUR,
      "font-style": [/^(italic|normal)$/],
      "font-weight": [/^(bold|normal|[1-9]00)$/],
      "text-decoration": [/^(underline|line-through|none)$/],
    },
  },
  allowedSchemes: [...SAFE_URL_SCHEMES],
  allowedSchemesByTag: {},
  allowProtocolRelative: true,
  // Their text goes too, not only the tags.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "xmp", "noembed", "noframes"],
  // Void elements written as such (<source>, <wbr> are not in sanitize-html's list).
  selfClosing: [...sanitizeHtml.defaults.selfClosing, "source", "wbr"],
  // SVG's camel-case attributes (viewBox) as written; the allowlist names them exactly.
  parser: { lowerCaseAttributeNames: false },
};

/**
 * `pageUrl` is the absolute URL of the post; relative URLs resolve against it. One streaming pass of
 * sanitize-html and no tree: a post nested thousands of levels deep (valid Markdown) cannot overflow the stack.
 */
export function feedHtml(html: string, pageUrl: string): string {
  return sanitizeHtml(html, {
    ...FEED_SANITIZE_OPTIONS,
    transformTags: { "*": (tagName, attribs) => ({ tagName, attribs: feedAttributes(attribs, pageUrl) }) },
    // Page-only and forbidden elements go with all they hold (a copy button's label, a form's fields, a
    // foreignObject's HTML), and so do heading anchors; then the allowlist's own filter.
    nonTextTags: [...(FEED_SANITIZE_OPTIONS.nonTextTags ?? []), ...DROPPED_TAG_NAMES],
    exclusiveFilter: (frame) =>
      /\bheading-anchor\b/.test(frame.attribs.class ?? "") || (FEED_SANITIZE_OPTIONS.exclusiveFilter?.(frame) ?? false),
    // Compiled MDX starts with a newline before its first tag; feed readers show it as a blank line.
  }).trim();
}

/**
 * The dropped elements as the parser names them: lower case, and inside <svg> the HTML standard's
 * SVG spellings. A task list's checkbox is an allowed input, so `input` is left to the allowlist.
 */
const DROPPED_TAG_NAMES = [
  ...[...DROPPED_ELEMENTS].filter((tag) => tag !== "input"),
  "foreignObject",
  "animateMotion",
  "animateTransform",
];

/** An element's attributes for a feed: the policy pages follow, URLs made absolute, Shiki colours as plain `color`. */
function feedAttributes(attribs: Record<string, string>, pageUrl: string): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(attribs)) {
    // The policy pages follow: an unsafe URL, an event handler or a srcdoc goes (style is read below).
    if (name.startsWith("data-astro") || (name !== "style" && !isSafeAttribute(name, value))) continue;
    if (URL_ATTRIBUTES.includes(name)) kept[name] = absolute(value, pageUrl);
    else if (name === "srcset") kept[name] = absoluteSrcset(value, pageUrl);
    else if (name === "style") {
      const style = feedStyle(value);
      if (style) kept[name] = style;
    } else kept[name] = value;
  }
  return kept;
}

function absoluteSrcset(srcset: string, pageUrl: string): string {
  return srcset
    .split(",")
    .map((candidate) => {
      const [url = "", ...descriptor] = candidate.trim().split(/\s+/);
      return [absolute(url, pageUrl), ...descriptor].join(" ");
    })
    .join(", ");
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
