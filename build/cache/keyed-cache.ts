/**
 * Values kept between builds in one file, each under a key that hashes what it was worked
 * out from (a post's text, say), so a build works out again only what changed. The whole
 * file is dropped when `inputs` (the code and settings behind the values) differ, and only
 * the keys this build used are written back.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { deserialize, serialize } from "node:v8";

export interface KeyedCache<V> {
  /** Whether a value is stored under `key` (so one that takes async work can be worked out first). */
  has(key: string): boolean;
  /** The stored value for `key`, or `compute()`'s. */
  get(key: string, compute: () => V): V;
  /** Writes the values this build used (structured clone: dates and undefined survive). */
  save(): void;
}

export function openKeyedCache<V>(file: string, inputs: string): KeyedCache<V> {
  let stored = new Map<string, V>();
  try {
    const saved = deserialize(readFileSync(file)) as { inputs: string; values: Map<string, V> };
    if (saved.inputs === inputs) stored = saved.values;
  } catch {
    // No cache yet, or unreadable: everything is worked out.
  }
  const used = new Map<string, V>();
  return {
    has(key) {
      return stored.has(key);
    },
    get(key, compute) {
      const value = stored.has(key) ? (stored.get(key) as V) : compute();
      used.set(key, value);
      return value;
    },
    save() {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, serialize({ inputs, values: used }));
    },
  };
}
