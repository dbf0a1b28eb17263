import { defineMdastPlugin, type MdastVisitorContext } from "satteri";
import { countWords, formatReadingTime } from "#src/domain/reading-time.ts";

const WORDS = "readingTimeWords";

/** Counts the words of a node the reader reads (prose, inline code, code blocks) into the document's data. */
function countNode(node: { value: string }, ctx: MdastVisitorContext): void {
  ctx.data[WORDS] = ((ctx.data[WORDS] as number | undefined) ?? 0) + countWords(node.value);
}

/**
 * Adds `readingTime` ("7 min read") to the frontmatter Astro hands back from
 * `render()` when the author did not write one. It counts the nodes that
 * `countMdastWords` counts, through visitors: only those nodes cross from
 * Sätteri's Rust tree to JavaScript. Reading the whole tree in an `after`
 * hook cost a millisecond a post.
 */
export const readingTimePlugin = defineMdastPlugin({
  name: "reading-time",
  text: countNode,
  inlineCode: countNode,
  code: countNode,
  after(_root, ctx) {
    const frontmatter = ctx.data.astro?.frontmatter;
    if (!frontmatter || frontmatter.readingTime) return;
    frontmatter.readingTime = formatReadingTime((ctx.data[WORDS] as number | undefined) ?? 0);
  },
});
