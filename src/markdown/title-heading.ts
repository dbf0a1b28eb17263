import { defineHastPlugin } from "satteri";

/**
 * Posts pasted from elsewhere often open with `# Their Title`. The page already
 * renders the title as its only <h1>, so a leading h1 that repeats it is dropped.
 * Only h1 elements cross from Sätteri's Rust tree to JavaScript: a `before` hook
 * reading the whole root was a measurable cost per post (docs/performance.md).
 */
export const dropTitleHeadingPlugin = defineHastPlugin({
  name: "drop-title-heading",
  element: {
    filter: ["h1"],
    visit(node, ctx) {
      const title = ctx.data.astro?.frontmatter?.title;
      if (typeof title !== "string") return;
      const parent = ctx.parent(node);
      if (parent?.type !== "root") return;
      const before = parent.children.slice(0, ctx.indexOf(node));
      if (before.some((child) => child.type === "element")) return;
      if (normalize(ctx.textContent(node)) === normalize(title)) ctx.removeNode(node);
    },
  },
});

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}
