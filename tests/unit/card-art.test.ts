import { describe, expect, it } from "vitest";
import { CARD_ART_VARIANTS, cardArtVariant } from "#src/domain/card-art.ts";

describe("cardArtVariant", () => {
  it("is stable per category, whatever its case or spacing", () => {
    expect(cardArtVariant("Data Engineering")).toBe(cardArtVariant(" data engineering "));
  });

  it("stays within the palettes and spreads categories across them", () => {
    const names = ["Data Engineering", "Stream Processing", "Architecture", "Databases", "Testing", "国际化", "🚀"];
    const variants = names.map(cardArtVariant);
    for (const variant of variants) {
      expect(variant).toBeGreaterThanOrEqual(0);
      expect(variant).toBeLessThan(CARD_ART_VARIANTS);
    }
    expect(new Set(variants).size).toBeGreaterThan(1);
  });
});
