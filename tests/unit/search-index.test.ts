import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSearchIndex } from "../../src/lib/search-index.ts";

const root = mkdtempSync(join(tmpdir(), "search-index-"));
const dist = join(root, "dist");
const cache = join(root, "cache");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writePost(slug: string, text: string): void {
  mkdirSync(join(dist, "blog", slug), { recursive: true });
  writeFileSync(
    join(dist, "blog", slug, "index.html"),
    `<!doctype html><html lang="en"><head><title>${slug}</title></head><body><article data-pagefind-body><h1>${slug}</h1><p>${text}</p></article></body></html>`,
  );
}
const indexFiles = () => readdirSync(join(dist, "pagefind"), { recursive: true }).map(String).sort();

describe("the search index (real Pagefind)", () => {
  it("indexes the post pages, reuses the index while they stay the same, and indexes again when one changes", async () => {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Home</title>");
    writePost("kafka", "Partitions and consumer groups.");
    writePost("spark", "Structured streaming and watermarks.");

    expect(await buildSearchIndex(dist, cache)).toEqual({ pages: 2, reused: false });
    const first = indexFiles();
    expect(first).toContain("pagefind-entry.json");
    expect(first.filter((file) => file.startsWith("fragment/"))).toHaveLength(2);

    expect(await buildSearchIndex(dist, cache)).toEqual({ pages: undefined, reused: true });
    expect(indexFiles()).toEqual(first);

    writePost("spark", "Structured streaming, watermarks and late data.");
    expect(await buildSearchIndex(dist, cache)).toEqual({ pages: 2, reused: false });
    // Two fragments again: the ones of the index copied in before are gone.
    expect(indexFiles().filter((file) => file.startsWith("fragment/"))).toHaveLength(2);
    expect(indexFiles()).not.toEqual(first);
  });

  it("refuses a folder that holds no built site", async () => {
    await expect(buildSearchIndex(join(root, "nothing"), cache)).rejects.toThrow(/no built site/);
  });
});
