/**
 * Turns a post's rendered HTML into HTML fit for a feed reader: every link and
 * image absolute, no scripts, styles or page-only widgets, and code colours as
 * plain `color` styles (readers know no CSS variables or dark-mode classes).
 * Annotated code (src/markdown/code-annotations.ts) reads as plain highlighted code: notation comments
 * are gone already and line numbers are the page's CSS, and a diff's lines are marked in text.
 *
 * Feed readers have no Content-Security-Policy, so every body passes the site's one URL and markup policy
 * (src/markdown/safe-html.ts, the rules pages follow too) and then sanitize-html's allowlist below: what is
 * not listed there (any element, attribute, URL scheme or style) does not reach a feed.
 */
import sanitizeHtml from "sanitize-html";
import { findInlineDiagrams } from "#src/markdown/diagrams/diagram-file.ts";
import { FOOTNOTE_POPOVER_CLASS, FOOTNOTE_POPOVER_ID_PREFIX } from "#src/markdown/footnote-popovers.ts";
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

/**
 * Math as Temml writes it (src/markdown/math.ts): MathML's layout and fonts, which readers lay out themselves.
 * No href, no style (neither is on the lists) and no annotation-xml, whose content can be HTML.
 */
const MATHML_ELEMENTS = [
  ...["math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mpadded"],
  ...["mphantom", "mstyle", "mfrac", "msqrt", "mroot", "msup", "msub", "msubsup", "mover", "munder"],
  ...["munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd", "menclose"],
];
const MATHML_ATTRIBUTES = [
  ...["displaystyle", "scriptlevel", "mathvariant", "mathcolor", "mathbackground", "mathsize", "fence", "form"],
  ...["separator", "stretchy", "symmetric", "largeop", "movablelimits", "lspace", "rspace", "minsize", "maxsize"],
  ...["accent", "accentunder", "width", "height", "depth", "voffset", "linethickness", "notation", "linebreak"],
  ...["columnalign", "rowalign", "columnspacing", "rowspacing", "columnspan", "rowspan"],
];

