import { markdownToMdast, mdxToMdast } from "satteri";
import { MARKDOWN_FEATURES } from "#src/markdown/features.ts";

/** Words an average reader gets through per minute of technical prose. */
export const WORDS_PER_MINUTE = 220;

/** The parts of an mdast tree that matter here; satteri and remark both produce this shape. */
export interface MdastLikeNode {
  type: string;
  value?: unknown;
  children?: MdastLikeNode[];
}

// Letters or digits in any script, so CJK and accented text count too.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
// CJK characters are read one at a time rather than as space-separated words.
const CJK_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

export function countWords(text: string): number {
  const cjk = text.match(CJK_CHARACTER)?.length ?? 0;
  const rest = text.replace(CJK_CHARACTER, " ").match(WORD)?.length ?? 0;
  // About two CJK characters carry the reading load of one English word.
  return rest + Math.ceil(cjk / 2);
}

// src/markdown/reading-time.ts visits the same node types (a unit test holds the two to the same count).
const READABLE_NODE_TYPES = new Set(["text", "inlineCode", "code"]);

/** Counts the words a reader reads in an mdast tree: prose, inline code and code blocks. */
export function countMdastWords(root: MdastLikeNode): number {
  let words = 0;
  const stack: MdastLikeNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as MdastLikeNode;
    if (READABLE_NODE_TYPES.has(node.type) && typeof node.value === "string") {
      words += countWords(node.value);
    }
    if (node.children) stack.push(...node.children);
  }
  return words;
}

export function formatReadingTime(words: number): string {
  const minutes = Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
  return `${minutes} min read`;
}

/**
 * Reading time of a Markdown or MDX source, parsed by the same engine (Sätteri)
 * and counted the same way as the Markdown plugin does on render, so a card
 * and its post page always agree.
 */
export function readingTimeOfSource(
  source: string,
  format: "markdown" | "mdx",
  parse: { markdownToMdast: (s: string) => unknown; mdxToMdast: (s: string) => unknown },
): string {
  const tree = (format === "mdx" ? parse.mdxToMdast(source) : parse.markdownToMdast(source)) as MdastLikeNode;
  return formatReadingTime(countMdastWords(tree));
}

/** Reading time of a post file's body (the text after its frontmatter): MDX or Markdown by the file's extension. */
export function readingTimeOfPost(filePath: string, body: string): string {
  return readingTimeOfSource(body, filePath.endsWith(".mdx") ? "mdx" : "markdown", {
    markdownToMdast: (source) => markdownToMdast(source, { features: MARKDOWN_FEATURES }),
    mdxToMdast: (source) => mdxToMdast(source, { features: MARKDOWN_FEATURES }),
  });
}
