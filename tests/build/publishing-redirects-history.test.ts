/**
 * Issue #18, renamed posts, revision history and edit links: the fixtures of tests/fixtures/publishing/ built into
 * a copy of the site of their own, with a repository set (SITE_REPOSITORY) and two more posts that only this test
 * needs: a draft whose old slugs must build nothing (one is a live post's slug, which must not stop the build), and
 * an unlisted renamed post. Every assertion reads the output with real parsers (tests/support/outputs.ts).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorEnvironment, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { startDevServer } from "#tests/support/dev-server.ts";
import { PUBLIC_POST_PLACES, readSiteOutputs, type SiteOutputs } from "#tests/support/outputs.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/publishing");
const REPOSITORY = "https://github.com/owner/repo";
const RENAMED = "editorial-renamed";
const OLD_SLUGS = ["old-name", "older-name"];
const REVISED = "editorial-revised";
/** The revised post's newest update, which is its `updated` (it writes none). */
const LATEST_UPDATE = "2024-07-01T00:00:00.000Z";

// In the fixtures' category: a category of unlisted posts alone has no page for theirs to link to.
const fine = (title: string) => `title: "${title}"\nexcerpt: "Fine."\ndate: "2024-01-01"\ncategory: "Publishing"`;

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

describe("renamed posts, revision history and edit links in every output", () => {
  const site = createTempSite("blog-redirects-history-");
  site.addPostsFrom(FIXTURES);
  site.addPost(
    "draft-renamed.md",
    `---\n${fine("A Renamed Draft")}\npublished: false\nredirectFrom: ["draft-old-name", "editorial-first"]\n---\nNot yet.\n`,
  );
  site.addPost(
    "unlisted-renamed.md",
    `---\n${fine("An Unlisted Renamed Post")}\nunlisted: true\nredirectFrom: ["unlisted-old-name"]\n---\nBy link.\n`,
  );
  let outputs: SiteOutputs;
  let buildOutput = "";
  beforeAll(async () => {
    const build = await site.runAsync("build", { SITE_REPOSITORY: REPOSITORY, SITE_REPOSITORY_BRANCH: "main" });
    buildOutput = build.output;
    expect(build.status, build.output).toBe(0);
    outputs = readSiteOutputs(site.dist);
  }, 300_000);
  afterAll(() => site.remove());
  const page = (slug: string) => parseHTML(outputs.read(`blog/${slug}/index.html`)).document;

  it.each(OLD_SLUGS)(
    "/blog/%s/ is a redirect page to the renamed post: refresh, canonical, plain link, noindex",
    (old) => {
      const document = page(old);
      expect(document.documentElement.getAttribute("lang")).toBe("en");
      expect(document.querySelector("meta[charset]")?.getAttribute("charset")).toBe("utf-8");
      expect(document.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content")).toBe(
        `0; url=/blog/${RENAMED}/`,
      );
      expect(document.querySelector('link[rel="canonical"]')?.getAttribute("href")).toMatch(
        new RegExp(`^https://[^/]+/blog/${RENAMED}/$`),
      );
      expect(document.querySelector('meta[name="robots"]')?.getAttribute("content")).toMatch(/noindex/);
      const link = document.querySelector(`body a[href="/blog/${RENAMED}/"]`);
      expect(link?.textContent).toBe("Editorial Notes, Renamed");
      // The site's Content-Security-Policy, as every page has it (Astro adds it; src/middleware.ts trims it).
      expect(document.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute("content")).toMatch(
        /default-src 'self'/,
      );
    },
  );

  it("_redirects has a 301 from each old slug of a post with a page, and nothing of a draft's", () => {
    expect(
      outputs
        .read("_redirects")
        .split("\n")
        .filter((line) => line && !line.startsWith("#")),
    ).toEqual([
      `/blog/old-name/ /blog/${RENAMED}/ 301`,
      `/blog/older-name/ /blog/${RENAMED}/ 301`,
      "/blog/unlisted-old-name/ /blog/unlisted-renamed/ 301",
    ]);
  });

  it("an old slug is only its redirect page: in no list, feed, sitemap or search index", () => {
    for (const old of [...OLD_SLUGS, "unlisted-old-name"]) expect(outputs.placesOf(old), old).toEqual(["its page"]);
  });

  it("the renamed post is everywhere a public post is", () => {
    const places = outputs.placesOf(RENAMED);
    for (const place of PUBLIC_POST_PLACES) expect(places, buildOutput.slice(-2000)).toContain(place);
  });

  it("a draft's old slugs build nothing, even one that is a live post's slug", () => {
    expect(outputs.placesOf("draft-old-name")).toEqual([]);
    expect(page("editorial-first").querySelector("h1")?.textContent).toBe("Editorial Notes, First");
    expect(outputs.read("_redirects")).not.toMatch(/draft-old-name|editorial-first/);
  });

  it("an unlisted post's old slug redirects to it, and is as unlisted as the post", () => {
    expect(page("unlisted-old-name").querySelector('meta[http-equiv="refresh"]')?.getAttribute("content")).toBe(
      "0; url=/blog/unlisted-renamed/",
    );
    expect(outputs.placesOf("unlisted-renamed").filter((place) => place !== "its Markdown twin")).toEqual([
      "its page",
      "its Open Graph card",
      // The redirect page at its old URL.
      "other pages",
    ]);
  });

  it('the revised post shows "What changed", newest first, each note as text', () => {
    const document = page(REVISED);
    const box = document.querySelector("section.what-changed");
    const heading = document.getElementById(box?.getAttribute("aria-labelledby") ?? "");
    expect(heading?.textContent).toBe("What changed");
    const items = [...(box?.querySelectorAll("li") ?? [])];
    expect(items.map((item) => item.querySelector("time")?.getAttribute("datetime"))).toEqual([
      "2024-07-01",
      "2024-05-15",
    ]);
    expect(items.map((item) => item.querySelector("time")?.textContent?.trim())).toEqual([
      "July 1, 2024",
      "May 15, 2024",
    ]);
    expect(items.map((item) => item.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "July 1, 2024 Added a note on log compaction & <retention> limits.",
      "May 15, 2024 Fixed the retention example.",
    ]);
    // Escaped: the note's "<retention>" is text, no element.
    expect(outputs.read(`blog/${REVISED}/index.html`)).toContain("compaction &amp; &lt;retention&gt; limits");
    expect(box?.querySelector("retention")).toBeNull();
    // A post without updates has no box.
    expect(page(RENAMED).querySelector("section.what-changed")).toBeNull();
  });

  it("the revised post's updated date is its newest update: on the page, in the sitemap, Atom and JSON Feed", () => {
    const meta = page(REVISED).querySelector(".post__header .post-meta");
    expect(meta?.textContent?.replace(/\s+/g, " ")).toContain("Updated July 1, 2024");
    expect(page(REVISED).querySelector('meta[property="article:modified_time"]')?.getAttribute("content")).toBe(
      LATEST_UPDATE,
    );

    const sitemapUrls = outputs.files
      .filter((file) => /^sitemap-\d+\.xml$/.test(file))
      .flatMap((file) => [xml.parse(outputs.read(file)).urlset.url].flat() as { loc: string; lastmod?: string }[]);
    expect(sitemapUrls.find((url) => url.loc.endsWith(`/blog/${REVISED}/`))?.lastmod).toBe(LATEST_UPDATE);

    const atom = xml.parse(outputs.read("atom.xml")).feed;
    const entry = [atom.entry]
      .flat()
      .find((item: { link: { "@_href": string } | { "@_href": string }[] }) =>
        [item.link].flat().some((link) => link["@_href"].endsWith(`/blog/${REVISED}/`)),
      );
    expect(new Date(entry?.updated).toISOString()).toBe(LATEST_UPDATE);

    const json = JSON.parse(outputs.read("feed.json")) as { items: { url: string; date_modified?: string }[] };
    const item = json.items.find((candidate) => candidate.url.endsWith(`/blog/${REVISED}/`));
    expect(item?.date_modified && new Date(item.date_modified).toISOString()).toBe(LATEST_UPDATE);
  });

  it('each post links to its file in the repository: "Edit this post"', () => {
    const link = page(REVISED).querySelector(".edit-link a");
    expect(link?.textContent).toBe("Edit this post");
    expect(link?.getAttribute("href")).toBe(`${REPOSITORY}/edit/main/src/content/blog/${REVISED}.md`);
  });

  it("the redirect pages and a post with its history are valid HTML to the W3C Nu Html Checker", () => {
    const vnu = String(createRequire(import.meta.url)("vnu-jar"));
    const files = [...OLD_SLUGS, REVISED].map((slug) => join(site.dist, "blog", slug, "index.html"));
    const run = spawnSync("java", ["-jar", vnu, "--errors-only", "--no-langdetect", ...files], { encoding: "utf8" });
    expect(run.error, "java runs the Nu Html Checker (Java 17 or newer)").toBeUndefined();
    expect(`${run.stdout}${run.stderr}`.trim()).toBe("");
    expect(run.status).toBe(0);
  });

  it("npm run verify holds the build to the same rules, redirect pages included", () => {
    const verify = spawnSync(
      process.execPath,
      [join(repoRoot, "scripts/verify.ts"), site.dist, join(site.root, "src/content/blog")],
      { cwd: repoRoot, env: authorEnvironment(), encoding: "utf8" },
    );
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).toMatch(/ 0 problems/);
  });

  // Last: it breaks the build's redirects.
  it("npm run verify names a redirect page that leads elsewhere and a missing _redirects line", () => {
    const oldPage = join(site.dist, "blog/old-name/index.html");
    writeFileSync(oldPage, readFileSync(oldPage, "utf8").replaceAll(`/blog/${RENAMED}/`, "/blog/editorial-first/"));
    const rules = join(site.dist, "_redirects");
    writeFileSync(rules, readFileSync(rules, "utf8").replace(/^\/blog\/older-name\/.*\n/m, ""));
    const verify = spawnSync(
      process.execPath,
      [join(repoRoot, "scripts/verify.ts"), site.dist, join(site.root, "src/content/blog")],
      { cwd: repoRoot, env: authorEnvironment(), encoding: "utf8" },
    );
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain(
      "old slug old-name of editorial-renamed.md: its page's meta refresh leads to /blog/editorial-first/, not /blog/editorial-renamed/",
    );
    expect(verify.stdout).toContain(
      'old slug older-name of editorial-renamed.md: _redirects has no line "/blog/older-name/ /blog/editorial-renamed/ 301"',
    );
  });
});

