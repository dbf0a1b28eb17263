/** Which cards need drawing: each card's cache file is named by the hash of its inputs. */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PlannedCards } from "#build/og/pool.ts";
import { cardHash, type OgCard } from "#src/domain/og-card.ts";

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
