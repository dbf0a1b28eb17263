import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { renderOgImages } from "#build/integrations/og-images.ts";
import { cardsFromContent, cardsFromContentCached } from "#build/og/cards.ts";
import { emojiSvg } from "#build/og/emoji.ts";
import {
  installedFallbackSubsets,
  isCoveredByInter,
  parseUnicodeRanges,
  subsetsForText,
} from "#build/og/fallback-fonts.ts";
import { cardHash } from "#build/og/plan.ts";
import { drawFromQueue } from "#build/og/pool.ts";
import { renderOgCard } from "#build/og/render.ts";
import { type OgCard, titleFontSize } from "#src/domain/og-card.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

const card: OgCard = {
  file: "post.png",
  title: "Exactly-once from Kafka to Spark",
  eyebrow: "Data Engineering",
  details: ["February 6, 2024", "4 min read"],
  siteName: "Dataflow Notes",
};

describe("card inputs", () => {
  it("hashes the inputs, not the output file name", () => {
    expect(cardHash(card)).toBe(cardHash({ ...card, file: "other.png" }));
    expect(cardHash(card)).not.toBe(cardHash({ ...card, title: "Changed" }));
    expect(cardHash(card, new Uint8Array([1]))).not.toBe(cardHash(card, new Uint8Array([2])));
  });

  it("shrinks the title font as titles grow", () => {
    expect(titleFontSize("Short", false)).toBeGreaterThan(titleFontSize("x".repeat(120), false));
    expect(titleFontSize("x".repeat(40), true)).toBeLessThan(titleFontSize("x".repeat(40), false));
  });

  it("reads a card for each published post from the post files, with its cover file", async () => {
    const cards = await cardsFromContent(BLOG_CONTENT_DIR);
    const files = cards.map((card) => card.file);
    expect(files).toContain("site.png");
    expect(files).toContain("building-real-time-data-pipelines.png");
    expect(files).not.toContain("kafka-tiered-storage.png");
    const seed = cards.find((card) => card.file === "building-real-time-data-pipelines.png");
    expect(seed).toMatchObject({
      title: "Building Real-Time Data Pipelines with Kafka and Spark",
      eyebrow: "Data Engineering",
      details: ["November 15, 2023", "12 min read"],
      coverFile: "public/blog/data-pipeline-architecture.png",
    });
  });
});

