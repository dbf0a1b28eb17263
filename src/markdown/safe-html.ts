import { defineHastPlugin } from "satteri";

/**
 * Raw HTML in Markdown that could run code (script, iframe, inline event handlers,
 * javascript: URLs) is shown as text instead. The Content-Security-Policy would block
 * it anyway; this keeps it from being inert markup nobody sees.
 */
const ACTIVE_HTML = /<\s*\/?\s*(script|iframe|object|embed|style|base|meta|link)\b|\son[a-z]+\s*=|javascript:/i;

export const inertRawHtmlPlugin = () => {
  // Tags whose opening was shown as text: their closing tags are shown as text too.
  const open = new Map<string, number>();
  return defineHastPlugin({
    name: "inert-raw-html",
    raw(node, ctx) {
      const closing = /^<\s*\/\s*([a-z][a-z0-9-]*)\s*>$/i.exec(node.value.trim())?.[1]?.toLowerCase();
      if (closing && (open.get(closing) ?? 0) > 0) {
        open.set(closing, (open.get(closing) ?? 0) - 1);
        ctx.replaceNode(node, { type: "text", value: node.value });
        return;
      }
      if (!ACTIVE_HTML.test(node.value)) return;
      const opening = /^<\s*([a-z][a-z0-9-]*)/i.exec(node.value.trim())?.[1]?.toLowerCase();
      if (opening && !/\/>\s*$|<\/\s*[a-z]/i.test(node.value)) open.set(opening, (open.get(opening) ?? 0) + 1);
      ctx.replaceNode(node, { type: "text", value: node.value });
    },
    mdxJsxFlowElement: {
      filter: ["script", "iframe", "object", "embed"],
      visit(node, ctx) {
        ctx.removeNode(node);
      },
    },
  });
};

/** Links to other sites get rel="noopener noreferrer": they learn nothing of the page and cannot script it. */
export function externalLinksPlugin(siteUrl: string) {
  const siteOrigin = new URL(siteUrl).origin;
  return defineHastPlugin({
    name: "external-links",
    element: {
      filter: ["a"],
      visit(node, ctx) {
        const href = node.properties?.href;
        if (typeof href !== "string" || !/^https?:\/\//i.test(href)) return;
        if (new URL(href).origin === siteOrigin) return;
        const existing: unknown = node.properties?.rel;
        const rel = new Set(
          Array.isArray(existing) ? existing.map(String) : typeof existing === "string" ? existing.split(/\s+/) : [],
        );
        rel.add("noopener");
        rel.add("noreferrer");
        ctx.setProperty(node, "rel", [...rel].filter(Boolean));
      },
    },
  });
}
