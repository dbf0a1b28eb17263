/**
 * Picks the font files an Open Graph card needs for text Inter cannot draw
 * (CJK, Arabic, Hebrew; emoji are pictures, build/og/emoji.ts). Fontsource packages split each family into
 * subsets by unicode-range; only the subsets the text touches are loaded.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface FontSubset {
  family: string;
  file: string;
  ranges: [number, number][];
}

/**
 * Fallback families in the order they are tried, single-script fonts first: the CJK
 * subsets also claim a few Arabic letters, which would break Arabic shaping.
 * Bold where the package ships it, to match the card's bold title.
 */
export const FALLBACK_PACKAGES = [
  { pkg: "@fontsource/noto-sans-arabic", css: "700.css" },
  { pkg: "@fontsource/noto-sans-hebrew", css: "700.css" },
  { pkg: "@fontsource/noto-sans-jp", css: "700.css" },
  { pkg: "@fontsource/noto-sans-sc", css: "700.css" },
] as const;

/** Parses `@font-face` blocks of a Fontsource stylesheet into subsets (woff files, since satori reads no woff2). */
export function parseFontsourceCss(css: string, directory: string): FontSubset[] {
  const subsets: FontSubset[] = [];
  for (const block of css.split("@font-face").slice(1)) {
    const family = /font-family:\s*'([^']+)'/.exec(block)?.[1];
    const file = /url\(([^)]+\.woff)\)\s*format\('woff'\)/.exec(block)?.[1];
    const ranges = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!family || !file || !ranges) continue;
    subsets.push({ family, file: join(directory, file), ranges: parseUnicodeRanges(ranges) });
  }
  return subsets;
}

export function parseUnicodeRanges(value: string): [number, number][] {
  return value.split(",").map((part) => {
    const [start, end = start] = part.trim().replace(/^U\+/i, "").split("-");
    return [Number.parseInt(start as string, 16), Number.parseInt(end as string, 16)];
  });
}

/** Code points the bundled Inter draws: Latin, Greek, Cyrillic, punctuation, arrows and symbols in common use. */
export function isCoveredByInter(codePoint: number): boolean {
  return codePoint < 0x0530 || (codePoint >= 0x1e00 && codePoint < 0x2190) || codePoint === 0x2192;
}

/** The subsets needed to draw `text`, first matching family winning; unknown characters are left to satori. */
export function subsetsForText(text: string, subsets: readonly FontSubset[]): FontSubset[] {
  const chosen = new Set<FontSubset>();
  for (const character of new Set(text)) {
    const codePoint = character.codePointAt(0) as number;
    if (isCoveredByInter(codePoint) || /\s/.test(character)) continue;
    const subset = subsets.find((candidate) =>
      candidate.ranges.some(([start, end]) => codePoint >= start && codePoint <= end),
    );
    if (subset) chosen.add(subset);
  }
  return [...chosen];
}

let installed: FontSubset[] | undefined;

/** Every fallback subset from the installed Fontsource packages, in fallback order. */
export function installedFallbackSubsets(): FontSubset[] {
  if (installed) return installed;
  const require = createRequire(import.meta.url);
  installed = FALLBACK_PACKAGES.flatMap(({ pkg, css }) => {
    const directory = dirname(require.resolve(`${pkg}/package.json`));
    return parseFontsourceCss(readFileSync(join(directory, css), "utf8"), directory);
  });
  return installed;
}
