/**
 * Renders the SVG diagrams in src/assets/diagrams/ to PNG files in public/blog/.
 * Run with `npm run cover` after editing an SVG; the PNG is committed.
 * Fonts come from the @expo-google-fonts/inter package, never from the system,
 * so every machine draws the same picture.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import sharp from "sharp";

const require = createRequire(import.meta.url);
const fontFiles = ["400Regular", "600SemiBold", "700Bold"].map((weight) =>
  require.resolve(`@expo-google-fonts/inter/${weight}/Inter_${weight}.ttf`),
);

const sourceDir = "src/assets/diagrams";
// Covers referenced as /blog/… live in public/; images a post imports sit beside it.
const outputDirs: Record<string, string> = {
  "data-pipeline-architecture.svg": "public/blog",
  "event-time-watermark.svg": "src/content/blog/images",
  "exactly-once-checkpoint.svg": "src/content/blog/images",
};

for (const file of readdirSync(sourceDir).filter((name) => name.endsWith(".svg"))) {
  const outputDir = outputDirs[file] ?? "public/blog";
  const svg = readFileSync(join(sourceDir, file), "utf8");
  const rendered = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "Inter" },
    fitTo: { mode: "original" },
  }).render();
  // A palette PNG is a third of the size and looks the same for flat diagrams.
  const png = await sharp(rendered.asPng()).png({ palette: true, quality: 90, effort: 10 }).toBuffer();
  const output = join(outputDir, `${basename(file, ".svg")}.png`);
  writeFileSync(output, png);
  console.log(`${output}: ${rendered.width}×${rendered.height}, ${(png.length / 1024).toFixed(1)} KiB`);
  // Files in public/ are served as they are, so covers there get a WebP sibling, which the cover uses when present.
  if (outputDir.startsWith("public")) {
    // Lossless: flat diagrams compress better losslessly than lossy (44 KiB against 61 KiB PNG here).
    const webp = await sharp(rendered.asPng()).webp({ lossless: true, effort: 6 }).toBuffer();
    writeFileSync(output.replace(/\.png$/, ".webp"), webp);
    console.log(`${output.replace(/\.png$/, ".webp")}: ${(webp.length / 1024).toFixed(1)} KiB`);
  }
}
