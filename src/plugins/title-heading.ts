import type { Element } from "hast";
import { defineHastPlugin } from "satteri";

/**
 * Posts pasted from elsewhere often open with `# Their Title`. The page already
 * renders the title as its only <h1>, so a leading h1 that repeats it is dropped.
 */
export const dropTitleHeadingPlugin = defineHastPlugin({
  name: "drop-title-heading",
  before(root, ctx) {
    const title = ctx.data.astro?.frontmatter?.title;
    if (typeof title !== "string") return;
    const first = root.children.find((child): child is Element => child.type === "element");
    if (first?.tagName === "h1" && normalize(ctx.textContent(first)) === normalize(title)) {
      ctx.removeNode(first);
    }
  },
});

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}
