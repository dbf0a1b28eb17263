/**
 * Issue #16, "Trust": hostile frontmatter (tests/fixtures/hostile/frontmatter) built into copies of the
 * site. What the collection must refuse stops the build, naming the post, the line and the field; a post
 * saved with a UTF-8 byte order mark builds like any other, with its Open Graph card; the dev server
 * starts anyway and shows each refused post as broken; `npm run check` reports them all.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { authorEnvironment, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { startDevServer } from "#tests/support/dev-server.ts";
import { listFiles } from "#tests/support/dist.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/hostile/frontmatter");
const MERGE_KEY_DRAFT_TITLE = "The Merge-Key Draft Nobody May See";
/** Unicode's bidirectional embedding, override and isolate controls, written out here rather than imported. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const BIDI_TITLE = "Invoice \u202efdp.exe";
const BIDI_TAG = "Bidi\u2066Isolate";

/**
 * Where a page shows text holding a bidirectional control: each such text node with the element that
 * isolates it, the nearest <bdi> or element with dir="auto" around it if that element holds only this text.
 * A control in <head> (the <title>, JSON-LD) or in an attribute is listed with no isolating element.
 */
function bidiTexts(html: string): { text: string; where: string; isolatedBy: Element | undefined }[] {
  const { document } = parseHTML(html);
  const found: { text: string; where: string; isolatedBy: Element | undefined }[] = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (BIDI_CONTROLS.test(attribute.value)) {
        found.push({ text: attribute.value, where: `${element.localName}[${attribute.name}]`, isolatedBy: undefined });
      }
    }
  }
  const walker = document.createTreeWalker(document.documentElement, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? "";
    if (!BIDI_CONTROLS.test(text)) continue;
    const parent = node.parentElement;
    const isolating = parent?.closest("bdi, [dir='auto' i]") ?? undefined;
    const inHead = parent?.closest("head") !== null;
    const holdsOnlyThis = isolating !== undefined && isolating.textContent?.trim() === text.trim();
    found.push({ text, where: parent?.localName ?? "?", isolatedBy: inHead || !holdsOnlyThis ? undefined : isolating });
  }
  return found;
}

interface Built {
  status: number | null;
  output: string;
  /** Wall-clock seconds of the whole build, Astro's start included. */
  seconds: number;
  /** The output's files (none when the build stopped before writing any). */
  files: string[];
  read(file: string): Buffer;
  producedSite: boolean;
}

/** Builds a copy of the site with the named fixtures (and `prepare`'s changes), checks the result, then removes the copy. */
async function buildWith(
  fixtures: string[],
  check: (built: Built) => void,
  prepare: (contentDir: string) => void = () => {},
): Promise<void> {
  const site = createTempSite("blog-hostile-frontmatter-");
  try {
    const contentDir = join(site.root, BLOG_CONTENT_DIR);
    for (const name of fixtures) cpSync(join(FIXTURES, name), join(contentDir, name));
    prepare(contentDir);
    const started = performance.now();
    const result = await site.runAsync("build");
    const seconds = (performance.now() - started) / 1000;
    const files = existsSync(site.dist) ? listFiles(site.dist) : [];
    const read = (file: string) => readFileSync(join(site.dist, file));
    check({ ...result, seconds, files, read, producedSite: files.includes("index.html") });
  } finally {
    site.remove();
  }
}

describe("an alias bomb in a post", () => {
  it("stops the build at once, naming the post, before anything expands it", async () => {
    await buildWith(["alias-bomb.md"], ({ status, output, seconds, producedSite }) => {
      expect(status, output).not.toBe(0);
      expect(producedSite).toBe(false);
      expect(output).toContain(
        "src/content/blog/alias-bomb.md:6: frontmatter: the alias *a0 (and 7919 more): YAML anchors (&name), aliases (*name), merge keys (<<) and tags (!!type) are not allowed in frontmatter",
      );
      expect(output).not.toMatch(/Invalid string length|Excessive alias count|heap out of memory/);
      // The whole build, Astro's start included: the bomb is 40 KB and is refused unexpanded.
      expect(seconds, output).toBeLessThan(5);
    });
  }, 60_000);
});

