/**
 * The public rule is written once (src/domain/post-visibility.ts). A copy of the site gets another rule
 * there, and only there: "a post dated before 2021 is retired: not public". A real build, `npm run verify`
 * and `npm run check` of that copy all follow it, in every output.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { authorEnvironment, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { listFiles } from "#tests/support/dist.ts";

const HIDDEN_TITLE = "A Post From Long Ago";
const post = (title: string, date: string, body: string) =>
  `---\ntitle: "${title}"\nexcerpt: "An excerpt."\ndate: "${date}"\ncategory: "Time Travel"\ntags: ["Chronology"]\n---\n\n${body}\n`;

describe("the public rule, changed in its one place", () => {
  const site = createTempSite("blog-public-rule-");
  afterAll(() => site.remove());
  // The tools run from the copy, so that they import its rule.
  cpSync(join(repoRoot, "scripts"), join(site.root, "scripts"), { recursive: true });
  cpSync(join(repoRoot, "tests/fixtures/xsd"), join(site.root, "tests/fixtures/xsd"), { recursive: true });
  cpSync(join(repoRoot, ".htmlvalidate.json"), join(site.root, ".htmlvalidate.json"));
  const rule = join(site.root, "src/domain/post-visibility.ts");
  const original = readFileSync(rule, "utf8");
  const draftRule = 'if (!post.published) return "draft";';
  expect(original).toContain(draftRule);
  writeFileSync(
    rule,
    original.replace(draftRule, `${draftRule}\n  if (post.date.getUTCFullYear() < 2021) return "draft";`),
  );
  site.addPost("long-ago.md", post(HIDDEN_TITLE, "2020-01-01", "It was retired long ago."));
  site.addPost("recent.md", post("A Recent Post", "2022-01-01", "Still current."));
  /** A tool of the copy (its rule) or of the repository (the unchanged rule), run on the copy. */
  const runTool = (script: string, from = site.root, args: string[] = []) =>
    spawnSync(process.execPath, [join(from, script), ...args], {
      cwd: site.root,
      env: authorEnvironment(),
      encoding: "utf8",
    });

  it("builds no page, list entry, feed item, sitemap URL, card or search entry for the post", async () => {
    const build = await site.runAsync("build");
    expect(build.status, build.output).toBe(0);
    expect(existsSync(join(site.dist, "blog/recent/index.html"))).toBe(true);
    expect(existsSync(join(site.dist, "blog/long-ago"))).toBe(false);
    expect(existsSync(join(site.dist, "og/long-ago.png"))).toBe(false);
    expect(existsSync(join(site.dist, "og/recent.png"))).toBe(true);
    // Nothing names it: pages (lists, tags, the category, the archive), feeds, the sitemap.
    const outputs = listFiles(site.dist).filter(
      (file) => /\.(html|xml|json)$/.test(file) && !file.startsWith("pagefind/"),
    );
    const text = (file: string) => readFileSync(join(site.dist, file), "utf8");
    expect(outputs.filter((file) => text(file).includes(HIDDEN_TITLE))).toEqual([]);
    for (const feed of ["rss.xml", "atom.xml", "feed.json", "tags/chronology/rss.xml"]) {
      expect(text(feed), feed).toContain("A Recent Post");
    }
    expect(outputs.filter((file) => text(file).includes("/blog/long-ago/"))).toEqual([]);
    const sitemaps = outputs.filter((file) => file.startsWith("sitemap"));
    expect(sitemaps.length).toBeGreaterThan(0);
    expect(sitemaps.filter((file) => text(file).includes("/blog/long-ago/"))).toEqual([]);
    expect(sitemaps.some((file) => text(file).includes("/blog/recent/"))).toBe(true);
    // The search index: Pagefind's fragments are gzipped JSON, one per indexed page.
    const fragments = readdirSync(join(site.dist, "pagefind/fragment")).map((name) =>
      gunzipSync(readFileSync(join(site.dist, "pagefind/fragment", name))).toString("utf8"),
    );
    expect(fragments.some((fragment) => fragment.includes("/blog/recent/"))).toBe(true);
    expect(fragments.filter((fragment) => fragment.includes("/blog/long-ago/"))).toEqual([]);
  }, 240_000);

  it("is the rule npm run verify holds the build to, and the one npm run check applies to links", () => {
    const verify = runTool("scripts/verify.ts");
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    // The repository's verify, with the unchanged rule, finds the post missing everywhere: it reads the rule too.
    const unchanged = runTool("scripts/verify.ts", repoRoot);
    expect(unchanged.status).toBe(1);
    expect(unchanged.stdout).toMatch(/long-ago/);

    // A link to the post is a link to a page the published site will not have.
    const posts = join(site.root, "check-posts");
    mkdirSync(posts);
    cpSync(join(site.root, BLOG_CONTENT_DIR, "long-ago.md"), join(posts, "long-ago.md"));
    writeFileSync(join(posts, "linking.md"), post("Linking", "2022-01-01", "Read [it](/blog/long-ago/)."));
    const check = runTool("scripts/check-content.ts", site.root, [posts]);
    expect(check.stdout).toMatch(/linking\.md:\d+ +body +error: links to \/blog\/long-ago\/, a draft/);
    expect(runTool("scripts/check-content.ts", repoRoot, [posts]).stdout).not.toMatch(/a draft/);
  });
});
