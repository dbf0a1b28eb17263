/**
 * Annotated code (issue #17): Shiki's transformers mark lines with classes, never inline styles (the CSP
 * allows none), and src/styles/code-annotations.css draws them.
 *
 * - ```py {2,4-5}              highlighted lines, counted in the source as written: `line highlighted`
 * - `// [!code highlight]`     the same from a comment (`# [!code …]` in Python, shell, YAML…)
 * - `// [!code ++]` / `--`     added and removed lines: `line diff add` / `line diff remove`, `has-diff` on the <pre>
 * - `// [!code focus]`         `line focused`, `has-focused` on the <pre>: the other lines are dimmed
 * - ```py showLineNumbers      `line-numbers` on the <pre>: a CSS counter numbers the lines, no markup a line
 *
 * A notation takes a count of lines (`[!code focus:3]`); its comment is removed from the code, and a
 * line holding nothing but the notation goes entirely. The copy button (CodeCopy.astro) leaves out
 * removed lines; line numbers are CSS generated content, which neither copying nor search indexing sees.
 */
import {
  transformerMetaHighlight,
  transformerNotationDiff,
  transformerNotationFocus,
  transformerNotationHighlight,
} from "@shikijs/transformers";
import type { Element, ElementContent } from "hast";
import type { ShikiTransformer } from "shiki";

/** The most lines a `{…}` range may span: the transformer builds an array of them, and a typo must not exhaust memory. */
const MAX_META_RANGE = 10_000;

/** The fence meta without its quoted values, so `title="showLineNumbers"` names a file and turns nothing on. */
function unquotedMeta(meta: string | undefined): string {
  return (meta ?? "").replace(/"[^"]*"|'[^']*'/g, " ");
}

/** Whether the fence meta asks for line numbers: the word `showLineNumbers` on its own. */
export function wantsLineNumbers(meta: string | undefined): boolean {
  return /(?:^|\s)showLineNumbers(?=\s|$)/.test(unquotedMeta(meta));
}

/**
 * Whether a fence asks for any annotation (line numbers, `{…}` highlights, a `[!code …]` notation): read
 * from the fence before it is highlighted, so a plugin can note the post needs the annotations' stylesheet.
 */
export function asksForAnnotations(meta: string | undefined, code: string): boolean {
  return wantsLineNumbers(meta) || /\{[\d,\s-]+\}/.test(unquotedMeta(meta)) || /\[!code\s/.test(code);
}

/** Refuses a `{…}` line range too long to be meant (`{1-1000000000}`), naming it. */
function checkMetaRanges(meta: string | undefined): void {
  const lines = /\{([\d,-]+)\}/.exec(meta ?? "")?.[1];
  for (const range of lines?.split(",") ?? []) {
    const [from = 0, to = from] = range.split("-").map((part) => Number.parseInt(part, 10) || 0);
    if (to - from > MAX_META_RANGE) {
      throw new Error(`The highlighted lines {${lines}} of a code fence span more than ${MAX_META_RANGE} lines`);
    }
  }
}

const classList = (node: Element): string[] => {
  const classes = node.properties.class ?? node.properties.className;
  return Array.isArray(classes) ? classes.map(String) : String(classes ?? "").split(/\s+/);
};

/**
 * `showLineNumbers` in the meta: `line-numbers` on the <pre>; the stylesheet numbers the lines with a
 * counter, skipping removed lines, so the numbers are those of the code as pasted. And `annotated` on
 * every <pre> that has an annotation, for the stylesheet: a block without one is laid out as before.
 */
function lineNumbersTransformer(): ShikiTransformer {
  return {
    name: "line-numbers",
    preprocess() {
      checkMetaRanges(this.options.meta?.__raw);
    },
    // After the other transformers' `line` and `code` hooks: the lines and the <pre> have their classes.
    pre(node) {
      const code = node.children.find((child): child is Element => child.type === "element");
      const lines = (code?.children ?? []).filter((child): child is Element => child.type === "element");
      const lineClasses = lines.map(classList);
      if (wantsLineNumbers(this.options.meta?.__raw)) this.addClassToHast(node, "line-numbers");
      const annotated = classList(node).some((name) =>
        /^(?:has-diff|has-highlighted|has-focused|line-numbers)$/.test(name),
      );
      if (annotated || lineClasses.some((names) => names.includes("highlighted")))
        this.addClassToHast(node, "annotated");
    },
  };
}

const textOf = (node: ElementContent): string =>
  node.type === "text" ? node.value : node.type === "element" ? node.children.map(textOf).join("") : "";

/**
 * The notation transformers leave the space before a removed comment (`old ` of `old // [!code --]`):
 * the lines that held a notation lose their trailing blanks, and no other line does (trailing spaces
 * can mean something, a Markdown line break). Two hooks around the notation transformers.
 */
function notationBlanks(): [ShikiTransformer, ShikiTransformer] {
  const annotated = new WeakSet<Element>();
  const linesOf = (code: Element) =>
    code.children.filter((node): node is Element => node.type === "element" && node.tagName === "span");
  return [
    {
      name: "notation-lines",
      code(code) {
        for (const line of linesOf(code)) if (textOf(line).includes("[!code")) annotated.add(line);
      },
    },
    {
      name: "notation-trailing-blanks",
      code(code) {
        for (const line of linesOf(code)) if (annotated.has(line)) trimEnd(line);
      },
    },
  ];
}

/** Drops the trailing blanks of a line's last tokens, and the tokens left empty. */
function trimEnd(line: Element): void {
  for (let last = line.children.at(-1); last; last = line.children.at(-1)) {
    const text = last.type === "element" ? last.children[0] : last;
    if (text?.type !== "text" || (last.type === "element" && last.children.length !== 1)) return;
    text.value = text.value.trimEnd();
    if (text.value !== "") return;
    line.children.pop();
  }
}

/** The annotation transformers, in the order they run (before the code block frame). */
export function codeAnnotationTransformers(): ShikiTransformer[] {
  const [markLines, trimLines] = notationBlanks();
  return [
    lineNumbersTransformer(),
    transformerMetaHighlight(),
    markLines,
    transformerNotationDiff(),
    transformerNotationHighlight(),
    transformerNotationFocus(),
    trimLines,
  ];
}
