import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { listFiles, pageExists, readPage } from "#tests/support/dist.ts";

const distDir = inject("distDir");
const SITE = "https://dataflow-notes.example.com";

interface Row {
  group: string;
  name: string;
  href: string | null;
  url: string;
  copy: Element | null;
}

let document: Document;
let rows: Row[];

/** Feed files of one kind of term, as paths from the site root: "tags/kafka/rss.xml". */
function termFeedFiles(kind: "tags" | "categories"): string[] {
  const dir = join(distDir, kind);
  if (!existsSync(dir)) return [];
  return listFiles(dir)
    .filter((file) => /^[^/]+\/rss\.xml$/.test(file))
    .map((file) => `${kind}/${file}`);
}

/** Rows of one group, as the paths their absolute URLs point at (decoded, like file names on disk). */
function pathsIn(group: string): string[] {
  return rows.filter((row) => row.group === group).map((row) => decodeURI(row.url.slice(`${SITE}/`.length)));
}

beforeAll(() => {
  expect(pageExists(distDir, "/feeds/")).toBe(true);
  document = readPage(distDir, "/feeds/");
  rows = [...document.querySelectorAll("main .feed")].map((row) => ({
    group: row.closest("section")?.querySelector("h2")?.textContent?.trim() ?? "",
    name: row.querySelector(".feed__name")?.textContent?.trim() ?? "",
    href: row.querySelector(".feed__name")?.getAttribute("href") ?? null,
    url: row.querySelector("code")?.textContent?.trim() ?? "",
    copy: row.querySelector("button[data-copy]"),
  }));
});

describe("the feeds page", () => {
  it("has a heading and explains what a feed reader is", () => {
    expect(document.querySelector("main h1")?.textContent?.trim()).toBe("Feeds");
    expect(document.querySelector("main .page-header")?.textContent).toMatch(/feed reader/i);
    expect(document.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe(`${SITE}/feeds/`);
  });

  it("lists the site-wide RSS, Atom and JSON feeds first", () => {
    expect(pathsIn("All posts")).toEqual(["rss.xml", "atom.xml", "feed.json"]);
    expect(rows.slice(0, 3).map((row) => row.name)).toEqual(["RSS", "Atom", "JSON Feed"]);
  });

  it("lists one entry for every category and tag feed in the build, under its heading", () => {
    const categories = termFeedFiles("categories");
    const tags = termFeedFiles("tags");
    expect(categories.length).toBeGreaterThan(0);
    expect(tags.length).toBeGreaterThan(0);
    expect([...pathsIn("Categories")].sort()).toEqual([...categories].sort());
    expect([...pathsIn("Tags")].sort()).toEqual([...tags].sort());
    const headings = [...document.querySelectorAll("main h2")].map((h) => h.textContent?.trim());
    expect(headings).toEqual(["All posts", "Categories", "Tags"]);
    for (const row of rows.filter((row) => row.group !== "All posts")) {
      expect(row.name, row.url).not.toBe("");
      const description = [...document.querySelectorAll("main .feed")]
        .find((element) => element.querySelector("code")?.textContent?.trim() === row.url)
        ?.querySelector(".feed__description")?.textContent;
      expect(description, row.url).toMatch(/^\d+ posts?$/);
    }
  });

  it("shows each feed's absolute URL and a copy button for it, hidden until the script runs", () => {
    expect(rows.length).toBe(3 + termFeedFiles("categories").length + termFeedFiles("tags").length);
    for (const row of rows) {
      expect(row.url, row.name).toMatch(new RegExp(`^${SITE.replace(/\./g, "\\.")}/\\S+$`));
      expect(new URL(row.url).href, "a valid, already encoded URL").toBe(row.url);
      expect(pageExists(distDir, new URL(row.url).pathname), row.url).toBe(true);
      expect(row.href && new URL(row.href, SITE).href, row.url).toBe(row.url);
      expect(row.copy?.getAttribute("data-copy"), row.url).toBe(row.url);
      expect(row.copy?.getAttribute("type")).toBe("button");
      expect(row.copy?.hasAttribute("hidden"), "no copy button without JavaScript").toBe(true);
      expect(row.copy?.textContent, row.url).toContain("Copy");
    }
  });

  it("announces copies in a live region and keeps its script inside <body>", () => {
    expect(document.querySelector("main [role=status]")).not.toBeNull();
    const copyScript = [...document.querySelectorAll("script")].find(
      (script) => script.textContent?.includes("navigator.clipboard.writeText") || /feeds/.test(script.src ?? ""),
    );
    expect(copyScript, "a script that uses the clipboard").toBeDefined();
    expect(copyScript?.closest("body")).not.toBeNull();
  });
});
