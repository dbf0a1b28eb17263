/**
 * Issue #16: `npm run dev` on a copy of the site. It starts with a post whose frontmatter is not YAML
 * (tests/fixtures/hostile/yaml-syntax), shows the post as broken, naming the file, the line and the error,
 * and serves it once the file is fixed, without a restart; a build still stops on it. And it serves SVGs
 * as a build does: sanitised (tests/fixtures/hostile/markup's hostile SVG cover and picture, and public/).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { startDevServer } from "#tests/support/dev-server.ts";

const YAML_FIXTURES = join(repoRoot, "tests/fixtures/hostile/yaml-syntax");
const MARKUP_FIXTURES = join(repoRoot, "tests/fixtures/hostile/markup");

/** Each fixture, its slug, and the line and error the dev server and the build name. */
const BROKEN = [
  ["unterminated-quote.md", 2, 'Missing closing "quote'],
  ["unclosed-flow-sequence.mdx", 6, "Flow sequence in block collection must be sufficiently indented and end with a ]"],
  ["bad-indentation.md", 4, "All mapping items must start at the same column"],
] as const;
const problemOf = (file: string, line: number) => `${BLOG_CONTENT_DIR}/${file}:${line}: frontmatter: malformed YAML: `;
const slugOf = (file: string) => file.replace(/\.mdx?$/, "");
/** What `"` and `]` look like in a page. */
const inHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
const fixed = (title: string) =>
  `---\ntitle: "${title}"\nexcerpt: "Fixed."\ndate: "2024-03-01"\ncategory: "Hostile Frontmatter"\n---\n\nFixed.\n`;

describe("a post whose frontmatter is not YAML", () => {
  it("npm run dev starts anyway, shows it as a broken post naming the file, the line and the error, and serves it once fixed", async () => {
    const site = createTempSite("blog-dev-yaml-");
    site.addPostsFrom(YAML_FIXTURES);
    const dev = startDevServer(site.root);
    try {
      const origin = await dev.ready();
      const get = async (path: string) => {
        const response = await fetch(`${origin}${path}`);
        return { status: response.status, html: await response.text() };
      };
      // The other posts are served as ever (a .md and an MDX post of the site).
      for (const path of ["/", "/blog/event-time-watermarks/", "/blog/exactly-once-kafka-to-spark/"]) {
        const { status, html } = await get(path);
        expect(status, path).toBe(200);
        if (path !== "/") expect(html, path).not.toContain("This post has an error");
      }
      for (const [file, line, error] of BROKEN) {
        const { status, html } = await get(`/blog/${slugOf(file)}/`);
        expect(status, file).toBe(200);
        expect(html, file).toContain("This post has an error");
        expect(html, file).toContain(inHtml(`${problemOf(file, line)}${error}`));
        expect(dev.terminal(), file).toContain(`${problemOf(file, line)}${error}`);
      }

      const page = async (slug: string) => (await get(`/blog/${slug}/`)).html;
      const served = (slug: string, title: string) => async () => {
        const html = await page(slug);
        return html.includes(`<h1`) && html.includes(title) && !html.includes("This post has an error");
      };
      site.addPost("unterminated-quote.md", fixed("The Title Ends After All"));
      site.addPost("unclosed-flow-sequence.mdx", fixed("The Tags Close After All"));
      await expect
        .poll(served("unterminated-quote", "The Title Ends After All"), { timeout: 20_000, interval: 500 })
        .toBe(true);
      await expect
        .poll(served("unclosed-flow-sequence", "The Tags Close After All"), { timeout: 20_000, interval: 500 })
        .toBe(true);
      // Broken again while the server runs: a broken post again (an MDX post is not compiled), and the overlay's check says why.
      site.addPost(
        "unclosed-flow-sequence.mdx",
        readFileSync(join(YAML_FIXTURES, "unclosed-flow-sequence.mdx"), "utf8"),
      );
      await expect
        .poll(async () => (await page("unclosed-flow-sequence")).includes("This post has an error"), {
          timeout: 20_000,
          interval: 500,
        })
        .toBe(true);
      expect(dev.terminal()).toMatch(
        /\[content-errors-overlay\] src\/content\/blog\/unclosed-flow-sequence\.mdx:6 +frontmatter +error: malformed YAML/,
      );
      expect((await get("/blog/bad-indentation/")).html).toContain("This post has an error");
    } finally {
      dev.stop();
      site.remove();
    }
  }, 120_000);

  it("still stops a build, naming each file, the line and the error", async () => {
    const site = createTempSite("blog-build-yaml-");
    try {
      site.addPostsFrom(YAML_FIXTURES);
      const { status, output } = await site.runAsync("build");
      expect(status, output).not.toBe(0);
      for (const [file, line, error] of BROKEN) expect(output).toContain(`${problemOf(file, line)}${error}`);
      expect(output).not.toContain("This post has an error");
    } finally {
      site.remove();
    }
  }, 120_000);
});

