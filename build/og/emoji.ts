/**
 * Emoji on Open Graph cards, drawn from Twemoji's SVGs (@iconify-json/twemoji): satori asks for each emoji
 * grapheme, so sequences joined by U+200D (👨‍👩‍👧, 🏳️‍🌈) and flags come out as one picture, not as boxes
 * or loose parts, which a monochrome emoji font gave.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

interface IconSet {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
}

const require = createRequire(import.meta.url);
let twemoji: { icons: IconSet; chars: Record<string, string> } | undefined;

// Loaded on the first emoji: the set is large, and most cards have none.
function loadTwemoji() {
  twemoji ??= {
    icons: JSON.parse(readFileSync(require.resolve("@iconify-json/twemoji/icons.json"), "utf8")) as IconSet,
    chars: JSON.parse(readFileSync(require.resolve("@iconify-json/twemoji/chars.json"), "utf8")) as Record<
      string,
      string
    >,
  };
  return twemoji;
}

/** The code points of a grapheme as the set names them ("1f3f3-200d-1f308"); variation selectors are optional. */
function keysOf(grapheme: string): string[] {
  const full = [...grapheme].map((character) => (character.codePointAt(0) as number).toString(16));
  const bare = full.filter((code) => code !== "fe0f");
  return [full.join("-"), bare.join("-")];
}

/** An SVG of the emoji `grapheme`, or undefined when the set has none. */
export function emojiSvg(grapheme: string): string | undefined {
  const { icons, chars } = loadTwemoji();
  const name = keysOf(grapheme)
    .map((key) => chars[key])
    .find(Boolean);
  if (!name) return undefined;
  const icon = icons.icons[name] ?? icons.icons[icons.aliases?.[name]?.parent ?? ""];
  if (!icon) return undefined;
  const width = icon.width ?? icons.width ?? 128;
  const height = icon.height ?? icons.height ?? 128;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${icon.body}</svg>`;
}

/** satori's `loadAdditionalAsset`: an emoji as an SVG data URI; anything else is left to the loaded fonts (no more). */
export async function loadEmojiAsset(languageCode: string, segment: string): Promise<string | []> {
  const svg = languageCode === "emoji" ? emojiSvg(segment) : undefined;
  return svg ? `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` : [];
}