describe("an old slug that another post holds", () => {
  it("stops the build and fails npm run check, naming both files", async () => {
    const site = createTempSite("blog-redirect-clash-");
    try {
      // A live post's slug (a post of src/content/blog), and an old slug two posts list.
      site.addPost(
        "clashing.md",
        `---\n${fine("Clashing")}\nredirectFrom: ["choosing-a-serialization-format", "shared-old-name"]\n---\nOne.\n`,
      );
      site.addPost("also-renamed.md", `---\n${fine("Also Renamed")}\nredirectFrom: ["shared-old-name"]\n---\nTwo.\n`);
      const build = await site.runAsync("build");
      expect(build.status, build.output).not.toBe(0);
      expect(build.output).toContain(
        'src/content/blog/clashing.md: redirectFrom.0: "choosing-a-serialization-format" is the slug of src/content/blog/choosing-a-serialization-format.md',
      );
      expect(build.output).toContain(
        'src/content/blog/clashing.md: redirectFrom.1: "shared-old-name" is also an old slug (redirectFrom) of src/content/blog/also-renamed.md',
      );
      expect(build.output).toContain(
        'src/content/blog/also-renamed.md: redirectFrom.0: "shared-old-name" is also an old slug (redirectFrom) of src/content/blog/clashing.md',
      );

      const check = spawnSync(process.execPath, [join(repoRoot, "scripts/check-content.ts"), "src/content/blog"], {
        cwd: site.root,
        env: authorEnvironment(),
        encoding: "utf8",
      });
      expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(1);
      expect(check.stdout).toMatch(
        /src\/content\/blog\/clashing\.md:\d+ {2}redirectFrom\.0 {2}error: "choosing-a-serialization-format" is the slug of src\/content\/blog\/choosing-a-serialization-format\.md/,
      );
      expect(check.stdout).toMatch(
        /src\/content\/blog\/also-renamed\.md:\d+ {2}redirectFrom\.0 {2}error: "shared-old-name" is also an old slug \(redirectFrom\) of src\/content\/blog\/clashing\.md/,
      );
    } finally {
      site.remove();
    }
  }, 300_000);
});

