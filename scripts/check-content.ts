/**
 * The content check of `npm run check`: reads every post under src/content/blog
 * (or the folder given as argument) and prints each problem as `file:line  field  message`.
 * Exits 1 on errors; warnings are printed but do not fail.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkContent, formatProblem } from "#src/domain/content-check.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

const contentDir = process.argv[2] ?? BLOG_CONTENT_DIR;
const files = (readdirSync(contentDir, { recursive: true }) as string[])
  .filter((name) => /\.mdx?$/.test(name))
  .sort()
  .map((name) => ({ path: join(contentDir, name), source: readFileSync(join(contentDir, name), "utf8") }));

const problems = await checkContent(files, { fileExists: existsSync, defaultAuthor: siteConfig.author.name });
for (const problem of problems) console.log(formatProblem(problem));
const errors = problems.filter((problem) => problem.severity === "error").length;
const warnings = problems.length - errors;
console.log(`Content check: ${files.length} posts, ${errors} errors, ${warnings} warnings.`);
process.exit(errors > 0 ? 1 : 0);
