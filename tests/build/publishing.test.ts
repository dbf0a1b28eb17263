/**
 * Issue #18, "Publishing": the fixtures of tests/fixtures/publishing/ built into one copy of the site. Each
 * rule is asserted against every output at once (tests/support/outputs.ts lists them): pages, lists, counts,
 * tag and category pages, the RSS, Atom and JSON feeds and the per-term feeds, the sitemap, the search index,
 * the Open Graph images, related posts, prev/next, the Markdown twins and llms.txt.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorEnvironment, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { startDevServer } from "#tests/support/dev-server.ts";
import { PUBLIC_POST_PLACES, readSiteOutputs, type SiteOutputs } from "#tests/support/outputs.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/publishing");
const PUBLIC_POSTS = [
  "editorial-first",
  "editorial-second",
  "editorial-renamed",
  "editorial-revised",
  "editorial-components",
];

describe("publishing rules in every output", () => {
  const site = createTempSite("blog-publishing-");
  site.addPostsFrom(FIXTURES);
  let outputs: SiteOutputs;
  let buildOutput = "";
  beforeAll(async () => {
    const build = await site.runAsync("build");
    buildOutput = build.output;
    expect(build.status, build.output).toBe(0);
    outputs = readSiteOutputs(site.dist);
  }, 240_000);
  afterAll(() => site.remove());
  const page = (slug: string) => parseHTML(outputs.read(`blog/${slug}/index.html`)).document;

  it("a public post is everywhere it belongs", () => {
    for (const slug of PUBLIC_POSTS) {
      const places = outputs.placesOf(slug);
      for (const place of PUBLIC_POST_PLACES) expect(places, `${slug}: ${buildOutput.slice(-2000)}`).toContain(place);
    }
    // The two public posts are each other's neighbours and related posts: the others are not between them.
    expect(outputs.placesOf("editorial-first")).toContain("other posts' prev/next");
    expect(outputs.placesOf("editorial-first")).toContain("other posts' related posts");
  });

  it("a post scheduled far in the future is nowhere: no page, list, count, feed, sitemap entry, search entry, card or twin", () => {
    expect(outputs.placesOf("scheduled-far-future")).toEqual([]);
    const everything = outputs.files.filter((file) => /\.(html|xml|json|txt|md)$/.test(file));
    expect(everything.filter((file) => outputs.read(file).includes("Scheduled for the Far Future"))).toEqual([]);
  });

  it("an unlisted post has its page (noindex) and its card, and nothing else names it", () => {
    const places = outputs.placesOf("shared-by-link");
    expect(places.filter((place) => place !== "its Markdown twin")).toEqual(["its page", "its Open Graph card"]);
    const document = page("shared-by-link");
    expect(document.querySelector('meta[name="robots"]')?.getAttribute("content")).toMatch(/noindex/);
    expect(document.querySelector("h1")?.textContent).toBe("Shared by Link Only");
    // Its own page has no prev/next and no related posts drawn from the listed ones' chain.
    expect(document.querySelector(".post-nav")).toBeNull();
    const everywhereElse = outputs.files.filter(
      (file) => /\.(html|xml|json|txt|md)$/.test(file) && !file.startsWith("blog/shared-by-link"),
    );
    expect(everywhereElse.filter((file) => outputs.read(file).includes("Shared by Link Only"))).toEqual([]);
  });

  it("counts only public posts: the tag and category pages say 9 posts", () => {
    const tags = parseHTML(outputs.read("tags/index.html")).document;
    const editorial = [...tags.querySelectorAll(".term-tile")].find((tile) =>
      tile.querySelector("a")?.getAttribute("href")?.endsWith("/tags/editorial/"),
    );
    expect(editorial?.querySelector(".term-tile__count")?.textContent?.trim()).toBe("9 posts");
  });

  it("npm run verify holds the build to the same rules", () => {
    const verify = spawnSync(
      process.execPath,
      [join(repoRoot, "scripts/verify.ts"), site.dist, join(site.root, "src/content/blog")],
      {
        cwd: repoRoot,
        env: authorEnvironment(),
        encoding: "utf8",
      },
    );
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).toMatch(/ 1 unlisted, \d+ drafts or scheduled, 0 problems/);
  });
});

describe("scheduled and unlisted posts on the dev server", () => {
  it("shows the scheduled post in the lists, marked with its date, and the unlisted one at its URL only", async () => {
    const site = createTempSite("blog-publishing-dev-");
    site.addPostsFrom(FIXTURES);
    const dev = startDevServer(site.root);
    try {
      const origin = await dev.ready();
      const html = async (path: string) => {
        const response = await fetch(`${origin}${path}`);
        expect(response.status, path).toBe(200);
        return parseHTML(await response.text()).document;
      };
      const archive = await html("/archive/");
      const scheduledItem = [...archive.querySelectorAll(".archive-item")].find((item) =>
        item.textContent?.includes("Scheduled for the Far Future"),
      );
      expect(scheduledItem?.querySelector(".draft-badge")?.textContent).toBe("Scheduled for January 1, 2999");
      const scheduled = await html("/blog/scheduled-far-future/");
      expect(scheduled.querySelector(".post-meta .draft-badge")?.textContent).toBe("Scheduled for January 1, 2999");
      expect(archive.body.textContent).not.toContain("Shared by Link Only");
      expect((await html("/blog/shared-by-link/")).querySelector("h1")?.textContent).toBe("Shared by Link Only");
    } finally {
      dev.stop();
      site.remove();
    }
  }, 120_000);
});
