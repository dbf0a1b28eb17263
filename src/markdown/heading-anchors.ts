import GithubSlugger from "github-slugger";
import { defineHastPlugin } from "satteri";

/**
 * Gives h2–h6 an id (the same github-slugger ids Astro would give, so the
 * table of contents matches) and a self-link. The link has no text of its own,
 * so heading text in the table of contents and the search index stays clean;
 * its accessible name comes from aria-label.
 */
export const headingAnchorsPlugin = () => {
  const slugger = new GithubSlugger();
  return defineHastPlugin({
    name: "heading-anchors",
    element: {
      filter: ["h1", "h2", "h3", "h4", "h5", "h6"],
      visit(node, ctx) {
        const text = ctx.textContent(node);
        const existing = node.properties?.id;
        const id = typeof existing === "string" ? existing : slugger.slug(text);
        if (typeof existing !== "string") ctx.setProperty(node, "id", id);
        // Visually hidden headings (the footnotes label) get no visible self-link.
        const className = node.properties?.className;
        if (node.tagName === "h1" || (Array.isArray(className) && className.includes("sr-only"))) return;
        ctx.appendChild(node, {
          type: "element",
          tagName: "a",
          properties: {
            className: ["heading-anchor"],
            href: `#${id}`,
            ariaLabel: `Link to section: ${text.trim()}`,
          },
          children: [],
        });
      },
    },
  });
};