describe.concurrent("hostile frontmatter in a build", () => {
  it("refuses, in one error naming each post, its line and its field, what the two YAML readings would disagree on", async () => {
    const refused = [
      "merge-key-draft.md",
      "anchor-alias.md",
      "not-a-calendar-date.md",
      "year-zero.md",
      "hour-25.md",
      "updated-9999.md",
      "latin-1.md",
      "utf-16.md",
    ];
    await buildWith(refused, ({ status, output, files, read, producedSite }) => {
      expect(status, output).not.toBe(0);
      expect(producedSite, "no site with a post silently missing").toBe(false);
      for (const line of [
        "src/content/blog/merge-key-draft.md:6: frontmatter: the merge key <<: YAML anchors",
        "src/content/blog/anchor-alias.md:3: frontmatter: the anchor &summary: ",
        "src/content/blog/anchor-alias.md:7: frontmatter: the alias *summary: ",
        'src/content/blog/not-a-calendar-date.md:5: date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-02-30", which is not a calendar date (February 2024 has 29 days)',
        'src/content/blog/year-zero.md:5: date: expected a date as YYYY-MM-DD or an ISO date-time, found "0000-01-01", whose year is not from 1970 to 2999',
        'src/content/blog/hour-25.md:5: date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-01-01T25:00:00", which is not a time of day',
        'src/content/blog/updated-9999.md:6: updated: expected a date as YYYY-MM-DD or an ISO date-time, found "9999-12-31", whose year is not from 1970 to 2999',
        "src/content/blog/latin-1.md: encoding: expected a UTF-8 text file, found the byte 0xE9 on line 2, which is not UTF-8 (the file looks like Latin-1 or Windows-1252)",
        "src/content/blog/utf-16.md: encoding: expected a UTF-8 text file, found UTF-16 (little-endian, with a byte order mark)",
      ]) {
        expect(output).toContain(line);
      }
      // The merge-key draft is nowhere: no page, no card, no feed item, no sitemap entry.
      expect(files.filter((file) => /merge-key-draft/.test(file))).toEqual([]);
      expect(files.filter((file) => read(file).includes(MERGE_KEY_DRAFT_TITLE))).toEqual([]);
    });
  }, 180_000);

  it("refuses a tag too long to be a folder name, naming the post and the field", async () => {
    await buildWith(["long-tag.md"], ({ status, output, producedSite }) => {
      expect(status, output).not.toBe(0);
      expect(producedSite).toBe(false);
      expect(output).toContain("long-tag data does not match collection schema");
      expect(output).toContain(
        "tags.0: expected a tag name of at most 60 characters (it names a page and a folder), found 330 characters",
      );
      expect(output).not.toContain("ENAMETOOLONG");
    });
  }, 180_000);

  it("refuses a control character in a title, naming the post and the field", async () => {
    await buildWith(["control-character-title.md"], ({ status, output, producedSite }) => {
      expect(status, output).not.toBe(0);
      expect(producedSite).toBe(false);
      expect(output).toContain("control-character-title data does not match collection schema");
      expect(output).toContain("title: contains the control character U+000B, which no page can show: remove it");
    });
  }, 180_000);

  it("builds a post saved with a byte order mark with its card; a folder named old.md and dot-files are no posts", async () => {
    const hiddenTitle = "Hidden in a Dot Folder";
    const prepare = (dir: string) => {
      // A folder named like a post failed the sitemap and Open Graph hooks with EISDIR.
      mkdirSync(join(dir, "old.md"));
      // Astro's glob leaves dot-files out; the raw reader drew them a card and gave them a sitemap URL.
      mkdirSync(join(dir, ".drafts"));
      writeFileSync(
        join(dir, ".drafts/hidden.md"),
        `---\ntitle: "${hiddenTitle}"\nexcerpt: "E."\ndate: "2024-01-01"\ncategory: "C"\n---\nBody\n`,
      );
    };
    await buildWith(
      ["byte-order-mark.md", "bidi-override-title.md"],
      ({ status, output, files, read }) => {
        expect(status, output).toBe(0);
        expect(output).not.toMatch(/EISDIR/);
        const page = read("blog/byte-order-mark/index.html").toString("utf8");
        expect(page).toContain("A Post Saved With a Byte Order Mark");
        expect(page).not.toContain("\uFEFF");
        expect(page).toContain("/og/byte-order-mark.png");
        const card = read("og/byte-order-mark.png");
        expect([...card.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const sitemaps = files.filter((file) => /^sitemap.*\.xml$/.test(file));
        expect(sitemaps.some((file) => read(file).includes("/blog/byte-order-mark/"))).toBe(true);
        // A bidirectional override is a warning of npm run check, not an error: the post is built.
        expect(files).toContain("og/bidi-override-title.png");
        expect(files.filter((file) => /hidden|old\.md/.test(file))).toEqual([]);
        const texts = files.filter((file) => /\.(html|xml|json)$/.test(file) && !file.startsWith("pagefind/"));
        expect(texts.filter((file) => read(file).includes(hiddenTitle))).toEqual([]);

        // Issue #16: the override in the title and the isolate in the tag are shown as written but isolated
        // in the pages, so they reorder nothing around them, and are gone where text cannot be isolated.
        const html = (file: string) => read(file).toString("utf8");
        const post = parseHTML(html("blog/bidi-override-title/index.html")).document;
        const h1 = post.querySelector("main h1");
        expect(h1?.textContent).toBe(BIDI_TITLE);
        expect(h1?.getAttribute("dir")).toBe("auto");
        const tagLink = [...post.querySelectorAll(".post__header a.pill")].find(
          (a) => a.textContent?.trim() === BIDI_TAG,
        );
        expect(tagLink?.getAttribute("href")).toBe("/tags/bidiisolate/");
        expect(tagLink?.querySelector("bdi")?.textContent).toBe(BIDI_TAG);
        expect(post.title).toBe("Invoice fdp.exe | Dataflow Notes");
        expect(post.head.innerHTML).not.toMatch(BIDI_CONTROLS);
        // The card, the archive row, the tag's page and index: every text holding a control, on every page.
        const pages = files.filter((file) => file.endsWith(".html") && !file.startsWith("pagefind/"));
        const shown = pages.flatMap((file) => bidiTexts(html(file)).map((found) => ({ file, ...found })));
        expect(
          shown.filter((found) => found.isolatedBy === undefined).map(({ file, where }) => `${file}: ${where}`),
        ).toEqual([]);
        for (const [file, text] of [
          ["blog/index.html", BIDI_TITLE],
          ["archive/index.html", BIDI_TITLE],
          ["tags/index.html", BIDI_TAG],
          ["tags/bidiisolate/index.html", BIDI_TAG],
          ["tags/bidiisolate/index.html", BIDI_TITLE],
        ]) {
          expect(
            shown.some((found) => found.file === file && found.text.trim() === text),
            `${file} shows ${JSON.stringify(text)}`,
          ).toBe(true);
        }
        // Feeds show text as text: no control in any of them, the tag's own feed included.
        for (const feed of ["rss.xml", "atom.xml", "feed.json", "tags/bidiisolate/rss.xml"]) {
          expect(files).toContain(feed);
          const text = html(feed);
          expect(text, feed).not.toMatch(/[\u202E\u2066]/);
          expect(text, feed).not.toMatch(BIDI_CONTROLS);
        }
        expect(html("rss.xml")).toContain("Invoice fdp.exe");
        const item = (JSON.parse(html("feed.json")) as { items: { title: string; tags: string[] }[] }).items.find(
          (entry) => entry.title === "Invoice fdp.exe",
        );
        expect(item?.tags).toContain("BidiIsolate");
      },
      prepare,
    );
  }, 180_000);

  it("npm run dev starts anyway: each refused post is a broken post naming its problem, until it is fixed", async ({
    expect,
  }) => {
    // The test's own expect: expect.poll needs it in a concurrent test.
    const site = createTempSite("blog-hostile-frontmatter-dev-");
    const contentDir = join(site.root, BLOG_CONTENT_DIR);
    for (const name of ["merge-key-draft.md", "alias-bomb.md", "latin-1.md"]) {
      cpSync(join(FIXTURES, name), join(contentDir, name));
    }
    const dev = startDevServer(site.root);
    try {
      const origin = await dev.ready();
      const page = async (slug: string) => (await fetch(`${origin}/blog/${slug}/`)).text();
      for (const [slug, problem] of [
        ["merge-key-draft", "frontmatter: the merge key &lt;&lt;"],
        ["alias-bomb", "frontmatter: the anchor &amp;a0 (and 9 more)"],
        ["latin-1", "encoding: expected a UTF-8 text file, found the byte 0xE9 on line 2"],
      ] as const) {
        const html = await page(slug);
        expect(html, slug).toContain("This post has an error");
        expect(html, slug).toContain(problem);
      }
      expect(dev.terminal()).toContain("src/content/blog/merge-key-draft.md:6: frontmatter: the merge key <<");
      writeFileSync(
        join(contentDir, "merge-key-draft.md"),
        '---\ntitle: "Written Out in Full"\nexcerpt: "E."\ndate: "2024-03-01"\ncategory: "C"\npublished: false\n---\nBody\n',
      );
      await expect
        .poll(async () => (await page("merge-key-draft")).includes("Written Out in Full"), {
          timeout: 20_000,
          interval: 500,
        })
        .toBe(true);
      expect(await page("merge-key-draft")).not.toContain("This post has an error");
    } finally {
      dev.stop();
      site.remove();
    }
  }, 90_000);

  it("npm run check reports every hostile post, and does not throw", () => {
    const check = spawnSync(process.execPath, ["scripts/check-content.ts", FIXTURES], {
      cwd: repoRoot,
      env: authorEnvironment(),
      encoding: "utf8",
    });
    expect(check.status, check.stderr).toBe(1);
    expect(check.stderr).toBe("");
    for (const name of [
      "merge-key-draft.md:6  frontmatter",
      "anchor-alias.md:3  frontmatter",
      "alias-bomb.md:6  frontmatter",
      "not-a-calendar-date.md:5  date",
      "year-zero.md:5  date",
      "hour-25.md:5  date",
      "updated-9999.md:6  updated",
      "long-tag.md:6  tags.0",
      "latin-1.md:1  encoding",
      "utf-16.md:1  encoding",
      "control-character-title.md:2  title",
      "bidi-override-title.md:2  title  warning",
    ]) {
      expect(check.stdout).toContain(`${FIXTURES}/${name}`);
    }
    expect(check.stdout).not.toContain("byte-order-mark.md");
    expect(check.stdout).toContain("Content check: 13 posts, 13 errors, 2 warnings.");
  });
});