describe("SVGs on the dev server", () => {
  it("are served sanitised as a build serves them: a post's cover and picture (/@fs/, /_image) and public/", async () => {
    const site = createTempSite("blog-dev-svg-");
    const contentDir = join(site.root, BLOG_CONTENT_DIR);
    cpSync(join(MARKUP_FIXTURES, "hostile-svg-cover.md"), join(contentDir, "hostile-svg-cover.md"));
    cpSync(join(MARKUP_FIXTURES, "images"), join(contentDir, "images"), { recursive: true });
    mkdirSync(join(site.root, "public/blog"), { recursive: true });
    cpSync(join(MARKUP_FIXTURES, "images/hostile-cover.svg"), join(site.root, "public/blog/hostile-public.svg"));
    cpSync(join(MARKUP_FIXTURES, "images/hostile-inline.svg"), join(site.root, "public/blog/hostile-inline.svg"));
    // An SVG that is no XML at all is not served (a build fails on it).
    writeFileSync(
      join(site.root, "public/blog/not-xml.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>',
    );
    const dev = startDevServer(site.root);
    try {
      const origin = await dev.ready();
      const post = await (await fetch(`${origin}/blog/hostile-svg-cover/`)).text();
      // Every SVG the post's page uses from this server (the cover in its sizes, the picture, the icon).
      // (An SVG file's URL: "svg" as its extension or the image endpoint's format, not in a post's slug.)
      const used = [...post.matchAll(/(?:src|href|srcset)="(\/[^"\s]*(?:\.svg|[=&]svg|%2Esvg)[^"\s]*)/gi)].map(
        (match) => (match[1] ?? "").replaceAll("&amp;", "&"),
      );
      expect(used.filter((url) => url.startsWith("/_image")).length, post).toBeGreaterThanOrEqual(2);
      expect(
        used.some((url) => url.startsWith("/@fs/")),
        post,
      ).toBe(true);
      const urls = [
        ...new Set(used),
        `/@fs${contentDir}/images/hostile-cover.svg`,
        `/${BLOG_CONTENT_DIR}/images/hostile-inline.svg`,
        "/blog/hostile-public.svg",
        "/blog/hostile-inline.svg",
      ];
      for (const url of urls) {
        const response = await fetch(`${origin}${url}`);
        const svg = await response.text();
        expect(response.status, url).toBe(200);
        expect(response.headers.get("content-type"), url).toMatch(/^image\/svg\+xml/);
        expect(svg, url).toMatch(/^<svg[\s>]/);
        expect(svg, url).not.toMatch(/<script|<foreignObject|<handler|\son\w+\s*=|javascript:|attacker\.example/i);
        expect(Number(response.headers.get("content-length")), url).toBe(Buffer.byteLength(svg));
      }
      // Still the drawing it was.
      expect(await (await fetch(`${origin}/blog/hostile-public.svg`)).text()).toContain('viewBox="0 0 640 360"');
      expect(dev.terminal()).toMatch(
        /svg-safety.*src\/content\/blog\/images\/hostile-cover\.svg \(src\/content\/blog\/hostile-svg-cover\.md\): removed/,
      );
      const refused = await fetch(`${origin}/blog/not-xml.svg`);
      expect(refused.status).toBe(500);
      const message = await refused.text();
      expect(message).toContain("The SVG public/blog/not-xml.svg cannot be served: it is not well-formed XML");
      expect(message).not.toContain("<script");
    } finally {
      dev.stop();
      site.remove();
    }
  }, 120_000);
});
