/**
 * Where the site's Markdown pipeline (src/markdown/pipeline.ts) deliberately renders other HTML than the
 * CommonMark and GFM specs show, each with its reason: the one list the conformance test
 * (tests/unit/commonmark-conformance.test.ts) and docs/markdown-conformance.md use.
 *
 * A deviation is preferably a normalising rewrite: it is applied to the spec's expected HTML and to the
 * pipeline's alike, and the two must then be equal, so everything but the deliberate difference is still
 * compared. Only what cannot be rewritten (raw HTML the policy shows as text, fences the build reports as
 * unclosed) takes examples out of the comparison, by a rule naming them, and those examples are checked for
 * the deviation itself instead. Mismatches nobody chose are `KNOWN_BUGS`, apart.
 *
 * Not used by the build: nothing the pipeline imports imports this.
 */
import { bundledLanguages, isSpecialLang } from "shiki";
import { PostMarkdownProblem } from "#src/markdown/post-problem.ts";
import { isSafeHtml, isSafeUrl } from "#src/markdown/safe-html.ts";

/** An HTML tree as the comparison reads it: attributes by name, elements not closed in the source marked. */
export type HtmlNode =
  | { type: "element"; name: string; attrs: Record<string, string>; children: HtmlNode[]; closed: boolean }
  | { type: "text"; value: string }
  | { type: "comment"; value: string }
  /** A doctype, processing instruction or end tag without its element, compared as written. */
  | { type: "other"; value: string };
export type HtmlElement = Extract<HtmlNode, { type: "element" }>;

/** One example of a spec, as the test runs it. */
export interface SpecExample {
  spec: "CommonMark" | "GFM";
  section: string;
  example: number | string;
  markdown: string;
  html: string;
}

/** What a rule on an example may ask of the pipeline's parser. */
export interface ExampleFacts {
  /** The raw HTML (`html` nodes) of the example, parsed as the site parses it. */
  rawHtml: readonly string[];
  /** Whether the example renders the same with GFM's extensions off as with them on (plain Sätteri). */
  sameWithoutGfm: boolean;
  /** Whether Sätteri reads the example's first lines as YAML frontmatter. */
  frontmatter: boolean;
}

/** What the pipeline made of an example: its HTML (normalised, every deviation applied), or what it threw. */
export type Rendering = { html: HtmlNode[]; error?: undefined } | { html?: undefined; error: unknown };

export interface Deviation {
  id: string;
  title: string;
  /** Why the site renders it so. */
  reason: string;
  /** Rewrites a tree (the expected one and the rendered one alike) to what the comparison holds equal. */
  normalise?: (nodes: HtmlNode[], example: SpecExample, facts: ExampleFacts) => HtmlNode[];
  /**
   * True for examples this deviation takes out of the comparison; `check` then says what is wrong with
   * what the pipeline made of them, if anything.
   */
  exempts?: (example: SpecExample, facts: ExampleFacts) => boolean;
  check?: (rendering: Rendering) => string | undefined;
}

/**
 * A mismatch nobody chose: a bug, reported, kept here so the test passes until it is fixed and then says so
 * (an example listed here that renders right fails the test until its entry goes).
 */
export interface KnownBug {
  id: string;
  title: string;
  /** What is wrong, where, and what would fix it. */
  reason: string;
  /** Which of the test's renderings it affects. */
  flavours: readonly ("md" | "mdx")[];
  affects: (example: SpecExample, facts: ExampleFacts) => boolean;
}

/** Replaces each node `visit` returns an array for (its children are not visited); others are recursed into. */
export function rewrite(
  nodes: HtmlNode[],
  visit: (node: HtmlNode, ancestors: readonly HtmlElement[]) => HtmlNode[] | undefined,
  ancestors: readonly HtmlElement[] = [],
): HtmlNode[] {
  return nodes.flatMap((node) => {
    const replaced = visit(node, ancestors);
    if (replaced) return replaced;
    if (node.type === "element") node.children = rewrite(node.children, visit, [...ancestors, node]);
    return [node];
  });
}

export function textContent(nodes: readonly HtmlNode[]): string {
  return nodes
    .map((node) => (node.type === "text" ? node.value : node.type === "element" ? textContent(node.children) : ""))
    .join("");
}

const classesOf = (node: HtmlElement) => (node.attrs.class ?? "").split(/\s+/).filter(Boolean);
function setClasses(node: HtmlElement, classes: readonly string[]): void {
  if (classes.length > 0) node.attrs.class = classes.join(" ");
  else delete node.attrs.class;
}
const isElement = (node: HtmlNode, name?: string): node is HtmlElement =>
  node.type === "element" && (name === undefined || node.name === name);
