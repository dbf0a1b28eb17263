import { defineMdastPlugin } from "satteri";

/**
 * Markdown lets a code fence run to the end of the file when its closing fence is
 * missing, which silently swallows the rest of the post. Fail the build instead.
 */
export const unclosedFencePlugin = defineMdastPlugin({
  name: "unclosed-fence",
  options: { position: true },
  code(node, ctx) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const block = ctx.source.slice(start, end);
    const opening = /^\s*(`{3,}|~{3,})/.exec(block)?.[1];
    if (!opening) return; // an indented code block has no fences
    const lines = block.trimEnd().split("\n");
    const last = lines.at(-1) ?? "";
    const closed =
      lines.length > 1 && new RegExp(`^\\s*${opening[0] === "`" ? "`" : "~"}{${opening.length},}\\s*$`).test(last);
    if (!closed) {
      const file = ctx.fileURL ? decodeURIComponent(ctx.fileURL.pathname) : "a post";
      throw new Error(
        `${file}: the code fence "${(lines[0] ?? "").trim()}" is never closed, so it swallows the rest of the post; add a closing ${opening} line.`,
      );
    }
  },
});
