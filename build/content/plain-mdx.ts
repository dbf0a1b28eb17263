/**
 * Tells whether an MDX post is plain Markdown: no components, imports, exports,
 * `{expressions}` or images. Such a post renders to the same HTML through the
 * Markdown pipeline as through the MDX compiler, without becoming a JavaScript
 * module that the bundler has to hold in memory (most of a large build's memory).
 */
import { markdownToMdast, mdxToMdast } from "satteri";
import { MARKDOWN_FEATURES } from "#src/markdown/features.ts";

type MdastNode = { type: string; children?: MdastNode[] };

/** Images become `<Image>` components in MDX and placeholders in Markdown: they keep the MDX path. */
const MDX_ONLY_NODES = new Set(["image", "imageReference"]);

// Explicit stacks, no recursion: a post may nest thousands of levels deep.
function hasMdxOnlyNode(tree: MdastNode): boolean {
  const stack = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (MDX_ONLY_NODES.has(node.type)) return true;
    for (const child of node.children ?? []) stack.push(child);
  }
  return false;
}

/** Node by node: the same types, fields and children (each node's own fields compared as JSON). */
function sameTree(left: MdastNode, right: MdastNode): boolean {
  const pairs: [MdastNode, MdastNode][] = [[left, right]];
  for (let pair = pairs.pop(); pair; pair = pairs.pop()) {
    const [a, b] = pair;
    const { children: aChildren = [], ...aFields } = a;
    const { children: bChildren = [], ...bFields } = b;
    if (aChildren.length !== bChildren.length || JSON.stringify(aFields) !== JSON.stringify(bFields)) return false;
    aChildren.forEach((child, index) => {
      pairs.push([child, bChildren[index] as MdastNode]);
    });
  }
  return true;
}

/**
 * True when both parsers read `body` into the same tree. That rules out every MDX
 * construct (Markdown reads a component as raw HTML, an import as a paragraph,
 * `{x}` as text) and every Markdown-only one (indented code, HTML, autolinks).
 */
export function isPlainMarkdown(
  body: string,
  features: { gfm?: boolean; math?: boolean } = MARKDOWN_FEATURES,
): boolean {
  const options = { position: false, features };
  let mdx: MdastNode;
  try {
    mdx = mdxToMdast(body, options) as MdastNode;
  } catch {
    // Invalid MDX: the MDX compiler reports it, with its line and column.
    return false;
  }
  if (hasMdxOnlyNode(mdx)) return false;
  return sameTree(mdx, markdownToMdast(body, options) as MdastNode);
}