const inCode = (ancestors: readonly HtmlElement[]) => ancestors.some((a) => a.name === "code" || a.name === "pre");

/** The language Shiki highlights a fence's info string as: one it does not know is plain text. */
function shikiLanguage(lang: string | undefined): string {
  if (!lang) return "plaintext";
  if (isSpecialLang(lang)) return "plaintext";
  return lang in bundledLanguages ? lang : "plaintext";
}

/** Smart punctuation, undone: what the spec's straight quotes, dashes and dots became. */
const SMART = [
  [/[\u2018\u2019]/g, "'"],
  [/[\u201c\u201d]/g, '"'],
  [/\u2014/g, "---"],
  [/\u2013/g, "--"],
  [/\u2026/g, "..."],
] as const;
const unsmart = (text: string) => SMART.reduce((value, [pattern, plain]) => value.replace(pattern, plain), text);

/** The deliberate deviations, in the order they are applied. */
export const DEVIATIONS: readonly Deviation[] = [
  {
    id: "smart-punctuation",
    title: "Smart punctuation",
    reason:
      "Prose gets typographic quotes, dashes and ellipses (Sätteri's `smartPunctuation`, as Astro's `smartypants` default): \"a\" -- b... reads as “a” – b…. Undone outside code, and in title and alt attributes, before comparing.",
    normalise: (nodes) =>
      rewrite(nodes, (node, ancestors) => {
        if (node.type === "text" && !inCode(ancestors)) node.value = unsmart(node.value);
        if (node.type === "element") {
          for (const name of ["title", "alt"]) {
            const value = node.attrs[name];
            if (value !== undefined) node.attrs[name] = unsmart(value);
          }
        }
        return undefined;
      }),
  },
  {
    id: "code-blocks",
    title: "Highlighted code blocks in a frame",
    reason:
      "Code blocks are highlighted by Shiki with token classes (the CSP forbids its inline styles), inside a frame with the language, an optional file title and a copy button (src/markdown/code-block.ts). A language Shiki does not know is shown as plain text, and the block's last two line endings go, as with Astro's own Shiki. Compared: the block's text without its trailing line endings, and its language as Shiki knows it.",
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (!isElement(node)) return undefined;
        if (node.name === "div" && classesOf(node).includes("code-block")) {
          const pre = node.children.find((child): child is HtmlElement => isElement(child, "pre"));
          if (pre) return codeBlock(pre);
        }
        if (node.name === "pre") return codeBlock(node);
        return undefined;
      }),
  },
  {
    id: "heading-anchors",
    title: "Heading ids and self-links",
    reason:
      "Headings get a github-slugger id (the table of contents links to it) and h2–h6 an empty self-link, `a.heading-anchor` (src/markdown/heading-anchors.ts). Both are removed before comparing.",
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (!isElement(node) || !/^h[1-6]$/.test(node.name)) return undefined;
        delete node.attrs.id;
        node.children = node.children.filter(
          (child) => !(isElement(child, "a") && classesOf(child).includes("heading-anchor")),
        );
        return undefined;
      }),
  },
  {
    id: "external-link-rel",
    title: 'rel="noopener noreferrer" on links to other sites',
    reason:
      "A link to another site tells it nothing of the page and cannot script it (externalLinksPlugin, src/markdown/safe-html.ts). The two rel values are removed before comparing.",
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (!isElement(node, "a") || node.attrs.rel === undefined) return undefined;
        const rel = node.attrs.rel
          .split(/\s+/)
          .filter((value) => value && value !== "noopener" && value !== "noreferrer");
        if (rel.length > 0) node.attrs.rel = rel.join(" ");
        else delete node.attrs.rel;
        return undefined;
      }),
  },
  {
    id: "unsafe-urls",
    title: "Links and images with an unsafe URL are shown as their text",
    reason:
      "A link or image is http(s), mailto, relative or a #fragment; any other scheme (irc:, javascript:, made-up ones) renders as its text, or its alt text (inertRawHtmlPlugin, src/markdown/safe-html.ts). The same rule is applied to the spec's HTML before comparing.",
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (isElement(node, "a") && node.attrs.href !== undefined && !isSafeUrl(node.attrs.href)) {
          return node.children;
        }
        if (isElement(node, "img") && node.attrs.src !== undefined && !isSafeUrl(node.attrs.src)) {
          return node.attrs.alt ? [{ type: "text", value: node.attrs.alt }] : [];
        }
        return undefined;
      }),
  },
  {
    id: "table-alignment",
    title: "Table column alignment as a class",
    reason:
      'A column\'s alignment is `class="align-center"`, not `style="text-align: center"` or `align="center"`: the CSP blocks style attributes (src/markdown/table-alignment.ts). Read back as `align` before comparing.',
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (!isElement(node) || (node.name !== "th" && node.name !== "td")) return undefined;
        const classes = classesOf(node);
        const align = classes.find((name) => /^align-(left|center|right)$/.test(name));
        if (align) {
          node.attrs.align = align.slice("align-".length);
          setClasses(
            node,
            classes.filter((name) => name !== align),
          );
        }
        return undefined;
      }),
  },
  {
    id: "task-list-classes",
    title: "Task lists carry GitHub's classes",
    reason:
      "A task list is `ul.contains-task-list` of `li.task-list-item`, as GitHub marks them up (Sätteri's GFM), so the stylesheet can drop their bullets. The classes are removed before comparing.",
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (isElement(node) && (node.name === "ul" || node.name === "ol" || node.name === "li")) {
          setClasses(
            node,
            classesOf(node).filter((name) => name !== "contains-task-list" && name !== "task-list-item"),
          );
        }
        return undefined;
      }),
  },
  {
    id: "footnote-popovers",
    title: "A footnote reference carries a copy of its note",
    reason:
      "After a reference's link goes a hidden copy of the note (`span.footnote-popover`), which the stylesheet shows on hover and focus, and the link names it with `aria-describedby` (src/markdown/footnote-popovers.ts). Both are removed before comparing.",
    normalise: (nodes) =>
      rewrite(nodes, (node) => {
        if (!isElement(node)) return undefined;
        if (node.name === "span" && classesOf(node).includes("footnote-popover")) return [];
        if (node.name === "a" && node.attrs["aria-describedby"]?.startsWith("footnote-popover-")) {
          delete node.attrs["aria-describedby"];
        }
        return undefined;
      }),
  },
  {
    id: "footnotes",
    title: "Footnotes marked up as GitHub renders them",
    reason:
      "Footnotes are GitHub's markup (remark-rehype's, from Sätteri): ids prefixed `user-content-` against DOM clobbering, `data-footnote-ref`/`data-footnote-backref` and `aria-describedby`, back links with an `aria-label`, and a visually hidden \"Footnotes\" heading, where cmark-gfm's test suite has `fn1`, `fnref1` and classes. Both are reduced to the numbers, the nesting and the text.",
    normalise: footnotes,
  },
  {
    id: "gfm-autolink-literals",
    title: "GFM is on: bare URLs and email addresses are links",
    reason:
      "Posts are GFM, so `https://example.com` and `foo@bar.example.com` in text are links (GFM's autolink literals), where plain CommonMark leaves them as text. Only for examples that render otherwise with GFM off: a link whose text is its own URL is read back as the text.",
    normalise: (nodes, example, facts) =>
      example.spec !== "CommonMark" || facts.sameWithoutGfm
        ? nodes
        : rewrite(nodes, (node) => {
            if (!isElement(node, "a") || node.attrs.href === undefined) return undefined;
            const text = textContent(node.children);
            const href = node.attrs.href;
            const literal = href === text || href === `mailto:${text}` || href === `http://${text}`;
            return literal ? node.children : undefined;
          }),
  },
  {
    id: "inert-raw-html",
    title: "Raw HTML that breaks the markup policy is shown as text",
    reason:
      "Raw HTML in a post that runs code, styles the page, frames or embeds a document, submits data, or carries an event handler, a style or an unsafe URL is shown as text (and so is its closing tag, and everything inside an <svg> or <math> shown as text) instead of being passed through (inertRawHtmlPlugin, src/markdown/safe-html.ts). Its examples are not compared; the rendered HTML must contain nothing the policy forbids.",
    exempts: (_example, facts) => facts.rawHtml.some((html) => !isSafeHtml(html) || /<\s*(svg|math)\b/i.test(html)),
    check: ({ html, error }) => {
      if (!html) return `threw: ${String(error)}`;
      const text = serialiseHtml(html);
      return isSafeHtml(text) ? undefined : `the rendered HTML breaks the markup policy: ${text}`;
    },
  },
  {
    id: "unclosed-fence",
    title: "A code fence that runs to the end of the post with text in it is an error",
    reason:
      "CommonMark lets a fence without its closing line run to the end of the document, which silently turns the rest of a post into code; the build stops instead and names the line (src/markdown/unclosed-fence.ts). A fence its container closes (the end of a block quote or list item) is no error, nor one that swallows nothing. CommonMark examples 127 (a shorter closing fence), 137 (one indented four spaces) and 139 (one with info text) are such fences, by design: none of those lines closes the fence, so it swallows them. The pipeline must report them as that problem.",
    exempts: (example) => example.spec === "CommonMark" && [127, 137, 139].includes(Number(example.example)),
    check: ({ error }) =>
      error instanceof PostMarkdownProblem && /the code fence .* is never closed/.test(error.reason)
        ? undefined
        : `expected the unclosed-fence problem, got ${error === undefined ? "HTML" : String(error)}`,
  },
];

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: "frontmatter-in-body",
    title: "A .md body that starts with a `---` line is read as frontmatter again",
    reason:
      "Astro hands the pipeline a .md post's body without its frontmatter (and trimmed), but the pipeline leaves Sätteri's `frontmatter` feature on, so a body that opens with a thematic break `---` and has another `---` line later loses everything between them as a second frontmatter block. Fix: `features.frontmatter: false` for .md (MDX gets the whole file and needs it).",
    flavours: ["md"],
    affects: (_example, facts) => facts.frontmatter,
  },
];

