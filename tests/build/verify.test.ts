import { createHash } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { verifySite } from "#scripts/lib/verify-site.ts";
import { siteConfig } from "#src/site.config.ts";
import { listFiles, readPage } from "#tests/support/dist.ts";

const distDir = inject("distDir");
const siteRoot = inject("siteRoot");

const options = (dist: string, contentDir = join(siteRoot, "src/content/blog"), base = "/") => ({
  distDir: dist,
  contentDir,
  siteUrl: siteConfig.url,
  base,
  feedLimit: siteConfig.feedLimit,
  xsdDir: join(repoRoot, "tests/fixtures/xsd"),
  htmlValidateConfig: join(repoRoot, ".htmlvalidate.json"),
});

describe("npm run verify", () => {
  it("finds every published post everywhere, no draft, every link resolving, valid HTML and XML", async () => {
    const report = await verifySite(options(distDir));
    expect(report.problems).toEqual([]);
    expect(report.published).toBeGreaterThanOrEqual(8);
    expect(report.drafts).toBeGreaterThanOrEqual(1);
    expect(report.linksChecked).toBeGreaterThan(500);
  }, 120_000);

  describe("on a damaged copy of the build", () => {
    const copy = mkdtempSync(join(tmpdir(), "blog-damaged-"));
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it("reports each damage", async () => {
      cpSync(distDir, copy, { recursive: true });
      // A post dropped from its tag page, a draft's title leaked, a dead link, a dead anchor, invalid HTML.
      const tagPage = join(copy, "tags/avro/index.html");
      writeFileSync(
        tagPage,
        readFileSync(tagPage, "utf8").replace(/<article class="post-card[ "][\s\S]*?<\/article>/, ""),
      );
      appendFileSync(join(copy, "archive/index.html"), "<!-- Kafka Tiered Storage in Practice -->");
      const about = join(copy, "categories/index.html");
      writeFileSync(
        about,
        readFileSync(about, "utf8").replace(
          "</main>",
          '<a href="/blog/no-such-post/">x</a><a href="/archive/#no-such-id">y</a><p><div></p></main>',
        ),
      );
      unlinkSync(join(copy, "og/event-time-watermarks.png"));
      const problems = (await verifySite(options(copy))).problems.join("\n");
      expect(problems).toContain("choosing-a-serialization-format.md is missing from the tag page /tags/avro/");
      expect(problems).toContain("archive/index.html contains the title of draft kafka-tiered-storage.md");
      expect(problems).toContain("categories/: /blog/no-such-post/ does not resolve to a file in dist/");
      expect(problems).toContain(
        "categories/: /archive/#no-such-id points to #no-such-id, which archive/index.html lacks",
      );
      expect(problems).toMatch(/categories\/index\.html:\d+:\d+ [\w-]+: /);
      expect(problems).toContain("event-time-watermarks.md is missing from the Open Graph images");
    }, 120_000);
  });
});

