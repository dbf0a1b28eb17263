/**
 * The content boundary (src/domain/content-boundary.ts, build/integrations/content-boundary.ts): every file
 * a post uses is inside the content folder, src/assets/ or public/, through every link. Each case builds a
 * copy of the site with one post from tests/fixtures/hostile/boundary/ that names a canary outside the copy
 * (in a folder of os.tmpdir()); the build fails naming the post and the path as written, and neither the
 * output nor dist/ holds the canary's bytes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTempSite, repoRoot, type TempSite } from "#scripts/lib/temp-site.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";
import { listFiles } from "#tests/support/dist.ts";

const FIXTURES = join(repoRoot, "tests/fixtures/hostile/boundary");
const SECRET = `CANARY-${Math.random().toString(36).slice(2, 10)}-NOT-FOR-PUBLICATION`;

// Outside every copy of the site: a real PNG with the secret after its end (a copy of it would carry the
// secret into dist/), and a text file whose first line is the secret.
const outside = mkdtempSync(join(tmpdir(), "blog-boundary-canary-"));
const png = readFileSync(join(repoRoot, BLOG_CONTENT_DIR, "images/event-time-watermark.png"));
writeFileSync(join(outside, "canary.png"), Buffer.concat([png, Buffer.from(SECRET)]));
writeFileSync(join(outside, "canary.txt"), `${SECRET}\nsecond line\n`);

/** A fixture post with its placeholders filled in for this copy of the site. */
function fixture(site: TempSite, name: string): string {
  const contentDir = join(site.root, BLOG_CONTENT_DIR);
  return readFileSync(join(FIXTURES, name), "utf8")
    .replaceAll("{{OUTSIDE_FROM_PUBLIC}}", relative(join(site.root, "public"), outside))
    .replaceAll("{{OUTSIDE}}", relative(contentDir, outside))
    .replaceAll("{{SECRET}}", SECRET);
}

interface Case {
  name: string;
  /** The fixture to add (or, for a link, the one to link to). */
  post: string;
  /** Puts the post (and any link) into the copy; defaults to adding the fixture as it is. */
  setup?: (site: TempSite) => void;
  /** What the output must say: the post file, the field or kind, the path as written. */
  says: (site: TempSite) => (string | RegExp)[];
}

const up = (site: TempSite) => relative(join(site.root, BLOG_CONTENT_DIR), outside);
const upFromPublic = (site: TempSite) => relative(join(site.root, "public"), outside);
const OUTSIDE_THEM = "leads outside them";

const CASES: Case[] = [
  {
    name: "a relative cover",
    post: "cover-relative.md",
    says: (site) => [
      `src/content/blog/cover-relative.md: coverImage: expected a file inside src/content/blog/, src/assets/ or public/, found the path "${up(site)}/canary.png", which ${OUTSIDE_THEM}`,
    ],
  },
  {
    name: "a public-path cover",
    post: "cover-public.md",
    says: (site) => [
      `src/content/blog/cover-public.md: coverImage: expected a file inside public/, found the path "/${upFromPublic(site)}/canary.png", which leads outside it`,
    ],
  },
  {
    name: "a body image in .md",
    post: "body-image.md",
    says: (site) => [`src/content/blog/body-image.md:10: image:`, `found the path "${up(site)}/canary.png"`],
  },
  {
    name: "a body image in .mdx",
    post: "body-image.mdx",
    says: (site) => [`src/content/blog/body-image.mdx:10: image:`, `found the path "${up(site)}/canary.png"`],
  },
  {
    name: "a <Figure src>",
    post: "figure.mdx",
    says: (site) => [
      `src/content/blog/figure.mdx:10: <Figure src>: expected a file inside src/content/blog/, found the path "${up(site)}/canary.png", which leads outside it`,
    ],
  },
  {
    name: "an MDX import of an image",
    post: "mdx-import.mdx",
    says: (site) => [`src/content/blog/mdx-import.mdx:7: image:`, `found the path "${up(site)}/canary.png"`],
  },
  {
    name: "an image in the content folder that links outside",
    post: "linked-image.md",
    setup: (site) => {
      symlinkSync(join(outside, "canary.png"), join(site.root, BLOG_CONTENT_DIR, "images/linked-canary.png"));
      site.addPost("linked-image.md", fixture(site, "linked-image.md"));
    },
    says: () => [
      `src/content/blog/linked-image.md:10: image:`,
      `found the path "./images/linked-canary.png", which is a link to a file outside them`,
    ],
  },
  {
    name: "a <Figure src> of an image in the content folder that links outside",
    post: "linked-figure.mdx",
    setup: (site) => {
      symlinkSync(join(outside, "canary.png"), join(site.root, BLOG_CONTENT_DIR, "images/linked-canary.png"));
      site.addPost("linked-figure.mdx", fixture(site, "linked-figure.mdx"));
    },
    says: () => [
      `src/content/blog/linked-figure.mdx:10: <Figure src>:`,
      `found the path "images/linked-canary.png", which is a link to a file outside them`,
    ],
  },
  {
    name: "a post file that links outside",
    post: "linked-post.md",
    setup: (site) => {
      const target = join(outside, `linked-post-${site.root.split("/").at(-1)}.md`);
      writeFileSync(target, fixture(site, "linked-post.md"));
      symlinkSync(target, join(site.root, BLOG_CONTENT_DIR, "linked-post.md"));
    },
    says: () => [
      /src\/content\/blog\/linked-post\.md: post file: expected a file inside src\/content\/blog\/, found a link to ".*linked-post-[^"]*\.md", outside it/,
    ],
  },
];

