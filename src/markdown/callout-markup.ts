/**
 * The one markup of a callout, for the `<Callout>` component (src/components/mdx/Callout.astro) and for
 * GitHub's alerts in Markdown (`> [!NOTE]`, src/markdown/alerts.ts) alike, so pages, feeds and search treat
 * both the same:
 *
 *   <div class="callout callout--note" role="note">
 *     <p class="callout__title"><strong>Note</strong></p>
 *     <div class="callout__body">…</div>
 *   </div>
 *
 * The title is a `<strong>` so a feed reader, which has no stylesheet, still shows a bold label line; the
 * styles are src/styles/alerts.css. Pure: the component and the plugin both build from `calloutMarkup`.
 */
import type { Element, ElementContent } from "hast";

export const CALLOUT_TYPES = ["note", "tip", "important", "warning", "caution", "danger"] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

/** The title a callout shows when it is given none. */
export const CALLOUT_LABELS: Readonly<Record<CalloutType, string>> = {
  note: "Note",
  tip: "Tip",
  important: "Important",
  warning: "Warning",
  caution: "Caution",
  danger: "Danger",
};

/** GitHub's alert markers (`[!NOTE]`, any case) and the callout type each becomes. */
export const ALERT_TYPES: Readonly<Record<string, CalloutType>> = {
  note: "note",
  tip: "tip",
  important: "important",
  warning: "warning",
  caution: "caution",
};

interface Part<Tag extends string> {
  tagName: Tag;
  className: string[];
}

/** The elements of a callout, outermost first: what the component's template and the plugin's tree are made of. */
export interface CalloutMarkup {
  root: Part<"div"> & { role: "note" };
  title: Part<"p"> & { label: "strong"; text: string };
  body: Part<"div">;
}

export function calloutMarkup(type: CalloutType, title?: string): CalloutMarkup {
  return {
    root: { tagName: "div", className: ["callout", `callout--${type}`], role: "note" },
    title: { tagName: "p", className: ["callout__title"], label: "strong", text: title ?? CALLOUT_LABELS[type] },
    body: { tagName: "div", className: ["callout__body"] },
  };
}

/** The callout as a hast element around `body`, for Markdown plugins. */
export function calloutElement(type: CalloutType, body: ElementContent[], title?: string): Element {
  const markup = calloutMarkup(type, title);
  const element = (part: Part<string>, children: ElementContent[], extra = {}): Element => ({
    type: "element",
    tagName: part.tagName,
    properties: { className: part.className, ...extra },
    children,
  });
  const label: Element = {
    type: "element",
    tagName: markup.title.label,
    properties: {},
    children: [{ type: "text", value: markup.title.text }],
  };
  return element(markup.root, [element(markup.title, [label]), element(markup.body, body)], {
    role: markup.root.role,
  });
}