describe("output safety in npm run verify", () => {
  const copy = mkdtempSync(join(tmpdir(), "blog-unsafe-"));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  const edit = (file: string, change: (text: string) => string) => {
    const path = join(copy, file);
    const before = readFileSync(path, "utf8");
    const after = change(before);
    if (after === before) throw new Error(`the damage to ${file} changed nothing`);
    writeFileSync(path, after);
  };

  it("reports each live thing in a page, a drawing or a feed, and each feed that is not strict XML or JSON", async () => {
    cpSync(distDir, copy, { recursive: true });
    const post = "blog/building-real-time-data-pipelines/";
    const postUrl = `${siteConfig.url}/${post}`;
    edit(`${post}index.html`, (html) => html.replace("</main>", '<a href="javascript:alert(1)">x</a></main>'));
    edit("favicon.svg", (svg) => svg.replace("<svg ", '<svg onload="alert(1)" '));
    writeFileSync(
      join(copy, "_astro/diagram.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><script>alert(1)</script><rect width="8" height="8"/></svg>',
    );
    // The post's body in each feed: Atom carries it in CDATA, RSS escaped; a tag feed is checked like the main one.
    edit("atom.xml", (xml) =>
      xml.replace(
        new RegExp(`(<id>${postUrl}</id>[\\s\\S]*?<content type="html"><!\\[CDATA\\[)`),
        '$1<a href="vbscript:msgbox(1)">x</a>',
      ),
    );
    const tagFeed = readdirSync(join(copy, "tags"))
      .map((tag) => `tags/${tag}/rss.xml`)
      .find((file) => readFileSync(join(copy, file), "utf8").includes(`<link>${postUrl}</link>`));
    if (!tagFeed) throw new Error(`no tag feed carries ${post}`);
    edit(tagFeed, (xml) =>
      xml.replace(
        new RegExp(`(<link>${postUrl}</link>[\\s\\S]*?<content:encoded>)`),
        '$1&lt;img src="/x.png" alt="" onerror="alert(1)"&gt;',
      ),
    );
    edit("rss.xml", (xml) => xml.replace("</description>", "\u000b</description>"));
    edit("feed.json", (json) => json.slice(0, json.length / 2));

    const problems = (await verifySite(options(copy))).problems;
    const joined = problems.join("\n");
    expect(joined).toContain(`${post}index.html: script URL <a href="javascript:alert(1)">`);
    expect(joined).toContain('favicon.svg: event handler <svg onload="alert(1)">');
    expect(joined).toContain("_astro/diagram.svg: <script> element");
    expect(joined).toContain(`atom.xml (${postUrl}): script URL <a href="vbscript:msgbox(1)"> in a feed body`);
    expect(joined).toContain(`${tagFeed} (${postUrl}): event handler <img onerror="alert(1)"> in a feed body`);
    expect(joined).toMatch(/^rss\.xml:1: not well-formed XML \(.*invalid Char value 11/m);
    expect(joined).toMatch(/^feed\.json: invalid JSON \(/m);
    // Every safety problem names its file first.
    const safety = problems.filter((problem) => /event handler|script URL|<script>|not well-formed/.test(problem));
    expect(safety.length).toBeGreaterThanOrEqual(6);
    for (const problem of safety) expect(problem).toMatch(/^[\w./-]+\.(html|svg|xml|json)(:\d+)?( \([^)]+\))?: /);
  }, 120_000);
});

describe("tag and category feeds in npm run verify", () => {
  const copy = mkdtempSync(join(tmpdir(), "blog-term-feed-"));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("expect a term's newest posts in its feed, as many as the feed limit", async () => {
    cpSync(distDir, copy, { recursive: true });
    // A tag feed without its oldest item: what a feed looks like once the tag has more posts than the limit.
    const feeds = readdirSync(join(copy, "tags"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ tag: entry.name, file: join(copy, "tags", entry.name, "rss.xml") }));
    const itemsOf = (file: string) => readFileSync(file, "utf8").match(/<item>[\s\S]*?<\/item>/g) ?? [];
    const feed = feeds.find(({ file }) => itemsOf(file).length >= 2);
    if (!feed) throw new Error("the test build has no tag with two posts");
    const items = itemsOf(feed.file);
    writeFileSync(feed.file, readFileSync(feed.file, "utf8").replace(items.at(-1) as string, ""));
    const missing = `is missing from the feed of tag ${feed.tag}`;

    const withLimit = (feedLimit: number) => verifySite({ ...options(copy), feedLimit });
    expect((await withLimit(siteConfig.feedLimit)).problems.join("\n")).toContain(missing);
    // With a limit one below the tag's post count, the oldest post belongs in no feed of the tag.
    expect((await withLimit(items.length - 1)).problems.join("\n")).not.toContain(missing);
  }, 120_000);
});

describe("headers and policy", () => {
  it("every page has a Content-Security-Policy with hashed scripts and styles, never 'unsafe-inline'", () => {
    for (const page of ["index.html", "blog/building-real-time-data-pipelines/index.html", "search/index.html"]) {
      const html = readFileSync(join(distDir, page), "utf8");
      const policy = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
      const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? "";
      expect(scriptSrc, page).toMatch(/'sha256-/);
      expect(policy, page).not.toContain("unsafe-inline");
      expect(policy, page).toContain("default-src 'self'");
      expect(html, page).not.toMatch(/\sstyle="/);
    }
  });

  it("each page's policy names exactly the hashes of its own inline scripts and styles (src/middleware.ts)", () => {
    const pages = listFiles(distDir).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) {
      const html = readFileSync(join(distDir, page), "utf8");
      const policy = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
      const listed = new Set(policy.match(/'sha256-[^']+'/g) ?? []);
      const own = new Set(
        [...readPage(distDir, `/${page}`).querySelectorAll("script:not([src]), style")]
          // JSON-LD is data, never run: the policy does not cover it.
          .filter((element) => element.getAttribute("type") !== "application/ld+json")
          .map(
            (element) =>
              `'sha256-${createHash("sha256")
                .update(element.textContent ?? "")
                .digest("base64")}'`,
          ),
      );
      // Every inline script and style runs (its hash is listed), and nothing else is allowed.
      expect(listed, page).toEqual(own);
    }
  });

  it("ships _headers with the security headers and immutable caching for /_astro/", () => {
    const headers = readFileSync(join(distDir, "_headers"), "utf8");
    for (const header of [
      "frame-ancestors 'none'",
      "X-Content-Type-Options: nosniff",
      "Referrer-Policy:",
      "Permissions-Policy:",
    ]) {
      expect(headers).toContain(header);
    }
    expect(headers).toMatch(/\/_astro\/\*\n\s+Cache-Control: public, max-age=31536000, immutable/);
  });
});

describe("served under a sub-path (BASE_PATH=/notes/)", () => {
  const site = createTempSite("blog-base-");
  afterAll(() => site.remove());

  it("keeps every link, feed, image and the search index working", async () => {
    const build = await site.runAsync("build", { BASE_PATH: "/notes/" });
    expect(build.status, build.output).toBe(0);
    const report = await verifySite(options(site.dist, join(site.root, "src/content/blog"), "/notes/"));
    expect(report.problems).toEqual([]);
    const rss = readFileSync(join(site.dist, "rss.xml"), "utf8");
    expect(rss).toContain(`<link>${siteConfig.url}/notes/blog/building-real-time-data-pipelines/</link>`);
    expect(rss).toContain('href="/notes/rss.xsl"');
    const post = readFileSync(join(site.dist, "blog/building-real-time-data-pipelines/index.html"), "utf8");
    expect(post).toContain('src="/notes/blog/data-pipeline-architecture.png"');
    expect(post).toContain(`content="${siteConfig.url}/notes/og/building-real-time-data-pipelines.png"`);
    expect(readFileSync(join(site.dist, "robots.txt"), "utf8")).toContain(`${siteConfig.url}/notes/sitemap-index.xml`);
  }, 180_000);
});