/** The allowlist every feed body passes last. Exported for the tests. */
export const FEED_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"],
    ...["a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite"],
    ...["q", "dfn", "time", "span", "div", "section", "ul", "ol", "li", "dl", "dt", "dd", "wbr"],
    ...["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"],
    ...["figure", "figcaption", "picture", "source", "img", "details", "summary", "input"],
    ...["svg", "title", "desc", ...SVG_SHAPES],
    ...MATHML_ELEMENTS,
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
    ...Object.fromEntries(MATHML_ELEMENTS.map((element) => [element, MATHML_ATTRIBUTES])),
    math: ["display", "xmlns", ...MATHML_ATTRIBUTES],
    annotation: ["encoding"],
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
  const diff = diffMarkers();
  return sanitizeHtml(diagramsAsImages(html), {
    ...FEED_SANITIZE_OPTIONS,
    onOpenTag: diff.open,
    onCloseTag: diff.close,
    textFilter: diff.text,
    transformTags: {
      "*": (tagName, attribs) => ({
        // A callout (the <Callout> component, a Markdown alert) is a quoted block in readers, which have no
        // stylesheet: set off from the text, its title a bold line (src/markdown/callout-markup.ts).
        tagName: tagName === "div" && hasClass(attribs, "callout") ? "blockquote" : tagName,
        attribs: feedAttributes(attribs, pageUrl),
      }),
    },
    // Page-only and forbidden elements go with all they hold (a copy button's label, a form's fields, a
    // foreignObject's HTML), and so do heading anchors and the copies of footnotes shown beside their
    // references (the notes are at the end); then the allowlist's own filter.
    nonTextTags: [...(FEED_SANITIZE_OPTIONS.nonTextTags ?? []), ...DROPPED_TAG_NAMES],
    exclusiveFilter: (frame) =>
      /\bheading-anchor\b/.test(frame.attribs.class ?? "") ||
      hasClass(frame.attribs, FOOTNOTE_POPOVER_CLASS) ||
      (FEED_SANITIZE_OPTIONS.exclusiveFilter?.(frame) ?? false),
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

/**
 * A diff's lines marked as in a unified diff: "+ " added, "- " removed, two spaces before the others so
 * the indentation lines up. Feed readers show neither the page's classes nor its gutter, and an unmarked
 * diff would read as the old and the new line both to keep; dropping the removed lines would lose what
 * the post is showing (what changed). The marker goes before a line's first text, in the streaming pass.
 */
function diffMarkers() {
  let inDiff = false;
  let pending = "";
  return {
    open(name: string, attribs: Record<string, string>) {
      const classes = (attribs.class ?? "").split(/\s+/);
      if (name === "pre") inDiff = classes.includes("has-diff");
      else if (inDiff && name === "span" && classes.includes("line")) {
        const diff = classes.includes("diff");
        pending = diff && classes.includes("add") ? "+ " : diff && classes.includes("remove") ? "- " : "  ";
      }
    },
    close(name: string) {
      if (name !== "pre") return;
      inDiff = false;
      pending = "";
    },
    text(text: string) {
      const marked = pending + text;
      pending = "";
      return marked;
    },
  };
}

/** A Shiki token's light-theme classes (src/markdown/code-theme.ts: `tl-0a3069`, `tl-i`…) as plain styles. */
const TOKEN_CLASS = /^t[ld]-[0-9a-z]+$/;
const TOKEN_FONT: Record<string, string> = {
  "tl-i": "font-style:italic",
  "tl-b": "font-weight:bold",
  "tl-u": "text-decoration:underline",
};

function tokenStyle(classes: string[]): string {
  return classes
    .map((name) => TOKEN_FONT[name] ?? (/^tl-[0-9a-f]{3,8}$/.test(name) ? `color:#${name.slice(3)}` : ""))
    .filter(Boolean)
    .join(";");
}

const hasClass = (attribs: Record<string, string | undefined>, name: string) =>
  (attribs.class ?? "").split(/\s+/).includes(name);

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A Mermaid diagram's inline SVG (src/markdown/diagrams/plugin.ts) as an <img> of its standalone file, with its
 * text alternative: feed readers strip inline SVG. build/integrations/diagram-files.ts publishes the files.
 */
function diagramsAsImages(html: string): string {
  let out = "";
  let from = 0;
  for (const { start, end, attributes, file } of findInlineDiagrams(html)) {
    const image = [
      ["src", file],
      ["alt", attributes.get("aria-label") ?? ""],
      ["width", attributes.get("width")],
      ["height", attributes.get("height")],
    ]
      .filter((attribute): attribute is [string, string] => attribute[1] !== undefined)
      .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
      .join("");
    out += `${html.slice(from, start)}<img${image}>`;
    from = end;
  }
  return from === 0 ? html : out + html.slice(from);
}

/** An element's attributes for a feed: the policy pages follow, URLs made absolute, Shiki colours as plain `color`. */
function feedAttributes(attribs: Record<string, string>, pageUrl: string): Record<string, string> {
  const kept: Record<string, string> = {};
  const classes = (attribs.class ?? "").split(/\s+/).filter(Boolean);
  const token = tokenStyle(classes);
  for (const [name, value] of Object.entries(attribs)) {
    // The policy pages follow: an unsafe URL, an event handler or a srcdoc goes (style is read below).
    if (name.startsWith("data-astro") || (name !== "style" && !isSafeAttribute(name, value))) continue;
    if (name === "aria-describedby") {
      // A footnote reference is described by its copy, which feeds drop.
      const ids = value.split(/\s+/).filter((id) => id && !id.startsWith(FOOTNOTE_POPOVER_ID_PREFIX));
      if (ids.length > 0) kept[name] = ids.join(" ");
    } else if (URL_ATTRIBUTES.includes(name)) kept[name] = absolute(value, pageUrl);
    else if (name === "srcset") kept[name] = absoluteSrcset(value, pageUrl);
    else if (name === "style") {
      const style = feedStyle(value);
      if (style) kept[name] = style;
    } else if (name === "class") {
      // Token classes mean nothing without the page's stylesheet: their colour becomes a style below.
      const rest = classes.filter((className) => !TOKEN_CLASS.test(className));
      if (rest.length > 0) kept[name] = rest.join(" ");
    } else kept[name] = value;
  }
  if (token) kept.style = kept.style ? `${token};${kept.style}` : token;
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
