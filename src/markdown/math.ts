/**
 * Math: `$…$` inline and `$$…$$` display (a ```math fence too), made MathML at build time by Temml. Browsers
 * lay MathML out themselves in the system's math font: no script, no font and no stylesheet to download.
 *
 * - Temml runs with `trust: false` (no \href, \class, \style, \includegraphics), `throwOnError: true` and
 *   no TeX annotation: the page, the feeds and the search index get the formula, not its source.
 * - Temml writes some layout as `style` attributes, which the Content-Security-Policy refuses: each
 *   declaration it writes for the common constructs is a class of src/styles/math.css (`STYLE_CLASSES`) and a
 *   colour is MathML's own `mathcolor`. The rest (spacing of \arraystretch, \raisebox and other kerns,
 *   \llap, \reflectbox) goes: the formula still reads. `displaystyle`/`scriptlevel` move to an <mstyle>,
 *   where HTML's validator (MathML 3) accepts them.
 * - A single `$` follows Pandoc's rule, so prices stay prose: the opening `$` has a non-space after it, the
 *   closing one a non-space before it and no digit after it (`$5 and $6` is text). `\$` is a dollar anywhere.
 * - A formula Temml cannot read fails the build with the post's file and line and Temml's message.
 */
import type { Element, Properties } from "hast";
import type { DefaultTreeAdapterTypes } from "parse5";
import { parseFragment } from "parse5";
import { defineHastPlugin, type HastVisitorContext } from "satteri";
import temml from "temml";
import { problemAt } from "#src/markdown/post-problem.ts";
import { FORBIDDEN_ELEMENTS, isSafeAttribute } from "#src/markdown/safe-html.ts";
import { markStyledFeature } from "#src/markdown/styled-features.ts";

/**
 * Temml's style declarations (normalised by `normalDeclaration`) and the class of src/styles/math.css that
 * does the same; the unit test checks each class's rule there.
 */
export const STYLE_CLASSES: Readonly<Record<string, string>> = {
  // Array, matrix, aligned and cases cells: Temml zeroes the outer sides and the aligned columns' gaps.
  "padding-left:0": "tml-s-pl0",
  "padding-right:0": "tml-s-pr0",
  "padding:0": "tml-s-p0",
  "padding-left:1em": "tml-s-pl1",
  // A matrix's and an array's column gap (\arraycolsep), a small matrix's.
  "padding-left:5.9776pt": "tml-s-pl-col",
  "padding-right:5.9776pt": "tml-s-pr-col",
  "padding-left:0.1389em": "tml-s-pl-small",
  "padding-right:0.1389em": "tml-s-pr-small",
  "text-align:left": "tml-left",
  // A numbered equation (\tag, align, gather) is a table across the column, its number in the last cell.
  "width:100%": "tml-s-w100",
  "width:50%": "tml-s-w50",
  // \hline, \hdashline and | or : between columns; doubled, a double line.
  "border-top:0.06em solid": "tml-s-bt",
  "border-top:0.06em dashed": "tml-s-bt-dash",
  "border-top:0.15em double": "tml-s-bt-double",
  "border-bottom:0.06em solid": "tml-s-bb",
  "border-bottom:0.06em dashed": "tml-s-bb-dash",
  "border-bottom:0.15em double": "tml-s-bb-double",
  "border-left:0.06em solid": "tml-s-bl",
  "border-left:0.06em dashed": "tml-s-bl-dash",
  "border-left:0.15em double": "tml-s-bl-double",
  "border-right:0.06em solid": "tml-s-br",
  "border-right:0.06em dashed": "tml-s-br-dash",
  "border-right:0.15em double": "tml-s-br-double",
  // \boxed
  "padding:3pt": "tml-s-boxed",
  "border:1px solid": "tml-s-box",
  // \boldsymbol on an operator, an italic digit; \! (a negative thin space)
  "font-weight:bold": "tml-s-bold",
  "font-style:italic": "tml-s-italic",
  "margin-left:-0.1667em": "tml-s-negthin",
};

/**
 * Declarations left out on purpose: what browsers do without being told (MathML's UA stylesheet makes
 * `display="block"` block math and pads a cell 0.4em either side), the text font Temml picks for an italic
 * digit (the math font's, slanted, reads as well) and `math-depth`: on an accent it looks the same without,
 * on a fraction's parts Temml writes `scriptlevel` too; and HTML's CSS validator knows no math-depth (a class
 * would fail it) while moving it to an <mstyle> breaks the accents.
 */
const IGNORED_DECLARATIONS = new Set([
  "display:block math",
  "math-depth:0",
  "math-depth:2",
  "padding-left:0.4em",
  "padding-right:0.4em",
  "font-family:cambria, 'times new roman', serif",
]);

/** MathML nested deeper than this is refused: Astro's renderer and the page policies walk it. */
export const MAX_MATH_DEPTH = 100;

/** A formula Temml could not read: what it said, and where in the formula (0-based) when it knows. */
export class MalformedMath extends Error {
  constructor(
    readonly reason: string,
    readonly position: number | undefined,
  ) {
    super(reason);
  }
}

