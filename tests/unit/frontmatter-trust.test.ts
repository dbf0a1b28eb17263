/**
 * Issue #16, "Trust": frontmatter is read one way by the site (Astro's js-yaml) and the tools (yaml),
 * dates are read as written, post files are UTF-8, and text holds no control characters. The pure
 * checks, the raw reader's tools on tests/fixtures/hostile/frontmatter, and the collection's guard.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseFrontmatter } from "@astrojs/internal-helpers/frontmatter";
import { afterAll, describe, expect, it } from "vitest";
import { createFrontmatterGuard, listPostFiles, readPostFiles } from "#build/content/post-files.ts";
import { postLastModified } from "#build/content/sitemap-lastmod.ts";
import { cardsFromContent } from "#build/og/cards.ts";
import { decodePostFile, splitPostFile } from "#src/domain/frontmatter.ts";
import { frontmatterDisagreement, parseFrontmatterYaml, readPostSource } from "#src/domain/post-source.ts";
import { termSlug } from "#src/domain/taxonomy.ts";
import {
  controlCharacterProblem,
  createPostSchema,
  POST_YEARS,
  parsePostDate,
  readPostDate,
  TERM_NAME_LIMIT,
} from "#src/schemas/post.ts";

const FIXTURES = "tests/fixtures/hostile/frontmatter";
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const env = { fileExists: () => false, defaultAuthor: "Site Author" };
const scratch = mkdtempSync(join(tmpdir(), "frontmatter-trust-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("readPostDate: the one date parser, reading the text as written", () => {
  it.each([
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2024-05-01T10:00", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01 10:00:00", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:00.5+02:00", "2024-05-01T08:00:00.500Z"],
    ["2024-05-01T10:00:00-0530", "2024-05-01T15:30:00.000Z"],
    [`${POST_YEARS.first}-01-01`, `${POST_YEARS.first}-01-01T00:00:00.000Z`],
    [`${POST_YEARS.last}-12-31T23:59:59Z`, `${POST_YEARS.last}-12-31T23:59:59.000Z`],
  ])("reads %s", (text, iso) => {
    expect(readPostDate(text).date?.toISOString()).toBe(iso);
    expect(parsePostDate(text)?.toISOString()).toBe(iso);
  });

  it.each([
    ["2024-02-30", "which is not a calendar date (February 2024 has 29 days)"],
    ["2023-02-29", "which is not a calendar date (February 2023 has 28 days)"],
    ["2024-04-31", "which is not a calendar date (April 2024 has 30 days)"],
    ["2024-13-01", "which is not a calendar date (months go from 01 to 12)"],
    ["2024-00-10", "which is not a calendar date (months go from 01 to 12)"],
    // The day was checked for zone Z only: with an offset, Date rolled it over.
    ["2024-02-30T10:00:00+02:00", "which is not a calendar date (February 2024 has 29 days)"],
    ["2024-01-01T25:00:00", "which is not a time of day"],
    ["2024-01-01T24:00:00", "which is not a time of day"],
    ["2024-01-01T10:60:00", "which is not a time of day"],
    ["2024-01-01T10:00:60Z", "which is not a time of day"],
    ["2024-01-01T10:00:00+15:00", "whose time zone offset is not from -14:00 to +14:00"],
    ["0000-01-01", `whose year is not from ${POST_YEARS.first} to ${POST_YEARS.last}`],
    ["1900-01-01", `whose year is not from ${POST_YEARS.first} to ${POST_YEARS.last}`],
    ["9999-12-31", `whose year is not from ${POST_YEARS.first} to ${POST_YEARS.last}`],
  ])("refuses %s, saying why", (text, why) => {
    const { date, problem } = readPostDate(text);
    expect(date).toBeUndefined();
    expect(problem?.startsWith(`expected a date as YYYY-MM-DD or an ISO date-time, found "${text}", ${why}`)).toBe(
      true,
    );
  });

  it("says what it found when the text is no date at all", () => {
    expect(readPostDate("05/01/2024").problem).toBe(
      'expected a date as YYYY-MM-DD or an ISO date-time, found the text "05/01/2024"',
    );
  });

  it("states its years in the schema's description of the fields", () => {
    const schema = createPostSchema({
      image: () => {
        throw new Error("unused");
      },
      readPublicImage: async () => undefined,
      defaultAuthor: "A",
    });
    const fields = (schema.def.in as unknown as { shape: Record<string, { description?: string }> }).shape;
    expect(fields.date?.description).toContain(`a year from ${POST_YEARS.first} to ${POST_YEARS.last}`);
    expect(fields.updated?.description).toContain(`a year from ${POST_YEARS.first} to ${POST_YEARS.last}`);
  });
});

describe("control characters", () => {
  it("names the code point of the first one, and lets tabs and line feeds through", () => {
    expect(controlCharacterProblem("A\vB")).toBe(
      "contains the control character U+000B, which no page can show: remove it",
    );
    expect(controlCharacterProblem("nul\u0000")).toMatch(/U\+0000/);
    expect(controlCharacterProblem("esc\u001b[31m")).toMatch(/U\+001B/);
    expect(controlCharacterProblem("del\u007f")).toMatch(/U\+007F/);
    expect(controlCharacterProblem("c1\u0085")).toMatch(/U\+0085/);
    expect(controlCharacterProblem("carriage\rreturn")).toMatch(/U\+000D/);
    expect(controlCharacterProblem("tab\tand\nline feed, 日本語, emoji 🚀, U+202E \u202e")).toBeUndefined();
  });
});

describe("tag and category names", () => {
  it("make slugs that fit a file name at the longest the schema lets through", () => {
    // The worst cases for bytes: 4-byte emoji, 3-byte CJK, a letter that lowercases to two code points.
    const longest = ["字".repeat(TERM_NAME_LIMIT), "😀".repeat(TERM_NAME_LIMIT / 2), "İ".repeat(TERM_NAME_LIMIT)];
    for (const name of longest) {
      expect(name.length).toBe(TERM_NAME_LIMIT);
      expect(new TextEncoder().encode(termSlug(name)).length, name).toBeLessThan(255);
    }
  });
});

describe("parseFrontmatterYaml refuses anchors, aliases, merge keys and tags", () => {
  it.each([
    ["a merge key", "title: T\n<<: {published: false}", 2, "the merge key <<"],
    ["an anchor", "excerpt: &e E", 1, "the anchor &e"],
    ["an alias", "a: x\nb: *a", 2, "the alias *a"],
    ["a tag", "date: !!timestamp 2024-01-01", 1, "the tag !!timestamp"],
  ])("%s, naming it and its line", (_case, yaml, line, what) => {
    const { raw, errors } = parseFrontmatterYaml(yaml);
    expect(raw).toBeUndefined();
    expect(errors).toContainEqual({ line, message: expect.stringContaining(`${what}`), refused: true });
    expect(errors[0]?.message).toMatch(/YAML parsers read them differently/);
  });

  it("before expanding an alias bomb: the 40 KB fixture is refused in milliseconds", () => {
    const { yaml } = splitPostFile(fixture("alias-bomb.md").toString("utf8"));
    const started = performance.now();
    const { raw, errors } = parseFrontmatterYaml(yaml ?? "");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(raw).toBeUndefined();
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^the anchor &a0 \(and 9 more\)/),
      expect.stringMatching(/^the alias \*a0 \(and 7919 more\)/),
    ]);
  });

  it("and reads plain YAML as before", () => {
    expect(parseFrontmatterYaml('title: "T"\ntags: [a, b]\ndate: 2024-01-01').raw).toEqual({
      title: "T",
      tags: ["a", "b"],
      date: "2024-01-01",
    });
  });
});

describe("frontmatterDisagreement: Astro's reading against the tools'", () => {
  /** What Astro's Markdown and MDX entry types get (@astrojs/internal-helpers, js-yaml) and what the tools get. */
  const readings = (text: string) => ({
    astro: parseFrontmatter(text).frontmatter as Record<string, unknown>,
    ours: parseFrontmatterYaml(splitPostFile(text).yaml ?? "").raw ?? {},
  });

  it("finds none in the blog's posts and the fixtures the site is built from", () => {
    const folders = ["src/content/blog", "tests/fixtures/build-posts", "tests/fixtures/content-check"];
    for (const folder of folders) {
      for (const name of readdirSync(folder).filter((file) => /\.mdx?$/.test(file))) {
        const text = readFileSync(join(folder, name), "utf8");
        if (name === "malformed-yaml.md") continue;
        const { astro, ours } = readings(text);
        expect(frontmatterDisagreement(astro, ours), `${folder}/${name}`).toBeUndefined();
      }
    }
  });

  it("reads an unquoted date's text, where js-yaml rolls it over", () => {
    const { astro, ours } = readings("---\ndate: 2024-02-30\n---\n");
    expect((astro.date as Date).toISOString()).toBe("2024-03-01T00:00:00.000Z");
    expect(frontmatterDisagreement(astro, ours)).toEqual({
      path: ["date"],
      message: expect.stringContaining("which is not a calendar date"),
    });
    const { astro: zero, ours: zeroText } = readings("---\nupdated: 0000-01-01\n---\n");
    expect((zero.updated as Date).getUTCFullYear()).toBe(1900);
    expect(frontmatterDisagreement(zero, zeroText)?.message).toMatch(/whose year is not from/);
    const valid = readings("---\ndate: 2024-02-29T10:00:00+02:00\n---\n");
    expect(frontmatterDisagreement(valid.astro, valid.ours)).toBeUndefined();
  });

  it("flags a date anywhere else, and any other value read differently", () => {
    const { astro, ours } = readings("---\ntitle: 2024-01-01\n---\n");
    expect(frontmatterDisagreement(astro, ours)).toEqual({
      path: ["title"],
      message: expect.stringMatching(
        /^YAML parsers read this value differently \(Astro: the date .*the text "2024-01-01"/,
      ),
    });
    expect(frontmatterDisagreement({ published: false }, { "<<": { published: false } })?.path).toEqual(["published"]);
  });
});

