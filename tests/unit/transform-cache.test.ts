import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerprint, TransformCache } from "#build/cache/transform-cache.ts";

const root = mkdtempSync(join(tmpdir(), "transform-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("TransformCache", () => {
  it("compiles a file once, then serves it from disk until its text or path changes", async () => {
    const compiled: string[] = [];
    const compile = async (code: string, id: string) => {
      compiled.push(id);
      return { code: `compiled(${code})`, map: null, meta: { astro: { propagation: "none" } } };
    };
    const directory = join(root, "cache");
    const first = new TransformCache(directory, "config-1").wrap(compile);
    expect(await first("# A", "/a.mdx")).toEqual({
      code: "compiled(# A)",
      map: null,
      meta: { astro: { propagation: "none" } },
    });

    // A new build (a new cache object over the same folder) reads it back without compiling.
    const second = new TransformCache(directory, "config-1");
    expect(await second.wrap(compile)("# A", "/a.mdx")).toEqual(await first("# A", "/a.mdx"));
    expect(compiled).toEqual(["/a.mdx"]);
    expect([second.hits, second.misses]).toEqual([1, 0]);

    await second.wrap(compile)("# A, edited", "/a.mdx");
    await second.wrap(compile)("# A", "/moved/a.mdx");
    expect(compiled).toEqual(["/a.mdx", "/a.mdx", "/moved/a.mdx"]);
  });

  it("compiles again when the configuration fingerprint changes, and never caches errors", async () => {
    const directory = join(root, "config");
    let calls = 0;
    const compile = async (code: string) => {
      calls++;
      if (code.includes("{oops")) throw new Error("Could not parse expression");
      return { code, map: null };
    };
    await new TransformCache(directory, "config-1").wrap(compile)("text", "/a.mdx");
    await new TransformCache(directory, "config-2").wrap(compile)("text", "/a.mdx");
    expect(calls).toBe(2);
    const cache = new TransformCache(directory, "config-2");
    await expect(cache.wrap(compile)("{oops", "/b.mdx")).rejects.toThrow("Could not parse");
    await expect(cache.wrap(compile)("{oops", "/b.mdx")).rejects.toThrow("Could not parse");
    expect(calls).toBe(4);
  });

  it("prunes the entries a build did not use", async () => {
    const directory = join(root, "prune");
    const compile = async (code: string) => ({ code, map: null });
    const old = new TransformCache(directory, "config");
    await old.wrap(compile)("old text", "/a.mdx");
    await old.wrap(compile)("kept", "/b.mdx");
    const next = new TransformCache(directory, "config");
    await next.wrap(compile)("new text", "/a.mdx");
    await next.wrap(compile)("kept", "/b.mdx");
    expect(next.prune()).toBe(1);
    expect(readdirSync(directory)).toHaveLength(2);
  });
});

describe("fingerprint", () => {
  it("changes with any file under the listed paths and with the values, not with unlisted files", () => {
    const site = join(root, "site");
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(site, path)), { recursive: true });
      writeFileSync(join(site, path), text);
    };
    write("src/plugins/a.ts", "export const a = 1;");
    write("astro.config.mjs", "export default {};");
    const paths = ["astro.config.mjs", "src/plugins", "missing.lock"];
    const base = fingerprint(site, paths, { site: "https://a.example" });
    expect(fingerprint(site, paths, { site: "https://a.example" })).toBe(base);
    expect(fingerprint(site, paths, { site: "https://b.example" })).not.toBe(base);
    expect(fingerprint(site, paths, { plugin: () => 1 })).not.toBe(fingerprint(site, paths, { plugin: () => 2 }));
    write("src/pages/index.astro", "---\n---");
    expect(fingerprint(site, paths, { site: "https://a.example" })).toBe(base);
    write("src/plugins/a.ts", "export const a = 2;");
    expect(fingerprint(site, paths, { site: "https://a.example" })).not.toBe(base);
  });
});