/** A length of zero in any unit is `0`; spaces single; lower case; quotes single. */
function normalValue(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/"/g, "'")
    .split(/\s+/)
    .map((token) => (/^[+-]?0*(?:\.0+)?[a-z%]*$/.test(token) && /0/.test(token) ? "0" : token))
    .join(" ");
}

/** `Padding-Left: 0em ` is `padding-left:0`, the form `STYLE_CLASSES` is keyed by. */
export function normalDeclaration(declaration: string): string {
  const colon = declaration.indexOf(":");
  if (colon < 0) return declaration.trim().toLowerCase();
  return `${declaration.slice(0, colon).trim().toLowerCase()}:${normalValue(declaration.slice(colon + 1))}`;
}

const COLOUR = /^(?:#[0-9a-f]{3,8}|[a-z]+)$/i;

/** A `style` attribute as classes and MathML attributes; what has neither is listed in `dropped`. */
export function styleToMarkup(style: string): { classes: string[]; attributes: Properties; dropped: string[] } {
  const classes: string[] = [];
  const attributes: Properties = {};
  const dropped: string[] = [];
  for (const declaration of style.split(";")) {
    if (!declaration.trim()) continue;
    const normal = normalDeclaration(declaration);
    const known = STYLE_CLASSES[normal];
    const property = normal.slice(0, normal.indexOf(":"));
    const value = declaration.slice(declaration.indexOf(":") + 1).trim();
    if (known) classes.push(known);
    else if (IGNORED_DECLARATIONS.has(normal)) continue;
    else if (property === "color" && COLOUR.test(value) && value !== "undefined") attributes.mathcolor = value;
    else dropped.push(normal);
  }
  return { classes, attributes, dropped };
}

type Parse5Element = DefaultTreeAdapterTypes.Element;

/** A parse5 element's attributes as hast properties, the styles made classes and the policy applied. */
function propertiesOf(element: Parse5Element, dropped: string[]): Properties {
  const properties: Properties = {};
  const classes: string[] = [];
  for (const { name, value } of element.attrs) {
    if (name === "class") classes.push(...value.split(/\s+/).filter(Boolean));
    else if (name === "style") {
      const markup = styleToMarkup(value);
      classes.push(...markup.classes);
      dropped.push(...markup.dropped);
      for (const [attribute, attributeValue] of Object.entries(markup.attributes)) {
        properties[attribute] ??= attributeValue;
      }
    } else if (isSafeAttribute(name, value)) properties[name] = value;
  }
  if (classes.length > 0) properties.className = [...new Set(classes)];
  return properties;
}

/**
 * Where HTML's validator (MathML 3) allows `displaystyle` and `scriptlevel`, which MathML Core allows on any
 * element and Temml writes on some others.
 */
const STYLE_ATTRIBUTE_HOSTS: Readonly<Record<string, ReadonlySet<string>>> = {
  displaystyle: new Set(["math", "mstyle", "mtable"]),
  scriptlevel: new Set(["mstyle"]),
};

/**
 * An element with `displaystyle` or `scriptlevel` where only <mstyle> may have them: an <mrow> becomes the
 * <mstyle> (the same row, with the attributes), anything else goes in one. The layout is the same.
 */
function withStyleAttributesOnMstyle(element: Element): Element {
  const moved = Object.keys(STYLE_ATTRIBUTE_HOSTS).filter(
    (name) => element.properties[name] !== undefined && !STYLE_ATTRIBUTE_HOSTS[name]?.has(element.tagName),
  );
  if (moved.length === 0) return element;
  if (element.tagName === "mrow") {
    element.tagName = "mstyle";
    return element;
  }
  const properties: Properties = {};
  for (const name of moved) {
    properties[name] = element.properties[name];
    delete element.properties[name];
  }
  return { type: "element", tagName: "mstyle", properties, children: [element] };
}

/** The <math> element of Temml's markup as hast, with explicit stacks (no recursion on the formula's depth). */
function toHast(math: Parse5Element, dropped: string[]): Element {
  const root: Element = {
    type: "element",
    tagName: math.tagName,
    properties: propertiesOf(math, dropped),
    children: [],
  };
  const stack: [Parse5Element, Element, number][] = [[math, root, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [source, target, depth] = entry;
    if (depth > MAX_MATH_DEPTH) {
      throw new MalformedMath(`the formula is nested more than ${MAX_MATH_DEPTH} levels deep`, undefined);
    }
    for (const child of source.childNodes) {
      if (child.nodeName === "#text" && "value" in child) {
        target.children.push({ type: "text", value: child.value });
      } else if ("tagName" in child && !FORBIDDEN_ELEMENTS.has(child.tagName.toLowerCase())) {
        const element: Element = {
          type: "element",
          tagName: child.tagName,
          properties: propertiesOf(child, dropped),
          children: [],
        };
        target.children.push(withStyleAttributesOnMstyle(element));
        stack.push([child, element, depth + 1]);
      }
    }
  }
  return root;
}

/** Temml's message on one line, without the combining underline it draws under the culprit. */
function temmlMessage(error: unknown): { reason: string; position: number | undefined } {
  if (error instanceof RangeError) return { reason: "the formula is nested too deeply for Temml", position: undefined };
  const message = error instanceof Error ? error.message : String(error);
  const position = (error as { position?: unknown }).position;
  return {
    reason: message
      .replace(/\u0332/g, "")
      .replace(/\s+/g, " ")
      .trim(),
    position: typeof position === "number" ? position : undefined,
  };
}

/**
 * A TeX formula as a <math> element (display math is block math). Throws MalformedMath when Temml cannot
 * read it. `dropped` lists the style declarations that had no class (see `STYLE_CLASSES`).
 */
export function renderMath(tex: string, display: boolean): { element: Element; dropped: string[] } {
  let markup: string;
  try {
    markup = temml.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      annotate: false,
      xml: false,
      // Inline math is rows that break after a relation or an operator, as TeX breaks it (math.css wraps them).
      wrap: "tex",
    });
  } catch (error) {
    const { reason, position } = temmlMessage(error);
    throw new MalformedMath(reason, position);
  }
  const math = parseFragment(markup).childNodes.find(
    (node): node is Parse5Element => "tagName" in node && node.tagName === "math",
  );
  if (!math) throw new MalformedMath("Temml made no <math> element of it", undefined);
  const dropped: string[] = [];
  return { element: toHast(math, dropped), dropped };
}