describe("decodePostFile: post files are UTF-8", () => {
  it("drops a UTF-8 byte order mark", () => {
    const decoded = decodePostFile(fixture("byte-order-mark.md"));
    expect(decoded.text?.startsWith("---\n")).toBe(true);
  });

  it.each([
    [
      "latin-1.md",
      "expected a UTF-8 text file, found the byte 0xE9 on line 2, which is not UTF-8 (the file looks like Latin-1 or Windows-1252): save the file as UTF-8",
    ],
    [
      "utf-16.md",
      "expected a UTF-8 text file, found UTF-16 (little-endian, with a byte order mark): save the file as UTF-8",
    ],
  ])("refuses %s, saying what it looks like", (name, problem) => {
    expect(decodePostFile(fixture(name))).toEqual({ problem });
  });

  it("recognises UTF-16 without a byte order mark, and UTF-32", () => {
    const text = "---\ntitle: x\n---\n";
    const utf16be = new Uint8Array([...Buffer.from(text, "utf16le")].map((_, i, all) => all[i ^ 1] as number));
    expect(decodePostFile(Buffer.from(text, "utf16le")).problem).toMatch(/UTF-16 \(little-endian, without/);
    expect(decodePostFile(utf16be).problem).toMatch(/UTF-16 \(big-endian, without/);
    expect(decodePostFile(new Uint8Array([0xff, 0xfe, 0, 0, 0x2d, 0, 0, 0])).problem).toMatch(/UTF-32/);
  });
});

describe("the raw reader on the hostile fixtures", () => {
  it("reads a post with a byte order mark as any other, whether or not the BOM was dropped", async () => {
    const withBom = fixture("byte-order-mark.md").toString("utf8");
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    for (const text of [withBom, withBom.slice(1)]) {
      const post = await readPostSource("byte-order-mark.md", text, env);
      expect(post.issues).toEqual([]);
      expect(post.data?.title).toBe("A Post Saved With a Byte Order Mark");
      expect(post.body.startsWith("\n")).toBe(true);
    }
  });

  it("says why a refused frontmatter has no data", async () => {
    const post = await readPostSource("merge-key-draft.md", fixture("merge-key-draft.md").toString("utf8"), env);
    expect(post.data).toBeUndefined();
    expect(post.issues).toEqual([
      { path: ["frontmatter"], message: expect.stringMatching(/^line 6: the merge key <</) },
    ]);
  });

  it("gives no card, sitemap date or data to a post it refuses, and the card of the BOM post", async () => {
    const posts = await readPostFiles(FIXTURES);
    const withData = posts.filter((post) => post.data).map((post) => post.file);
    expect(withData).toEqual([`${FIXTURES}/bidi-override-title.md`, `${FIXTURES}/byte-order-mark.md`]);
    expect(posts.find((post) => post.file.endsWith("latin-1.md"))?.issues).toEqual([
      { path: ["encoding"], message: expect.stringMatching(/Latin-1/) },
    ]);
    const cards = (await cardsFromContent(FIXTURES)).map((card) => card.file);
    expect(cards).toEqual(["site.png", "bidi-override-title.png", "byte-order-mark.png"]);
    expect([...(await postLastModified(FIXTURES)).keys()]).toEqual([
      "/blog/bidi-override-title/",
      "/blog/byte-order-mark/",
    ]);
  });
});

describe("listPostFiles", () => {
  it("lists the files Astro's glob loads: no folder named like a post, no dot-file, links to files", () => {
    const dir = join(scratch, "content");
    mkdirSync(join(dir, "old.md"), { recursive: true });
    mkdirSync(join(dir, ".drafts"));
    mkdirSync(join(dir, "2024"));
    writeFileSync(join(dir, "a.md"), "---\n---\n");
    writeFileSync(join(dir, "2024/b.mdx"), "---\n---\n");
    writeFileSync(join(dir, ".hidden.md"), "---\n---\n");
    writeFileSync(join(dir, ".drafts/c.md"), "---\n---\n");
    writeFileSync(join(dir, "notes.txt"), "");
    symlinkSync("a.md", join(dir, "linked.md"));
    expect(listPostFiles(dir)).toEqual(["2024/b.mdx", "a.md", "linked.md"]);
  });
});

describe("the collection's guard (build/content/post-files.ts)", () => {
  const guarded = (dir: string) => {
    const guard = createFrontmatterGuard(dir);
    const loaded: string[] = [];
    const loader = guard.checking(() => ({
      name: "fake",
      load: async () => {
        loaded.push("loaded");
      },
    }))({});
    // The cache folder of the build: readings are kept there between loads.
    const cacheDir = pathToFileURL(`${join(scratch, `cache-${dir.replace(/\W/g, "-")}`)}/`);
    const load = () => loader.load({ config: { cacheDir } } as never);
    return { guard, load, loaded };
  };

  it("refuses every hostile file in one error, each named with its line and field, before the loader runs", async () => {
    const { load, loaded } = guarded(FIXTURES);
    const error = await load().then(
      () => undefined,
      (thrown: Error) => thrown.message,
    );
    expect(loaded).toEqual([]);
    for (const line of [
      `${FIXTURES}/merge-key-draft.md:6: frontmatter: the merge key <<`,
      `${FIXTURES}/anchor-alias.md:3: frontmatter: the anchor &summary`,
      `${FIXTURES}/anchor-alias.md:7: frontmatter: the alias *summary`,
      `${FIXTURES}/alias-bomb.md:6: frontmatter: the alias *a0 (and 7919 more)`,
      `${FIXTURES}/not-a-calendar-date.md:5: date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-02-30", which is not a calendar date`,
      `${FIXTURES}/year-zero.md:5: date: expected a date as YYYY-MM-DD or an ISO date-time, found "0000-01-01", whose year`,
      `${FIXTURES}/hour-25.md:5: date: expected a date as YYYY-MM-DD or an ISO date-time, found "2024-01-01T25:00:00", which is not a time of day`,
      `${FIXTURES}/updated-9999.md:6: updated: expected a date as YYYY-MM-DD or an ISO date-time, found "9999-12-31", whose year`,
      `${FIXTURES}/latin-1.md: encoding: expected a UTF-8 text file, found the byte 0xE9 on line 2`,
      `${FIXTURES}/utf-16.md: encoding: expected a UTF-8 text file, found UTF-16`,
    ]) {
      expect(error).toContain(line);
    }
    expect(error).not.toMatch(/byte-order-mark|bidi-override-title|long-tag|control-character/);
  });

  it("compares what Astro's parser made of each file with the tools' reading, from the kept readings too", async () => {
    const dir = join(scratch, "guarded");
    mkdirSync(dir);
    writeFileSync(join(dir, "fine.md"), fixture("byte-order-mark.md"));
    writeFileSync(join(dir, "title-date.md"), "---\ntitle: 2024-01-01\n---\n");
    for (const round of [1, 2]) {
      const { guard, load, loaded } = guarded(dir);
      await load();
      expect(loaded, `round ${round}`).toEqual(["loaded"]);
      const astro = (name: string) =>
        parseFrontmatter(readFileSync(join(dir, name), "utf8")).frontmatter as Record<string, unknown>;
      expect(() => guard.assertReadAlike(join(dir, "fine.md"), astro("fine.md"))).not.toThrow();
      expect(() => guard.assertReadAlike(join(dir, "title-date.md"), astro("title-date.md"))).toThrow(
        `${dir}/title-date.md:2: title: YAML parsers read this value differently`,
      );
    }
  });
});
