/**
 * Issue #18, series and authors: the fixtures of tests/fixtures/publishing/ built into a copy of the site of
 * their own, with the fixtures' author files (tests/fixtures/publishing/authors/) in its src/content/authors/.
 * A series of three parts whose second is a draft shows two parts everywhere; two posts by two authors with
 * files link both, on the page, in JSON-LD and in every feed, and are on both author pages and feeds; the seed
 * post's plain author stays a plain name. Every assertion reads the output with real parsers.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorEnvironment, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { AUTHORS_CONTENT_DIR } from "#src/site.config.ts";
import { readSiteOutputs, type SiteOutputs } from "#tests/support/outputs.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/publishing");
const ORIGIN = "https://dataflow-notes.example.com";
const PARTS = ["series-part-one", "series-part-three"];
const DRAFT_PART = "series-part-two-draft";
const CO_AUTHORED = ["co-authored-first", "co-authored-second"];
const SEED = "building-real-time-data-pipelines";

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "author", "dc:creator"].includes(name),
});

describe("series and authors in every output", () => {
  const site = createTempSite("blog-series-authors-");
  site.addPostsFrom(FIXTURES);
  cpSync(join(FIXTURES, "authors"), join(site.root, AUTHORS_CONTENT_DIR), { recursive: true });
  let outputs: SiteOutputs;
  beforeAll(async () => {
    const build = await site.runAsync("build");
    expect(build.status, build.output).toBe(0);
    outputs = readSiteOutputs(site.dist);
  }, 300_000);
  afterAll(() => site.remove());
  const document = (file: string) => parseHTML(outputs.read(file)).document;
  const page = (slug: string) => document(`blog/${slug}/index.html`);
  const jsonLd = (slug: string) =>
    [...page(slug).querySelectorAll('script[type="application/ld+json"]')]
      .map((script) => JSON.parse(script.textContent ?? "{}"))
      .find((data) => data["@type"] === "BlogPosting");
  const hrefs = (elements: Iterable<Element>) => [...elements].map((element) => element.getAttribute("href"));

  it('each public part says "Part N of 2" and links the other public part, never the draft', () => {
    for (const [index, slug] of PARTS.entries()) {
      const box = page(slug).querySelector("nav.series-box");
      expect(box?.querySelector(".series-box__title")?.textContent?.replace(/\s+/g, " ").trim()).toBe(
        `Part ${index + 1} of 2 in the series Publishing Pipeline`,
      );
      const items = [...(box?.querySelectorAll("ol > li") ?? [])];
      expect(items.map((item) => item.textContent?.trim())).toEqual([
        "Publishing Pipeline, Part One",
        "Publishing Pipeline, Part Three",
      ]);
      expect(box?.querySelector('[aria-current="page"]')?.textContent?.trim()).toBe(items[index]?.textContent?.trim());
      const other = PARTS.filter((part) => part !== slug);
      expect(hrefs(box?.querySelectorAll("ol a") ?? [])).toEqual(other.map((part) => `/blog/${part}/`));
      expect(box?.querySelector(".series-box__title a")?.getAttribute("href")).toBe("/series/publishing-pipeline/");
      expect(outputs.placesOf(slug)).toEqual(expect.arrayContaining(["series pages", "other posts' series box"]));
    }
    // A post in no series has no box.
    expect(page(CO_AUTHORED[0] as string).querySelector(".series-box")).toBeNull();
  });

  it("the series page lists the public parts in order, and the series index lists the series", () => {
    const series = document("series/publishing-pipeline/index.html");
    expect(series.querySelector("h1")?.textContent).toBe("Publishing Pipeline");
    expect(hrefs(series.querySelectorAll("main .post-card__title a"))).toEqual(PARTS.map((slug) => `/blog/${slug}/`));
    expect([...series.querySelectorAll(".series-parts__number")].map((number) => number.textContent)).toEqual([
      "Part 1",
      "Part 2",
    ]);
    const index = document("series/index.html");
    expect(hrefs(index.querySelectorAll("main .term-index a"))).toEqual(["/series/publishing-pipeline/"]);
    expect(outputs.files.filter((file) => file.startsWith("series/"))).toEqual([
      "series/index.html",
      "series/publishing-pipeline/index.html",
    ]);
  });

  it("a part's JSON-LD is part of the series: a CreativeWorkSeries with its name and URL", () => {
    for (const slug of PARTS) {
      expect(jsonLd(slug)?.isPartOf).toEqual({
        "@type": "CreativeWorkSeries",
        name: "Publishing Pipeline",
        url: `${ORIGIN}/series/publishing-pipeline/`,
      });
    }
    expect(jsonLd(CO_AUTHORED[0] as string)?.isPartOf).toBeUndefined();
  });

  it("the draft part is nowhere: no page, box, series page, count or feed names it", () => {
    expect(outputs.placesOf(DRAFT_PART)).toEqual([]);
    const texts = outputs.files.filter((file) => /\.(html|xml|json|txt|md)$/.test(file));
    expect(texts.filter((file) => outputs.read(file).includes("the Unfinished Part"))).toEqual([]);
  });

  it("each author's page lists their posts, with their profile, and their feed holds them", () => {
    for (const [id, name] of [
      ["ada-lovelace", "Ada Lovelace"],
      ["grace-hopper", "Grace Hopper"],
    ] as const) {
      const profile = document(`authors/${id}/index.html`);
      expect(profile.querySelector("h1")?.textContent).toBe(name);
      // Newest first, as every list.
      expect(hrefs(profile.querySelectorAll("main .post-card__title a"))).toEqual(
        [...CO_AUTHORED].reverse().map((slug) => `/blog/${slug}/`),
      );
      expect(profile.querySelector(`link[rel="alternate"][href="/authors/${id}/rss.xml"]`)).not.toBeNull();
      const feed = xml.parse(outputs.read(`authors/${id}/rss.xml`));
      expect(feed.rss.channel.title).toBe(`Dataflow Notes: ${name}`);
      expect(feed.rss.channel.item.map((item: { link: string }) => item.link)).toEqual(
        [...CO_AUTHORED].reverse().map((slug) => `${ORIGIN}/blog/${slug}/`),
      );
    }
    const ada = document("authors/ada-lovelace/index.html");
    expect(ada.querySelector(".page-header__lead")?.textContent).toBe(
      "Writes about the engines that run the pipelines.",
    );
    const avatar = ada.querySelector("img.author-header__avatar");
    expect(avatar?.getAttribute("alt")).toBe("Ada Lovelace");
    expect(avatar?.getAttribute("src")).toMatch(/^\/_astro\/.+\.webp$/);
    expect(hrefs(ada.querySelectorAll(".author-header__links a"))).toEqual([
      "https://ada.example.com/",
      "https://mastodon.example/@ada",
    ]);
    // The map form of links, and no avatar.
    const grace = document("authors/grace-hopper/index.html");
    expect(hrefs(grace.querySelectorAll(".author-header__links a"))).toEqual([
      "https://github.com/grace-hopper-example",
    ]);
    expect(grace.querySelector(".author-header__avatar")).toBeNull();
    for (const slug of CO_AUTHORED) {
      expect(outputs.placesOf(slug)).toEqual(expect.arrayContaining(["author pages", "author feeds"]));
    }
    // Only authors with posts they wrote: the series parts are by the site author, a plain name.
    expect(outputs.placesOf("series-part-one")).not.toContain("author pages");
  });

  it('a co-authored post says "By Ada Lovelace and Grace Hopper", each name linking to its page', () => {
    for (const [slug, names] of [
      ["co-authored-first", ["Ada Lovelace", "Grace Hopper"]],
      ["co-authored-second", ["Grace Hopper", "Ada Lovelace"]],
    ] as const) {
      const meta = page(slug).querySelector(".post-meta");
      const byline = [...(meta?.children ?? [])].find((span) => span.textContent?.startsWith("By "));
      expect(byline?.textContent).toBe(`By ${names[0]} and ${names[1]}`);
      expect(hrefs(byline?.querySelectorAll('a[rel="author"]') ?? [])).toEqual(
        names.map((name) => `/authors/${name.toLowerCase().replace(" ", "-")}/`),
      );
    }
  });

  it("a co-authored post's JSON-LD names both as a Person with the URL of their page", () => {
    expect(jsonLd("co-authored-first")?.author).toEqual([
      { "@type": "Person", name: "Ada Lovelace", url: `${ORIGIN}/authors/ada-lovelace/` },
      { "@type": "Person", name: "Grace Hopper", url: `${ORIGIN}/authors/grace-hopper/` },
    ]);
    const profile = [
      ...document("authors/ada-lovelace/index.html").querySelectorAll('script[type="application/ld+json"]'),
    ]
      .map((script) => JSON.parse(script.textContent ?? "{}"))
      .find((data) => data["@type"] === "ProfilePage");
    expect(profile?.mainEntity).toMatchObject({
      "@type": "Person",
      name: "Ada Lovelace",
      url: `${ORIGIN}/authors/ada-lovelace/`,
      sameAs: ["https://ada.example.com/", "https://mastodon.example/@ada"],
    });
  });

  it("every feed credits both authors: RSS dc:creator, Atom author name and uri, JSON Feed authors with url", () => {
    const url = `${ORIGIN}/blog/co-authored-first/`;
    const rss = xml.parse(outputs.read("rss.xml")).rss.channel.item.find((item: { link: string }) => item.link === url);
    expect(rss["dc:creator"]).toEqual(["Ada Lovelace", "Grace Hopper"]);
    const atom = xml.parse(outputs.read("atom.xml")).feed.entry.find((entry: { id: string }) => entry.id === url);
    expect(atom.author).toEqual([
      { name: "Ada Lovelace", uri: `${ORIGIN}/authors/ada-lovelace/` },
      { name: "Grace Hopper", uri: `${ORIGIN}/authors/grace-hopper/` },
    ]);
    const json = JSON.parse(outputs.read("feed.json")).items.find((item: { url: string }) => item.url === url);
    expect(json.authors).toEqual([
      { name: "Ada Lovelace", url: `${ORIGIN}/authors/ada-lovelace/` },
      { name: "Grace Hopper", url: `${ORIGIN}/authors/grace-hopper/` },
    ]);
  });

  it('the seed post keeps its plain author: "By Your Name", unlinked, a Person without a URL', () => {
    const byline = [...(page(SEED).querySelector(".post-meta")?.children ?? [])].find((span) =>
      span.textContent?.startsWith("By "),
    );
    expect(byline?.textContent).toBe("By Your Name");
    expect(byline?.querySelector("a")).toBeNull();
    expect(jsonLd(SEED)?.author).toEqual({ "@type": "Person", name: "Your Name" });
    const json = JSON.parse(outputs.read("feed.json")).items.find((item: { url: string }) => item.url.includes(SEED));
    expect(json.authors).toEqual([{ name: "Your Name" }]);
    expect(outputs.files.filter((file) => file.startsWith("authors/"))).toEqual([
      "authors/ada-lovelace/index.html",
      "authors/ada-lovelace/rss.xml",
      "authors/grace-hopper/index.html",
      "authors/grace-hopper/rss.xml",
    ]);
  });

  it("the series box, the series pages and the author pages are valid HTML to the W3C Nu Html Checker", () => {
    const vnu = String(createRequire(import.meta.url)("vnu-jar"));
    const files = [
      "blog/series-part-one/index.html",
      "blog/co-authored-first/index.html",
      "series/index.html",
      "series/publishing-pipeline/index.html",
      "authors/ada-lovelace/index.html",
      "authors/grace-hopper/index.html",
    ].map((file) => join(site.dist, file));
    const run = spawnSync("java", ["-jar", vnu, "--errors-only", "--no-langdetect", ...files], { encoding: "utf8" });
    expect(run.error, "java runs the Nu Html Checker (Java 17 or newer)").toBeUndefined();
    expect(`${run.stdout}${run.stderr}`.trim()).toBe("");
    expect(run.status).toBe(0);
  });

  it("npm run verify holds the build to the same rules, author and series pages included", () => {
    const verify = spawnSync(
      process.execPath,
      [join(repoRoot, "scripts/verify.ts"), site.dist, join(site.root, "src/content/blog")],
      { cwd: repoRoot, env: authorEnvironment(), encoding: "utf8" },
    );
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  });

  it("npm run check warns on a plain-name author one typo from an author's id, and links to author pages resolve", () => {
    const root = mkdtempSync(join(tmpdir(), "blog-author-check-"));
    try {
      mkdirSync(join(root, "blog"));
      cpSync(join(FIXTURES, "authors"), join(root, "authors"), { recursive: true });
      writeFileSync(
        join(root, "blog/typo.md"),
        '---\ntitle: "A Typo"\nexcerpt: "Misspelt."\ndate: "2024-01-01"\ncategory: "Publishing"\nauthor: "ada-lovlace"\n---\n\nSee [Grace](/authors/grace-hopper/).\n',
      );
      const check = spawnSync(process.execPath, [join(repoRoot, "scripts/check-content.ts"), join(root, "blog")], {
        cwd: repoRoot,
        env: authorEnvironment(),
        encoding: "utf8",
      });
      expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
      expect(check.stdout).toContain(
        `${join(root, "blog/typo.md")}:6  author  warning: "ada-lovlace" is no author id, so it shows as a plain name linking nowhere; did you mean "ada-lovelace" (Ada Lovelace, ${join(root, "authors/ada-lovelace.yaml")})?`,
      );
      expect(check.stdout).toContain("0 errors, 1 warnings");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