/** The code element's text: the formula as Sätteri read it. */
function formulaOf(code: Readonly<Element>): string {
  return code.children.map((child) => (child.type === "text" ? child.value : "")).join("");
}

const classesOf = (node: Readonly<Element>): string[] => {
  const className = node.properties?.className;
  return Array.isArray(className) ? className.map(String) : [];
};

/**
 * Pandoc's rule for a single `$`: not math when a space follows the opening `$`, a space comes before the
 * closing one or a digit after it. `$$…$$` in a line is always math.
 */
export function isProseDollars(written: string, next: string | undefined): boolean {
  if (!/^\$[^$]/.test(written)) return false;
  const inner = written.slice(1, -1);
  return /^\s/.test(inner) || /\s$/.test(inner) || /^[0-9]/.test(next ?? "");
}

/** The line of the post where Temml's error is: the formula's line, plus the lines before the culprit. */
function problemLine(node: Readonly<Element>, ctx: HastVisitorContext, tex: string, position: number | undefined) {
  const start = node.position?.start;
  const end = node.position?.end;
  if (!start) return 1;
  const written = end?.offset !== undefined ? ctx.source.slice(start.offset, end.offset) : "";
  const at = written.indexOf(tex);
  const before = at >= 0 ? written.slice(0, at) + tex.slice(0, position ?? 0) : tex.slice(0, position ?? 0);
  const lines = (before.match(/\n/g) ?? []).length;
  // A formula that was not found as written (in a blockquote or a list) begins on the line after `$$`.
  return start.line + lines + (at < 0 && written.includes("\n") ? 1 : 0);
}

function render(node: Readonly<Element>, ctx: HastVisitorContext, tex: string, display: boolean): Element {
  try {
    return renderMath(tex, display).element;
  } catch (error) {
    if (!(error instanceof MalformedMath)) throw error;
    throw problemAt(ctx, problemLine(node, ctx, tex, error.position), `malformed math: ${error.reason}`);
  }
}

/**
 * The Sätteri plugin, first of the hast plugins: Sätteri's math (`features.math`) arrives as
 * `<code class="language-math math-inline">` and `<pre><code class="language-math math-display">`.
 * Display math goes in a `.math-display` box that scrolls sideways on a narrow screen (focusable, so the
 * keyboard can scroll it too). Search indexes the text of inline math, so the sentence around it reads
 * whole in an excerpt, but not display math's: flattened, a block formula is a run of glyphs
 * (`f(x)={xx>00otherwise`) that would match nothing a reader types and garble the excerpts near it.
 */
export const mathPlugin = defineHastPlugin({
  name: "math",
  options: { position: true },
  element: {
    filter: ["pre", "code"],
    visit(node, ctx) {
      if (node.tagName === "pre") {
        const code = node.children.find(
          (child): child is Element => child.type === "element" && child.tagName === "code",
        );
        if (!code || !classesOf(code).includes("language-math")) return;
        const math = render(node, ctx, formulaOf(code).replace(/\n$/, ""), true);
        markStyledFeature(ctx.data, "math");
        ctx.replaceNode(node, {
          type: "element",
          tagName: "div",
          properties: { className: ["math-display"], tabIndex: 0, dataPagefindIgnore: "" },
          children: [math],
        });
        return;
      }
      if (!classesOf(node).includes("math-inline")) return;
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) {
        const written = ctx.source.slice(start, end);
        if (isProseDollars(written, ctx.source[end])) {
          ctx.replaceNode(node, { type: "text", value: written });
          return;
        }
      }
      ctx.replaceNode(node, render(node, ctx, formulaOf(node), false));
      markStyledFeature(ctx.data, "math");
    },
  },
});