/** Builds a copy with `setup`, returning the output and every file of dist/ that holds the secret. */
async function buildCopy(setup: (site: TempSite) => void) {
  const site = createTempSite("blog-boundary-");
  try {
    setup(site);
    const result = await site.runAsync("build");
    const files = existsSync(site.dist) ? listFiles(site.dist) : [];
    const leaked = files.filter((file) => readFileSync(join(site.dist, file)).includes(SECRET));
    return { ...result, site, files, leaked, built: files.includes("index.html") };
  } finally {
    site.remove();
  }
}

/** Runs `run` over `items`, at most two at a time (two cores, shared). */
async function twoAtATime<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += 2) {
    results.push(...(await Promise.all(items.slice(index, index + 2).map(run))));
  }
  return results;
}

describe("the content boundary", () => {
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  it("fails the build for each reference out of the boundary, naming the post and the path, never the file's contents", async () => {
    const results = await twoAtATime(CASES, (hostile) =>
      buildCopy((site) => (hostile.setup ?? ((copy) => copy.addPost(hostile.post, fixture(copy, hostile.post))))(site)),
    );
    for (const [index, hostile] of CASES.entries()) {
      const { status, output, site, leaked, built } = results[index] as Awaited<ReturnType<typeof buildCopy>>;
      const context = `${hostile.name}:\n${output.slice(-3000)}`;
      expect(status, context).not.toBe(0);
      expect(built, context).toBe(false);
      for (const said of hostile.says(site)) {
        if (typeof said === "string") expect(output, context).toContain(said);
        else expect(output, context).toMatch(said);
      }
      expect(output.includes(SECRET), `${hostile.name}: the output shows the canary`).toBe(false);
      expect(leaked, `${hostile.name}: dist/ holds the canary`).toEqual([]);
    }
  }, 600_000);

  it("still builds posts whose files are inside: a cover in public/, images beside the post and in src/assets/, figures", async () => {
    const { status, output, files, leaked, built } = await buildCopy((site) => {
      // A link out of the content folder that no post uses fails nothing, and is published nowhere.
      symlinkSync(join(outside, "canary.png"), join(site.root, BLOG_CONTENT_DIR, "images/unused-link.png"));
      site.addPost("valid-inside.md", fixture(site, "valid-inside.md"));
      site.addPost("valid-figure.mdx", fixture(site, "valid-figure.mdx"));
    });
    expect(status, output.slice(-3000)).toBe(0);
    expect(built).toBe(true);
    expect(files).toEqual(expect.arrayContaining(["blog/valid-inside/index.html", "blog/valid-figure/index.html"]));
    expect(files).toContain("og/valid-inside.png");
    expect(leaked).toEqual([]);
  }, 300_000);
});
