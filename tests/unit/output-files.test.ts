import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { linkOrCopy, linkTree } from "#build/output/link-files.ts";
import { leftoverFiles, removeFiles, snapshotFiles } from "#build/output/output-files.ts";

const root = mkdtempSync(join(tmpdir(), "output-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(dir: string, file: string, text: string): void {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
}

describe("the files a build left behind", () => {
  it("are the files no build step wrote, replaced or linked again, and that no page claims", () => {
    const dist = join(root, "dist");
    for (const file of [
      "index.html",
      "blog/kept/index.html",
      "blog/rewritten/index.html",
      "blog/deleted/index.html",
      "og/linked.png",
      "_astro/old.js",
      ".git/HEAD",
    ]) {
      write(dist, file, `old ${file}`);
    }
    const before = snapshotFiles(dist);
    expect([...before.keys()].sort()).not.toContain(".git/HEAD");

    // What a build does: render some pages again, link cached images, write new bundles.
    write(dist, "index.html", "new home");
    write(dist, "blog/rewritten/index.html", "new post");
    write(root, "cache/linked.png", "card");
    linkOrCopy(join(root, "cache/linked.png"), join(dist, "og/linked.png"));
    write(dist, "_astro/new.js", "bundle");

    // A page kept from the last build (its cache key unchanged) is claimed by the build.
    const claimed = new Set(["index.html", "blog/kept/index.html", "blog/rewritten/index.html"]);
    const leftovers = leftoverFiles(before, snapshotFiles(dist), claimed);
    expect(leftovers.sort()).toEqual(["_astro/old.js", "blog/deleted/index.html"]);

    removeFiles(dist, leftovers);
    expect(existsSync(join(dist, "blog/deleted"))).toBe(false);
    expect(existsSync(join(dist, "_astro/old.js"))).toBe(false);
    expect(readFileSync(join(dist, "_astro/new.js"), "utf8")).toBe("bundle");
    expect(readFileSync(join(dist, "blog/kept/index.html"), "utf8")).toBe("old blog/kept/index.html");
    expect(readFileSync(join(dist, "og/linked.png"), "utf8")).toBe("card");
    expect(existsSync(join(dist, ".git/HEAD"))).toBe(true);
  });

  it("counts a file replaced by a rename as written", () => {
    const dist = join(root, "renamed");
    write(dist, "feed.xml", "old");
    const before = snapshotFiles(dist);
    write(root, "feed.tmp", "new");
    rmSync(join(dist, "feed.xml"));
    linkSync(join(root, "feed.tmp"), join(dist, "feed.xml"));
    expect(leftoverFiles(before, snapshotFiles(dist), new Set())).toEqual([]);
  });

  it("has no files in a folder that does not exist", () => {
    expect(snapshotFiles(join(root, "nothing")).size).toBe(0);
  });
});

describe("linking cached files into the output", () => {
  it("links a tree, replacing files already there, and shares the bytes", () => {
    const cache = join(root, "tree-cache");
    write(cache, "pagefind-entry.json", "{}");
    write(cache, "fragment/a.pf_fragment", "a");
    const out = join(root, "tree-out");
    write(out, "fragment/a.pf_fragment", "stale");
    linkTree(cache, out);
    expect(readFileSync(join(out, "fragment/a.pf_fragment"), "utf8")).toBe("a");
    expect(statSync(join(out, "pagefind-entry.json")).ino).toBe(statSync(join(cache, "pagefind-entry.json")).ino);
  });
});