describe("renamed posts on the dev server", () => {
  // Two routes of one shape, blog/[slug] and blog/[from]: the dev server tries the next when a route's
  // getStaticPaths lacks the path (astro 7.3.5, dist/core/routing/dev.js). If that changes, this fails.
  it("serves the redirect page at an old URL and the post at its own", async () => {
    const site = createTempSite("blog-redirects-dev-");
    site.addPostsFrom(FIXTURES);
    const dev = startDevServer(site.root);
    try {
      const origin = await dev.ready();
      const html = async (path: string) => {
        const response = await fetch(`${origin}${path}`);
        expect(response.status, `${path}\n${dev.terminal().slice(-2000)}`).toBe(200);
        return parseHTML(await response.text()).document;
      };
      const redirect = await html("/blog/old-name/");
      expect(redirect.querySelector('meta[http-equiv="refresh"]')?.getAttribute("content")).toBe(
        `0; url=/blog/${RENAMED}/`,
      );
      expect((await html(`/blog/${RENAMED}/`)).querySelector("h1")?.textContent).toBe("Editorial Notes, Renamed");
      expect((await html(`/blog/${REVISED}/`)).querySelector("section.what-changed h2")?.textContent).toBe(
        "What changed",
      );
    } finally {
      dev.stop();
      site.remove();
    }
  }, 120_000);
});
