/** The generated art on cards of posts without a cover: one of a few palettes, stable per category. */
export const CARD_ART_VARIANTS = 4;

/** The same category always gets the same palette, whatever the build or the order of posts. */
export function cardArtVariant(category: string): number {
  let hash = 0;
  for (const char of category.trim().toLowerCase()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % CARD_ART_VARIANTS;
}
