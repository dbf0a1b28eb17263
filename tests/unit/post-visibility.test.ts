/**
 * The public rule is written once (src/domain/post-visibility.ts). Flipped here, for one post that is published
 * in its frontmatter, every reader follows it: the blog index, the sitemap's lastmod, the Open Graph cards and
 * the content check's routes. (The build and `npm run verify` ask the same function.)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

vi.mock("#src/domain/post-visibility.ts", () => {
  // Hidden by the rule, not by its frontmatter: "hidden-by-rule" says published: true.
  const postVisibility = (post: { published: boolean; title?: string }) =>
    post.published && post.title !== "Hidden by the rule" ? "public" : "draft";
  return {
    BUILD_TIME: new Date(),
    postVisibility,
    isPublicPost: (post: { published: boolean; title?: string }) => postVisibility(post) === "public",
    hasPublicPage: (post: { published: boolean; title?: string }) => postVisibility(post) === "public",
  };
});

const { buildBlogIndex } = await import("#src/domain/blog-index.ts");
const { postLastModified } = await import("#build/content/sitemap-lastmod.ts");
const { cardsFromContent } = await import("#build/og/cards.ts");
const { checkContent } = await import("#src/domain/content-check.ts");

const dir = mkdtempSync(join(tmpdir(), "post-visibility-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const post = (title: string, slug: string) =>
  `---\ntitle: "${title}"\nexcerpt: "An excerpt."\ndate: "2024-01-02"\ncategory: "Notes"\npublished: true\n---\n\nSee [the other post](/blog/${slug === "shown" ? "hidden-by-rule" : "shown"}/).\n`;
writeFileSync(join(dir, "shown.md"), post("Shown", "shown"));
writeFileSync(join(dir, "hidden-by-rule.md"), post("Hidden by the rule", "hidden-by-rule"));

describe("the one public rule", () => {
  it("is followed by the blog index", () => {
    const data = (title: string) => ({
      title,
      date: new Date("2024-01-02"),
      updated: undefined,
      tags: [],
      category: "Notes",
      featured: false,
      published: true,
      unlisted: false,
    });
    const index = buildBlogIndex(
      [
        { slug: "shown", data: data("Shown") },
        { slug: "hidden-by-rule", data: data("Hidden by the rule") },
      ],
      { preview: false },
    );
    expect(index.posts.map((entry) => entry.slug)).toEqual(["shown"]);
  });

  it("is followed by the sitemap's lastmod and the Open Graph cards", async () => {
    expect([...(await postLastModified(dir)).keys()]).toEqual(["/blog/shown/"]);
    const cards = (await cardsFromContent(dir)).map((card) => card.file);
    expect(cards).not.toContain("hidden-by-rule.png");
    expect(cards).toContain("shown.png");
  });

  it("is followed by the content check: a link to the hidden post is a link to a draft", async () => {
    const files = ["shown.md", "hidden-by-rule.md"].map((name) => ({
      path: join(dir, name),
      source: post(name === "shown.md" ? "Shown" : "Hidden by the rule", name.replace(".md", "")),
    }));
    const problems = await checkContent(files, { fileExists: existsSync });
    expect(problems.map((problem) => `${problem.file}: ${problem.message}`).join("\n")).toMatch(
      /shown\.md: .*\/blog\/hidden-by-rule\/, a draft/,
    );
  });
});
