/** Which cards need drawing: each card's cache file is named by the hash of its inputs. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PlannedCards } from "#build/og/pool.ts";
import { OG_RENDERER_VERSION, type OgCard } from "#src/domain/og-card.ts";

/** Cache key of a card: its inputs, the cover's bytes and the renderer version. */
export function cardHash(card: OgCard, coverBytes?: Uint8Array): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ v: OG_RENDERER_VERSION, card: { ...card, file: undefined } }));
  if (coverBytes) hash.update(coverBytes);
  return hash.digest("hex").slice(0, 32);
}

export function planCards(cards: OgCard[], cacheDir: string): PlannedCards {
  mkdirSync(cacheDir, { recursive: true });
  const cacheFiles = cards.map((card) => {
    if (card.coverFile && !existsSync(card.coverFile))
      throw new Error(`${card.file}: cover ${card.coverFile} does not exist`);
    const cover = card.coverFile ? readFileSync(card.coverFile) : undefined;
    return join(cacheDir, `${cardHash(card, cover)}.png`);
  });
  const missing = cards.flatMap((_card, index) => (existsSync(cacheFiles[index] as string) ? [] : [index]));
  return { cards, cacheFiles, missing };
}
