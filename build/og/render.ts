/** Draws a card to PNG: satori lays it out to SVG with bundled fonts (text as paths), resvg rasterizes it, sharp encodes it. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import satori from "satori";
import sharp from "sharp";
import { loadEmojiAsset } from "#build/og/emoji.ts";
import { installedFallbackSubsets, subsetsForText } from "#build/og/fallback-fonts.ts";
import { type CardCover, COVER_BOX, cardElement, OG_HEIGHT, OG_WIDTH, type OgCard } from "#src/domain/og-card.ts";

type SatoriFont = { name: string; data: Buffer; weight: 400 | 700; style: "normal" };

const require = createRequire(import.meta.url);
let interFonts: SatoriFont[] | undefined;
const subsetData = new Map<string, Buffer>();

function baseFonts(): SatoriFont[] {
  interFonts ??= (["400Regular", "700Bold"] as const).map((weight) => ({
    name: "Inter",
    data: readFileSync(require.resolve(`@expo-google-fonts/inter/${weight}/Inter_${weight}.ttf`)),
    weight: weight === "400Regular" ? 400 : 700,
    style: "normal",
  }));
  return interFonts;
}

function fontsFor(text: string): SatoriFont[] {
  const fallbacks = subsetsForText(text, installedFallbackSubsets()).map((subset) => {
    let data = subsetData.get(subset.file);
    if (!data) {
      data = readFileSync(subset.file);
      subsetData.set(subset.file, data);
    }
    // One name per subset: satori keeps a single font per name and weight.
    return { name: `${subset.family} ${subset.file}`, data, weight: 700 as const, style: "normal" as const };
  });
  return [...baseFonts(), ...fallbacks];
}

/** The cover fitted into the cover box (aspect ratio kept), as a JPEG small enough to embed in the SVG. */
async function loadCover(coverFile: string): Promise<CardCover> {
  const { data, info } = await sharp(coverFile)
    .resize(COVER_BOX.width * 2, COVER_BOX.height * 2, { fit: "inside" })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  const scale = Math.min(COVER_BOX.width / info.width, COVER_BOX.height / info.height);
  return {
    dataUri: `data:image/jpeg;base64,${data.toString("base64")}`,
    width: Math.round(info.width * scale),
    height: Math.round(info.height * scale),
  };
}

export async function renderOgCard(card: OgCard): Promise<Buffer> {
  const text = [card.title, card.eyebrow, card.siteName, ...card.details].join(" ");
  const cover = card.coverFile ? await loadCover(card.coverFile) : undefined;
  const svg = await satori(cardElement(card, cover) as unknown as Parameters<typeof satori>[0], {
    width: OG_WIDTH,
    height: OG_HEIGHT,
    fonts: fontsFor(text),
    loadAdditionalAsset: loadEmojiAsset,
  });
  // resvg draws, sharp encodes: 9.7 ms a card against librsvg's 11.3 (sharp's SVG input) and resvg's own PNG
  // encoder's 13.6 (docs/performance.md). The text is paths already: no system fonts to load.
  const pixels = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return sharp(pixels.pixels, { raw: { width: pixels.width, height: pixels.height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 4, adaptiveFiltering: false })
    .toBuffer();
}