/** `<pre><code class="language-…">text</code></pre>`, the language Shiki's, without the last line ending. */
function codeBlock(pre: HtmlElement): HtmlNode[] {
  const code = pre.children.find((child) => isElement(child, "code"));
  const classLanguage =
    code && isElement(code) ? /(?:^|\s)language-(\S+)/.exec(code.attrs.class ?? "")?.[1] : undefined;
  const language = shikiLanguage(pre.attrs["data-language"] ?? classLanguage);
  const text = textContent(pre.children).replace(/\n+$/, "");
  return [
    {
      type: "element",
      name: "pre",
      attrs: {},
      closed: true,
      children: [
        {
          type: "element",
          name: "code",
          attrs: { class: `language-${language}` },
          closed: true,
          children: text ? [{ type: "text", value: text }] : [],
        },
      ],
    },
  ];
}

/** Footnote references, definitions and back links, by number: `#fn-1`, `#fnref-1`, `section.footnotes`. */
function footnotes(nodes: HtmlNode[]): HtmlNode[] {
  return rewrite(nodes, (node) => {
    if (!isElement(node)) return undefined;
    // A reference: <sup><a href="#fn…">n</a></sup>.
    if (node.name === "sup") {
      const [link] = node.children;
      if (
        node.children.length === 1 &&
        link &&
        isElement(link, "a") &&
        /^#(user-content-)?fn/.test(link.attrs.href ?? "")
      ) {
        const number = textContent(link.children);
        node.attrs = {};
        link.attrs = { href: `#fn-${number}`, id: `fnref-${number}` };
      }
      return undefined;
    }
    if (node.name !== "section" || !classesOf(node).includes("footnotes")) return undefined;
    node.attrs = { class: "footnotes" };
    node.children = node.children.filter((child) => !(isElement(child, "h2") && classesOf(child).includes("sr-only")));
    const list = node.children.find((child) => isElement(child, "ol"));
    if (!list || !isElement(list)) return [node];
    let number = 0;
    for (const item of list.children) {
      if (!isElement(item, "li")) continue;
      number += 1;
      item.attrs = { id: `fn-${number}` };
      const n = number;
      item.children = rewrite(item.children, (child) => {
        if (!isElement(child, "a") || !/^#(user-content-)?fnref/.test(child.attrs.href ?? "")) return undefined;
        return [{ type: "element", name: "a", attrs: { href: `#fnref-${n}` }, closed: true, children: child.children }];
      });
    }
    return [node];
  });
}

/** Elements without content or end tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set(
  "area base br col embed hr img input link meta source track wbr".split(" "),
);

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The tree as HTML again, one way for any tree: attributes sorted, `&`, `<`, `>` (and `"` in attributes)
 * as references, an element not closed in the source without its end tag.
 */
export function serialiseHtml(nodes: readonly HtmlNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === "text") return escapeText(node.value);
      if (node.type === "comment") return `<!--${node.value}-->`;
      if (node.type === "other") return node.value;
      const attrs = Object.entries(node.attrs)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => ` ${name}="${escapeText(value).replace(/"/g, "&quot;")}"`)
        .join("");
      if (VOID_ELEMENTS.has(node.name)) return `<${node.name}${attrs}>`;
      return `<${node.name}${attrs}>${serialiseHtml(node.children)}${node.closed ? `</${node.name}>` : ""}`;
    })
    .join("");
}
