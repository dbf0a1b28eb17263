/**
 * The Markdown features whose styles only some posts need (math, Mermaid diagrams, footnote popovers,
 * annotated code). Their
 * plugins mark a post that uses one in the frontmatter Astro hands back from `render()`, and the post page
 * links that feature's stylesheet: the pages without it stay within their first-flight byte budget.
 */
export const STYLED_FEATURES = ["math", "diagram", "footnote-popover", "annotated-code"] as const;
export type StyledFeature = (typeof STYLED_FEATURES)[number];

const KEY = "styledFeatures";

/** Notes that the post being rendered uses `feature` (`data` is the plugin context's). */
export function markStyledFeature(data: { astro?: { frontmatter?: Record<string, unknown> } }, feature: StyledFeature) {
  const frontmatter = data.astro?.frontmatter;
  if (!frontmatter) return;
  const used = Array.isArray(frontmatter[KEY]) ? (frontmatter[KEY] as string[]) : [];
  if (!used.includes(feature)) frontmatter[KEY] = [...used, feature];
}

/** The features a rendered post uses, from the frontmatter its plugins returned. */
export function styledFeaturesOf(frontmatter: Record<string, unknown> | undefined): StyledFeature[] {
  const used = frontmatter?.[KEY];
  return Array.isArray(used) ? STYLED_FEATURES.filter((feature) => used.includes(feature)) : [];
}
