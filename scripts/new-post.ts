/**
 * `npm run new -- "My Post Title" [--category "Data Engineering"] [--tags a,b] [--slug my-post] [--publish]`
 * Writes src/content/blog/<slug>.mdx as a draft (published: false) unless --publish is given,
 * and refuses to overwrite a post or reuse a slug.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { readPostFiles } from "#build/content/post-files.ts";
import { newPostSource, slugFromTitle, slugProblem } from "#src/domain/new-post.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

const contentDir = process.env.BLOG_CONTENT_DIR ?? BLOG_CONTENT_DIR;

function fail(message: string): never {
  console.error(`npm run new: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    category: { type: "string" },
    tags: { type: "string" },
    slug: { type: "string" },
    draft: { type: "boolean" },
    publish: { type: "boolean" },
  },
});
const title = positionals.join(" ").trim();
if (!title) fail('give a title: npm run new -- "My Post Title" [--category X] [--tags a,b] [--slug s] [--publish]');
if (values.draft && values.publish) fail("--draft and --publish contradict each other");

/** Slugs already used (a post with broken frontmatter still holds the slug of its file name). */
async function takenSlugs(): Promise<Set<string>> {
  return new Set((await readPostFiles(contentDir)).map((post) => post.slug));
}

const slug = values.slug ?? slugFromTitle(title);
const problem = slugProblem(slug, await takenSlugs());
if (problem) fail(problem);
const file = join(contentDir, `${slug}.mdx`);
if (existsSync(file)) fail(`${file} already exists; it is not overwritten`);

const today = new Date().toISOString().slice(0, 10);
writeFileSync(
  file,
  newPostSource({
    title,
    slug: values.slug,
    date: today,
    category: values.category,
    tags: values.tags
      ?.split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    published: values.publish ?? false,
  }),
);
console.log(`Created ${relative(process.cwd(), file)}${values.publish ? "" : " (a draft: published: false)"}`);
console.log(`Preview it: npm run dev, then open http://localhost:4321${siteConfig.base}blog/${slug}/`);
