import { defineMdastPlugin } from "satteri";
import { problemAt } from "#src/markdown/post-problem.ts";

/** The opening fence of a fenced code block, from the character its node starts at: 3+ backticks or tildes. */
const OPENING = /^(`{3,}|~{3,})/;

/**
 * Markdown lets a code fence run to the end of the document when its closing fence is missing, which
 * silently swallows the rest of the post: the build fails on that instead.
 *
 * Whether a fence was closed is read from the parser's own code node, never from fence-shaped lines:
 * a closed block spans its opening line, its content lines (the node's value) and one closing line; an
 * unclosed one has no closing line. So the parser decides what closes a fence (the same character, at
 * least as long, indented 0–3 spaces within its container, no info text) and where its container ends (a
 * block quote, a list item): a fence that its container's end closes (`> ```c` … and the quote ends) is
 * valid and not reported. Only a fence that reaches the end of the post with text in it is.
 */
export const unclosedFencePlugin = defineMdastPlugin({
  name: "unclosed-fence",
  options: { position: true },
  code(node, ctx) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const block = ctx.source.slice(start, end);
    const opening = OPENING.exec(block)?.[1];
    if (!opening) return; // an indented code block has no fences
    // The rest of the post after the block is empty: the block reaches the end of the document.
    if (ctx.source.slice(end).trim() !== "") return;
    // Nothing swallowed: an opening fence on the last line, or only blank lines after it.
    if (node.value.trim() === "") return;
    const lines = block.replace(/(?:\r\n|\r|\n)$/, "").split(/\r\n|\r|\n/);
    const contentLines = node.value.split(/\r\n|\r|\n/).length;
    if (lines.length > 1 + contentLines) return; // the last line is the closing fence
    const openingLine = (lines[0] ?? "").trim();
    throw problemAt(
      ctx,
      node.position?.start.line ?? 1,
      `the code fence "${openingLine}" is never closed, so it swallows the rest of the post; add a closing ${opening} line.`,
    );
  },
});
