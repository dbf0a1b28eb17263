/**
 * Issue #18, "Markdown twins, llms.txt, tag and category descriptions": the publishing fixtures
 * (tests/fixtures/publishing/) built into one copy of the site, with the fixtures' taxonomy.yaml as its
 * src/content/taxonomy.yaml. Every public post has a twin at /blog/<slug>.md, read here as Markdown with a
 * real parser; llms.txt lists exactly the public posts' twins; the tag and category pages say what the
 * taxonomy file says.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { markdownToMdast } from "satteri";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPostFiles } from "#build/content/post-files.ts";
import { authorEnvironment, createTempSite, repoRoot } from "#scripts/lib/temp-site.ts";
import { postVisibility } from "#src/domain/post-visibility.ts";
import { siteConfig } from "#src/site.config.ts";
import { readSiteOutputs, type SiteOutputs } from "#tests/support/outputs.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/publishing");
const ORIGIN = siteConfig.url;

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  alt?: string;
  depth?: number;
  children?: MdNode[];
}

const textOf = (node: MdNode): string =>
  node.type === "text" || node.type === "inlineCode" ? (node.value ?? "") : (node.children ?? []).map(textOf).join("");

function nodesOf(tree: MdNode, type: string): MdNode[] {
  const found: MdNode[] = [];
  const stack = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === type) found.push(node);
    stack.push(...[...(node.children ?? [])].reverse());
  }
  return found;
}

describe("Markdown twins, llms.txt and the taxonomy file in a build", () => {
  const site = createTempSite("blog-twins-");
  site.addPostsFrom(FIXTURES);
  copyFileSync(join(FIXTURES, "taxonomy.yaml"), join(site.root, "src/content/taxonomy.yaml"));
  const contentDir = join(site.root, "src/content/blog");
  let outputs: SiteOutputs;
  let publicPosts: { slug: string; title: string; excerpt: string }[] = [];
  let hidden: string[] = [];
  let unlisted: string[] = [];
  beforeAll(async () => {
    const build = await site.runAsync("build");
    expect(build.status, build.output.slice(-4000)).toBe(0);
    outputs = readSiteOutputs(site.dist);
    const posts = (await readPostFiles(contentDir)).flatMap(({ slug, data }) =>
      data ? [{ slug, title: data.title, excerpt: data.excerpt, visibility: postVisibility(data) }] : [],
    );
    publicPosts = posts.filter((post) => post.visibility === "public");
    unlisted = posts.filter((post) => post.visibility === "unlisted").map((post) => post.slug);
    hidden = posts
      .filter((post) => post.visibility === "draft" || post.visibility === "scheduled")
      .map((post) => post.slug);
  }, 300_000);
  afterAll(() => site.remove());

  const twin = (slug: string) => outputs.read(`blog/${slug}.md`);
  const tree = (slug: string) => markdownToMdast(twin(slug), { features: { gfm: true } }) as MdNode;
  /** The file in dist/ an absolute URL of the site names, or undefined. */
  const fileOf = (url: string) => {
    if (!url.startsWith(`${ORIGIN}/`)) return undefined;
    const file = decodeURI(url.slice(ORIGIN.length + siteConfig.base.length));
    return existsSync(join(site.dist, file)) ? file : undefined;
  };
  const document = (file: string) => parseHTML(outputs.read(file)).document;

  it("gives every public post a twin: its title, URL, date, author and tags, then its body", () => {
    expect(publicPosts.map((post) => post.slug)).toEqual(
      expect.arrayContaining(["editorial-first", "editorial-components"]),
    );
    for (const post of publicPosts) {
      expect(outputs.placesOf(post.slug), post.slug).toEqual(expect.arrayContaining(["its Markdown twin", "llms.txt"]));
      const root = tree(post.slug);
      const [heading, list, quote, rule] = root.children ?? [];
      expect([heading?.type, heading?.depth, heading && textOf(heading)]).toEqual(["heading", 1, post.title]);
      const facts = (list?.children ?? []).map(textOf);
      expect(facts).toContain(`URL: ${ORIGIN}${siteConfig.base}blog/${post.slug}/`);
      expect(facts.some((fact) => /^Published: \d{4}-\d{2}-\d{2}/.test(fact))).toBe(true);
      expect(facts.some((fact) => fact.startsWith("Author: "))).toBe(true);
      expect(quote && textOf(quote)).toBe(post.excerpt);
      expect(rule?.type).toBe("thematicBreak");
    }
    const first = twin("editorial-first");
    expect(first).toContain("- **Tags:** Editorial Desk");
    expect(
      first.trimEnd().endsWith("A public post. Its related posts and neighbours are the other public posts."),
    ).toBe(true);
  });

  it("writes an MDX post's components as Markdown, without its imports and exports", () => {
    const markdown = twin("editorial-components");
    const root = tree("editorial-components");
    expect(markdown).not.toMatch(/^(import|export) /m);
    expect(markdown).not.toMatch(/<(Callout|Figure|Details|Diagram|svg)\b|[{}]/);
    expect(markdown).toContain("A public post written in MDX, with a literal expression. Its twin links the [archive]");
    // The Callout: a blockquote under its title in bold.
    const quote = (root.children ?? []).find((node) => node.type === "blockquote" && textOf(node).startsWith("Twins"));
    expect(quote?.children?.[0]?.children?.[0]?.type).toBe("strong");
    expect(quote && textOf(quote)).toBe("Twins are MarkdownA callout becomes a blockquote under its title.");
    // The Figures: images at URLs the site serves, with the caption under the first.
    const images = nodesOf(root, "image");
    expect(images.map((image) => image.alt)).toEqual([
      "Events plotted by event time against processing time",
      "Four steps of a micro-batch",
    ]);
    for (const image of images) expect(fileOf(image.url ?? ""), image.url).toBeDefined();
    expect(markdown).toContain("*A figure becomes its image and its caption.*");
    // Details: the summary in bold, then the content; the Diagram: its description and caption.
    expect(markdown).toContain("**What becomes of details?**\n\nIts summary in bold, then its content.");
    expect(markdown).toContain("**Diagram:** Two boxes joined by an arrow.\n\n*A diagram becomes its words.*");
    // Links are absolute.
    expect(nodesOf(root, "link").map((link) => link.url)).toContain(`${ORIGIN}/archive/`);
  });

  it("keeps a Markdown post's body as written, its relative image at a URL the site serves", () => {
    const images = nodesOf(tree("event-time-watermarks"), "image");
    expect(images).toHaveLength(1);
    expect(fileOf(images[0]?.url ?? ""), images[0]?.url).toMatch(/^_astro\/event-time-watermark\..+\.png$/);
  });

  it("links each post page to its twin from the head, and no other page", () => {
    for (const slug of [...publicPosts.map((post) => post.slug), ...unlisted]) {
      const links = document(`blog/${slug}/index.html`).querySelectorAll('link[rel="alternate"][type="text/markdown"]');
      expect(
        [...links].map((link) => link.getAttribute("href")),
        slug,
      ).toEqual([`${siteConfig.base}blog/${slug}.md`]);
    }
    for (const file of ["index.html", "blog/index.html", "tags/editorial/index.html"]) {
      expect(document(file).querySelector('link[type="text/markdown"]'), file).toBeNull();
    }
  });

  it("gives no draft or scheduled post a twin, and an unlisted one a twin reachable by its link only", () => {
    expect(hidden).toEqual(expect.arrayContaining(["scheduled-far-future"]));
    for (const slug of hidden) {
      expect(outputs.files, slug).not.toContain(`blog/${slug}.md`);
      expect(outputs.placesOf(slug), slug).toEqual([]);
    }
    expect(unlisted).toEqual(["shared-by-link"]);
    expect(outputs.placesOf("shared-by-link")).toEqual(["its page", "its Open Graph card", "its Markdown twin"]);
    expect(twin("shared-by-link")).toContain("Only people with the link read this.");
  });

  it("lists exactly the public posts in llms.txt, each as its twin's URL and its excerpt", () => {
    const text = outputs.read("llms.txt");
    const root = markdownToMdast(text) as MdNode;
    const [title, description] = root.children ?? [];
    expect([title?.type, title?.depth, title && textOf(title)]).toEqual(["heading", 1, siteConfig.title]);
    expect([description?.type, description && textOf(description)]).toEqual(["blockquote", siteConfig.description]);
    const sections = (root.children ?? []).filter((node) => node.type === "heading" && node.depth === 2).map(textOf);
    expect(sections).toEqual(["Posts", "Optional"]);
    const lists = (root.children ?? []).filter((node) => node.type === "list");
    const posts = (lists[0]?.children ?? []).map((item) => {
      const [link, ...notes] = item.children?.[0]?.children ?? [];
      return { url: link?.url, title: link && textOf(link), notes: notes.map(textOf).join("") };
    });
    expect(new Set(posts.map((post) => post.url))).toEqual(
      new Set(publicPosts.map((post) => `${ORIGIN}${siteConfig.base}blog/${post.slug}.md`)),
    );
    expect(posts).toHaveLength(publicPosts.length);
    for (const post of publicPosts) {
      const line = posts.find((listed) => listed.url?.endsWith(`/blog/${post.slug}.md`));
      expect(line, post.slug).toEqual({ url: line?.url, title: post.title, notes: `: ${post.excerpt}` });
      expect(fileOf(line?.url ?? ""), post.slug).toBe(`blog/${post.slug}.md`);
    }
    expect(text).not.toContain("shared-by-link");
  });

  it("shows the taxonomy file's names and descriptions on tag and category pages and in their feeds", () => {
    const tag = document("tags/editorial/index.html");
    expect(tag.querySelector("h1")?.textContent).toBe("Editorial Desk");
    const description = "How this blog is made and published: the fixtures of the publishing rules.";
    expect(tag.querySelector(".term-header__description")?.textContent).toBe(description);
    expect(tag.querySelector('meta[name="description"]')?.getAttribute("content")).toBe(description);
    expect(outputs.read("tags/editorial/rss.xml")).toContain(`<description>${description}</description>`);
    const category = document("categories/publishing/index.html");
    expect(category.querySelector("h1")?.textContent).toBe("Publishing");
    expect(category.querySelector(".term-header__description")?.textContent).toBe("Posts about the publishing rules.");
    // A term the file does not describe has no description.
    expect(document("tags/apache-kafka/index.html").querySelector(".term-header__description")).toBeNull();
  });

  it("serves twins as UTF-8 Markdown on Netlify and Cloudflare Pages", () => {
    expect(outputs.read("_headers")).toMatch(/^\/blog\/\*\.md\n {2}Content-Type: text\/markdown; charset=utf-8$/m);
  });

  it("npm run verify passes: every public post has a twin, no hidden one does, llms.txt lists the public ones", () => {
    const verify = spawnSync(process.execPath, [join(repoRoot, "scripts/verify.ts"), site.dist, contentDir], {
      cwd: repoRoot,
      env: authorEnvironment(),
      encoding: "utf8",
    });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  }, 120_000);

  // Last: it changes dist/.
  it("npm run verify names a missing twin and an llms.txt that lists the wrong posts", () => {
    rmSync(join(site.dist, "blog/editorial-first.md"));
    const llms = readFileSync(join(site.dist, "llms.txt"), "utf8")
      .split("\n")
      .filter((line) => !line.includes("/blog/editorial-second.md"))
      .join("\n")
      .replace(
        "## Posts\n\n",
        `## Posts\n\n- [Shared](${ORIGIN}${siteConfig.base}blog/shared-by-link.md): Unlisted.\n`,
      );
    writeFileSync(join(site.dist, "llms.txt"), llms);
    const verify = spawnSync(process.execPath, [join(repoRoot, "scripts/verify.ts"), site.dist, contentDir], {
      cwd: repoRoot,
      env: authorEnvironment(),
      encoding: "utf8",
    });
    expect(verify.status).toBe(1);
    const twinUrl = (slug: string) => `${ORIGIN}${siteConfig.base}blog/${slug}.md`;
    expect(verify.stdout).toContain("published post editorial-first.md is missing from its Markdown twin");
    expect(verify.stdout).toContain(`llms.txt does not list ${twinUrl("editorial-second")}`);
    expect(verify.stdout).toContain(`llms.txt lists ${twinUrl("shared-by-link")}, which is no public post's twin`);
  }, 120_000);
});
