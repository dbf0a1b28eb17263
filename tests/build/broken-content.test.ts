import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTempSite } from "#scripts/lib/temp-site.ts";

const valid = `title: "Fine"\nexcerpt: "Fine."\ndate: "2024-01-01"\ncategory: "Guides"`;

/** Builds a copy of the site with extra posts; returns the exit status, output and whether a site came out. */
async function buildWith(posts: Record<string, string>) {
  const site = createTempSite("blog-broken-");
  try {
    for (const [name, contents] of Object.entries(posts)) site.addPost(name, contents);
    const result = await site.runAsync("build");
    return { ...result, producedSite: existsSync(join(site.dist, "index.html")) };
  } finally {
    site.remove();
  }
}

// One fault per case: the file to add, and what the build must say about it.
const CASES: [string, Record<string, string>, (string | RegExp)[]][] = [
  [
    "a missing required field",
    { "no-title.md": `---\nexcerpt: "E"\ndate: "2024-01-01"\ncategory: "C"\n---\nBody\n` },
    ["no-title", "title: expected a title, found nothing"],
  ],
  [
    "a wrong type",
    { "wrong-type.md": `---\n${valid}\nfeatured: "yes"\n---\nBody\n` },
    ["wrong-type", 'featured: expected true or false, found the text "yes"'],
  ],
  [
    "an unparsable date",
    { "bad-date.md": `---\ntitle: "T"\nexcerpt: "E"\ndate: "next tuesday"\ncategory: "C"\n---\nBody\n` },
    ["bad-date", 'date: expected a date as YYYY-MM-DD or an ISO date-time, found the text "next tuesday"'],
  ],
  [
    "updated before date",
    { "backwards.md": `---\n${valid}\nupdated: "2023-12-01"\n---\nBody\n` },
    ["backwards", "updated: expected a date on or after date (2024-01-01), found 2023-12-01"],
  ],
  [
    "a duplicate slug",
    {
      "first.md": `---\n${valid}\nslug: "same-slug"\n---\nOne\n`,
      "second.md": `---\n${valid}\nslug: "same-slug"\n---\nTwo\n`,
    },
    [
      /two posts have the slug "same-slug": src\/content\/blog\/(first|second)\.md and src\/content\/blog\/(first|second)\.md/,
    ],
  ],
  [
    "an unknown field",
    { "typo-post.md": `---\n${valid}\npublised: false\n---\nBody\n` },
    ["typo-post", 'publised: unknown field "publised": did you mean "published"?'],
  ],
  [
    "a slug that is not URL-safe",
    { "bad-slug.md": `---\n${valid}\nslug: "My Post!"\n---\nBody\n` },
    [
      "bad-slug",
      'slug: expected lowercase letters, digits and single hyphens (such as my-first-post), found the text "My Post!"',
    ],
  ],
  [
    "a file name that is not URL-safe",
    { "My Post.md": `---\n${valid}\n---\nBody\n` },
    ["src/content/blog/My Post.md: slug: expected a file name made of lowercase letters"],
  ],
  [
    "a missing public cover",
    { "no-public-cover.md": `---\n${valid}\ncoverImage: "/blog/nope.png"\n---\nBody\n` },
    ["no-public-cover", "coverImage: expected an image file at public/blog/nope.png, found no such file"],
  ],
  [
    "a missing relative cover",
    { "no-cover.md": `---\n${valid}\ncoverImage: "./missing.png"\n---\nBody\n` },
    ["src/content/blog/no-cover.md: coverImage: expected an image file at src/content/blog/missing.png"],
  ],
  [
    "malformed YAML",
    { "broken-yaml.md": `---\ntitle: "Unclosed\nexcerpt: "E"\ndate: "2024-01-01"\ncategory: "C"\n---\nBody\n` },
    ["broken-yaml.md", /YAML|bad indentation|unexpected end|missed comma|quote/i],
  ],
  [
    "an MDX syntax error",
    { "broken-mdx.mdx": `---\n${valid}\n---\n\n<Callout type="note">\nNever closed.\n` },
    ["broken-mdx.mdx", /closing tag for `<Callout>`/],
  ],
  [
    "an unclosed code fence (.md)",
    { "open-fence.md": `---\n${valid}\n---\n\n\`\`\`python\nprint(1)\n\nThe rest of the post.\n` },
    ["open-fence.md", 'the code fence "```python" is never closed', "this post could not be rendered"],
  ],
  [
    "an unclosed code fence (.mdx)",
    { "open-fence.mdx": `---\n${valid}\n---\n\n\`\`\`sql\nSELECT 1;\n` },
    ["open-fence.mdx", 'the code fence "```sql" is never closed'],
  ],
  [
    "MDX code that reaches the machine",
    { "reads-the-machine.mdx": readFileSync("tests/fixtures/hostile/mdx-code/reads-the-machine.mdx", "utf8") },
    [
      'src/content/blog/reads-the-machine.mdx:8: import "node:fs" is not allowed in a post',
      'src/content/blog/reads-the-machine.mdx:11: "process" is not allowed',
    ],
  ],
];

describe.concurrent("a broken post stops the build, naming the file and what to fix", () => {
  it.each(CASES)("%s", async (_name, posts, expected) => {
    const { status, output, producedSite } = await buildWith(posts);
    expect(status, output).not.toBe(0);
    expect(producedSite, "no site with the post silently missing").toBe(false);
    // The error is the last word: no trace from a drawing process the failed build left behind.
    expect(output).not.toMatch(/ERR_IPC_CHANNEL_CLOSED|ERR_IPC/);
    for (const text of expected) {
      if (typeof text === "string") expect(output).toContain(text);
      else expect(output).toMatch(text);
    }
  });
});

describe("a post whose MDX never finishes rendering", () => {
  it("is named by the build within a minute of the hang, and the build stops", async () => {
    const started = performance.now();
    const { status, output } = await buildWith({
      "never-finishes.mdx": readFileSync("tests/fixtures/hostile/mdx-code/never-finishes.mdx", "utf8"),
    });
    const seconds = (performance.now() - started) / 1000;
    expect(status, output).not.toBe(0);
    expect(output).toContain(
      "src/content/blog/never-finishes.mdx: error: rendering this post has not finished after 30 s: its MDX code is still running, at `for (;;);`",
    );
    // Node's inspector notices stay out of the reader's way.
    expect(output).not.toMatch(/Debugger (listening|attached)|ERR_IPC/);
    // The whole build, with its 30 s of grace: well under a minute more than a build takes on a busy machine.
    expect(seconds, output).toBeLessThan(120);
  }, 180_000);
});
