/**
 * Renders the SVG diagrams in src/assets/diagrams/ to PNG files in public/blog/.
 * Run with `npm run cover` after editing an SVG; the PNG is committed.
 * Fonts come from the @expo-google-fonts/inter package, never from the system,
 * so every machine draws the same picture.
 *
 * Each diagram is drawn twice: as authored (light) and as `<name>-dark.png`, the same SVG with
 * every colour swapped through DARK_PALETTE. CoverImage and Figure serve the dark one to readers
 * in dark mode. An SVG may only use the colours listed there: any other stops the script.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import sharp from "sharp";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

const require = createRequire(import.meta.url);
const fontFiles = ["400Regular", "600SemiBold", "700Bold"].map((weight) =>
  require.resolve(`@expo-google-fonts/inter/${weight}/Inter_${weight}.ttf`),
);

const sourceDir = "src/assets/diagrams";
// Covers referenced as /blog/… live in public/; images a post imports sit beside it.
const outputDirs: Record<string, string> = {
  "data-pipeline-architecture.svg": "public/blog",
  "event-time-watermark.svg": `${BLOG_CONTENT_DIR}/images`,
  "exactly-once-checkpoint.svg": `${BLOG_CONTENT_DIR}/images`,
};

/**
 * The diagrams' palette: each light colour (Tailwind slate and friends) and its dark counterpart
 * (GitHub dark-like: dark surfaces, light text, deep tinted fills, brighter strokes).
 */
const DARK_PALETTE: Record<string, string> = {
  // Surfaces: the canvas, panels on it, and the tinted panel of the monitoring band.
  "#f8fafc": "#161b22", // canvas
  "#ffffff": "#1f2631", // panel (boxes, partitions)
  "#f1f5f9": "#1b212b", // secondary panel
  // Text and lines, darkest to lightest in light mode.
  "#0f172a": "#e6edf3", // text
  "#334155": "#b1bac4", // arrows, axis labels
  "#475569": "#9da7b3", // muted text
  "#64748b": "#7d8590", // secondary arrows, dashed frames
  "#94a3b8": "#545d68", // faint guide lines
  // Blue: Kafka, the watermark.
  "#0b5fb3": "#58a6ff", // stroke, label
  "#eef4fb": "#132339", // tinted fill
  "#1e3a5f": "#1f5bb5", // chip
  "#eff6ff": "#ffffff", // text on a chip
  // Yellow: the schema registry, the checkpoint.
  "#a16207": "#bb8009", // stroke
  "#fef9c3": "#2a2410", // tinted fill
  "#713f12": "#e3b341", // label
  "#b45309": "#d29922", // "late" marker
  // Orange: Spark.
  "#c2410c": "#f0883e", // stroke
  "#fff7ed": "#2a1b12", // tinted fill
  "#7c2d12": "#ffa657", // label
  // Green: sinks, on-time events.
  "#15803d": "#3fb950", // stroke, marker
  "#ecfdf5": "#12261b", // tinted fill
  // Red: dead letters, dropped events, crashes.
  "#b91c1c": "#f85149", // stroke, marker
  "#fef2f2": "#2d1619", // tinted fill
  "#991b1b": "#ff7b72", // heading
  "#7f1d1d": "#ffa198", // text
};

/** The SVG with every colour of the palette swapped for its dark counterpart. */
function darken(svg: string, file: string): string {
  return svg.replace(/#[0-9a-f]{3}(?:[0-9a-f]{3})?\b/gi, (colour) => {
    const dark = DARK_PALETTE[colour.toLowerCase()];
    if (!dark)
      throw new Error(
        `${file}: ${colour} is not in DARK_PALETTE (scripts/render-diagram.ts); use a listed colour or add one`,
      );
    return dark;
  });
}

async function render(svg: string, output: string, withWebp: boolean): Promise<void> {
  const rendered = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: "Inter" },
    fitTo: { mode: "original" },
  }).render();
  // A palette PNG is a third of the size and looks the same for flat diagrams.
  const png = await sharp(rendered.asPng()).png({ palette: true, quality: 90, effort: 10 }).toBuffer();
  writeFileSync(output, png);
  console.log(`${output}: ${rendered.width}×${rendered.height}, ${(png.length / 1024).toFixed(1)} KiB`);
  // Files in public/ are served as they are, so covers there get a WebP sibling, which the cover uses when present.
  if (withWebp) {
    // Lossless: flat diagrams compress better losslessly than lossy (docs/performance.md).
    const webp = await sharp(rendered.asPng()).webp({ lossless: true, effort: 6 }).toBuffer();
    writeFileSync(output.replace(/\.png$/, ".webp"), webp);
    console.log(`${output.replace(/\.png$/, ".webp")}: ${(webp.length / 1024).toFixed(1)} KiB`);
  }
}

for (const file of readdirSync(sourceDir).filter((name) => name.endsWith(".svg"))) {
  const outputDir = outputDirs[file] ?? "public/blog";
  const svg = readFileSync(join(sourceDir, file), "utf8");
  const name = join(outputDir, basename(file, ".svg"));
  const withWebp = outputDir.startsWith("public");
  await render(svg, `${name}.png`, withWebp);
  await render(darken(svg, file), `${name}-dark.png`, withWebp);
}

// public/favicon.ico from public/favicon.svg: browsers ask for /favicon.ico on pages that name no icon (an
// image or a feed opened on its own). An ICO file may hold one PNG: a 6-byte header, a 16-byte entry, the PNG.
const icon = await sharp("public/favicon.svg", { density: 300 }).resize(32, 32).png({ palette: true }).toBuffer();
const header = Buffer.alloc(22);
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(icon.length, 14);
header.writeUInt32LE(22, 18); // the PNG's offset
writeFileSync("public/favicon.ico", Buffer.concat([header, icon]));
console.log(`public/favicon.ico: 32×32, ${header.length + icon.length} B`);
