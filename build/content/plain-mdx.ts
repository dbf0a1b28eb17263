/**
 * Tells whether an MDX post is plain Markdown: no components, imports, exports,
 * `{expressions}` or images. Such a post renders to the same HTML through the
 * Markdown pipeline as through the MDX compiler, without becoming a JavaScript
 * module that the bundler has to hold in memory (most of a large build's memory).
 */
import { markdownToMdast, mdxToMdast } from "satteri";

type MdastNode = { type: string; children?: MdastNode[] };

/** Images become `<Image>` components in MDX and placeholders in Markdown: they keep the MDX path. */
const MDX_ONLY_NODES = new Set(["image", "imageReference"]);

function hasMdxOnlyNode(node: MdastNode): boolean {
  return MDX_ONLY_NODES.has(node.type) || (node.children ?? []).some(hasMdxOnlyNode);
}

/**
 * True when both parsers read `body` into the same tree. That rules out every MDX
 * construct (Markdown reads a component as raw HTML, an import as a paragraph,
 * `{x}` as text) and every Markdown-only one (indented code, HTML, autolinks).
 */
export function isPlainMarkdown(body: string, features: { gfm?: boolean } = { gfm: true }): boolean {
  const options = { position: false, features };
  let mdx: MdastNode;
  try {
    mdx = mdxToMdast(body, options) as MdastNode;
  } catch {
    // Invalid MDX: the MDX compiler reports it, with its line and column.
    return false;
  }
  if (hasMdxOnlyNode(mdx)) return false;
  return JSON.stringify(mdx) === JSON.stringify(markdownToMdast(body, options));
}
