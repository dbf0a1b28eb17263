/**
 * beautiful-mermaid 1.1.3 draws a sequence diagram's lifelines after its blocks, so they cross the blocks' headers
 * ("loop [every 5 s]"): they are drawn first instead, and each header covers them.
 */
import type { SvgElement } from "#src/markdown/diagrams/svg-tree.ts";

export function drawLifelinesFirst(svg: SvgElement): void {
  const isLifeline = (child: SvgElement["children"][number]) =>
    typeof child !== "string" && child.attributes.class === "lifeline";
  const lifelines = svg.children.filter(isLifeline);
  const rest = svg.children.filter((child) => !isLifeline(child));
  const firstShape = rest.findIndex(
    (child) => typeof child !== "string" && child.name !== "defs" && child.name !== "style",
  );
  const at = firstShape < 0 ? rest.length : firstShape;
  svg.children = [...rest.slice(0, at), ...lifelines, ...rest.slice(at)];
}
