import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTempSite } from "../support/temp-site.ts";

const valid = `title: "Fine"\nexcerpt: "Fine."\ndate: "2024-01-01"\ncategory: "Guides"`;

/** Builds a copy of the site with extra posts and returns the exit status and output. */
function buildWith(posts: Record<string, string>) {
  const site = createTempSite("blog-broken-");
  try {
    for (const [name, contents] of Object.entries(posts)) site.addPost(name, contents);
    const result = site.run("build");
    return { ...result, producedSite: existsSync(join(site.dist, "index.html")) };
  } finally {
    site.remove();
  }
}

describe("a broken post stops the build, naming the file and the field", () => {
  it("a misspelled field (publised)", () => {
    const { status, output, producedSite } = buildWith({
      "typo-post.md": `---\n${valid}\npublised: false\n---\nBody\n`,
    });
    expect(status).not.toBe(0);
    expect(producedSite).toBe(false);
    expect(output).toContain("typo-post");
    expect(output).toContain('publised: unknown field "publised": did you mean "published"?');
  });

  it("two posts with one slug", () => {
    const { status, output } = buildWith({
      "first.md": `---\n${valid}\nslug: "same-slug"\n---\nOne\n`,
      "second.md": `---\n${valid}\nslug: "same-slug"\n---\nTwo\n`,
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(
      /two posts have the slug "same-slug": src\/content\/blog\/(first|second)\.md and src\/content\/blog\/(first|second)\.md/,
    );
  });

  it("a cover image that does not exist", () => {
    const { status, output } = buildWith({ "no-cover.md": `---\n${valid}\ncoverImage: "./missing.png"\n---\nBody\n` });
    expect(status).not.toBe(0);
    expect(output).toContain(
      "src/content/blog/no-cover.md: coverImage: expected an image file at src/content/blog/missing.png",
    );
  });
});
