import { defineHastPlugin } from "satteri";

/**
 * GFM writes a table column's alignment (`| :---: |`) as `style="text-align: …"` on each cell.
 * The Content-Security-Policy blocks style attributes, so the alignment becomes a class
 * (`align-center`, styled in prose.css).
 */
export const tableAlignmentPlugin = defineHastPlugin({
  name: "table-alignment",
  element: {
    filter: ["th", "td"],
    visit(node, ctx) {
      const style = node.properties?.style;
      const align =
        typeof style === "string" ? /^\s*text-align:\s*(left|center|right)\s*;?\s*$/i.exec(style)?.[1] : undefined;
      if (!align) return;
      ctx.setProperty(node, "style", null);
      const existing: unknown = node.properties?.className;
      const classes = Array.isArray(existing) ? existing.map(String) : [];
      ctx.setProperty(node, "className", [...classes, `align-${align.toLowerCase()}`]);
    },
  },
});