describe("card inputs kept between builds", () => {
  const root = mkdtempSync(join(tmpdir(), "og-cards-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const contentDir = join(root, "blog");
  const cacheFile = join(root, "cache/cards.bin");
  type Stored = { inputs: string; values: Map<string, OgCard | undefined> };
  const titles = async () => (await cardsFromContentCached(contentDir, cacheFile)).map((card) => card.title);

  it("gives the same cards, and reads again only the posts whose text changed", async () => {
    cpSync(BLOG_CONTENT_DIR, contentDir, { recursive: true });
    expect(await cardsFromContentCached(contentDir, cacheFile)).toEqual(await cardsFromContent(contentDir));

    // A stored card is used as it is: proof that the post was not read again.
    const stored = deserialize(readFileSync(cacheFile)) as Stored;
    for (const card of stored.values.values()) if (card?.file.startsWith("building-")) card.title = "Stored title";
    writeFileSync(cacheFile, serialize(stored));
    expect(await titles()).toContain("Stored title");

    const seed = join(contentDir, "building-real-time-data-pipelines.mdx");
    writeFileSync(seed, readFileSync(seed, "utf8").replace(/^title: .*$/m, 'title: "Edited title"'));
    expect(await titles()).toContain("Edited title");
    expect(await titles()).not.toContain("Stored title");
  });

  it("reads every post again when the cache was made by other code or is unreadable", async () => {
    const stored = deserialize(readFileSync(cacheFile)) as Stored;
    for (const card of stored.values.values()) if (card?.file.startsWith("building-")) card.title = "Stored title";
    writeFileSync(cacheFile, serialize({ ...stored, inputs: "other code" }));
    expect(await cardsFromContentCached(contentDir, cacheFile)).toEqual(await cardsFromContent(contentDir));
    writeFileSync(cacheFile, "not a cache");
    expect(await cardsFromContentCached(contentDir, cacheFile)).toEqual(await cardsFromContent(contentDir));
  });
});

describe("fallback fonts", () => {
  it("parses unicode ranges", () => {
    expect(parseUnicodeRanges("U+0-FF, U+131,U+1F600-1F64F")).toEqual([
      [0, 255],
      [0x131, 0x131],
      [0x1f600, 0x1f64f],
    ]);
  });

  it("loads only the subsets the text needs: none for Latin, some for CJK, Arabic, Hebrew and emoji", () => {
    const subsets = installedFallbackSubsets();
    expect(subsets.length).toBeGreaterThan(100);
    expect(subsetsForText("Kafka & Spark — Ünïcödé Ελληνικά Кириллица", subsets)).toEqual([]);
    const families = (text: string) => new Set(subsetsForText(text, subsets).map((subset) => subset.family));
    expect(families("リアルタイム")).toEqual(new Set(["Noto Sans JP"]));
    expect(families("数据管道")).toContain("Noto Sans JP");
    expect(families("كافكا")).toEqual(new Set(["Noto Sans Arabic"]));
    expect(families("עברית")).toEqual(new Set(["Noto Sans Hebrew"]));
    // Emoji are pictures (build/og/emoji.ts), never a font's glyphs.
    expect(families("🚀 👨‍👩‍👧")).toEqual(new Set());
    expect(isCoveredByInter("é".codePointAt(0) as number)).toBe(true);
  });
});

describe("emoji on cards", () => {
  it("finds one picture for each emoji sequence: joined by U+200D, flags, skin tones, with or without U+FE0F", () => {
    for (const emoji of ["👨‍👩‍👧", "🏳️‍🌈", "🇯🇵", "👍🏽", "❤️", "❤", "🚀"])
      expect(emojiSvg(emoji), emoji).toMatch(/^<svg /);
    expect(emojiSvg("A")).toBeUndefined();
  });

  it("draws them in colour on the card, where a monochrome font drew boxes and loose parts", async () => {
    const png = await renderOgCard({ ...card, title: "👨‍👩‍👧 🏳️‍🌈 🇯🇵 👍🏽" });
    const { data, info } = await sharp(png)
      .extract({ left: 0, top: 100, width: 1200, height: 200 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    let coloured = 0;
    for (let index = 0; index < data.length; index += info.channels) {
      const pixel = [...data.subarray(index, index + 3)];
      if (Math.max(...pixel) - Math.min(...pixel) > 80) coloured++;
    }
    expect(coloured).toBeGreaterThan(5000);
  });
});

describe("drawing and caching", () => {
  const root = mkdtempSync(join(tmpdir(), "og-test-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("draws 1200×630 PNGs in child processes, then reuses them while inputs stay the same", async () => {
    const distDir = join(root, "dist");
    const cacheDir = join(root, "cache");
    const hostile = { ...card, file: "hostile.png", title: "日本語 עברית كافكا 🚀 </script> & ]]>".repeat(3) };
    expect(await renderOgImages({ cards: [card, hostile], distDir, cacheDir })).toEqual({ drawn: 2, cached: 0 });
    const { width, height, format } = await sharp(readFileSync(join(distDir, "og", "hostile.png"))).metadata();
    expect([format, width, height]).toEqual(["png", 1200, 630]);
    expect(await renderOgImages({ cards: [card, hostile], distDir, cacheDir })).toEqual({ drawn: 0, cached: 2 });
    const edited = { ...card, title: "Exactly-once, revisited" };
    expect(await renderOgImages({ cards: [edited, hostile], distDir, cacheDir })).toEqual({ drawn: 1, cached: 1 });
  }, 60_000);

  it("stops with the card's file and the drawing process's error when a card cannot be drawn", async () => {
    const broken = { ...card, file: "broken.png", coverFile: join(root, "no-such-cover.png") };
    await expect(drawFromQueue([broken], (one) => join(root, one.file), 1)).rejects.toThrow(
      /Open Graph image broken\.png failed: .*no-such-cover\.png/s,
    );
  });
});
