/**
 * The content check of `npm run check`: reads every post under src/content/blog
 * (or the folder given as argument) and prints each problem as `file:line  field  message`.
 * Exits 1 on errors; warnings are printed but do not fail. It never throws: what goes wrong
 * with a file (it cannot be read, it is not UTF-8) is a problem reported against that file.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listPostFiles } from "#build/content/post-files.ts";
import { type ContentProblem, checkContent, formatProblem, type PostText } from "#src/domain/content-check.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

const contentDir = process.argv[2] ?? BLOG_CONTENT_DIR;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const unreadable: ContentProblem[] = [];
const fail = (file: string, error: unknown) =>
  unreadable.push({ file, line: 1, field: "file", message: messageOf(error), severity: "error" });

let names: string[] = [];
try {
  // The same files the build loads (build/content/post-files.ts): files only, no dot-files.
  names = listPostFiles(contentDir);
} catch (error) {
  fail(contentDir, error);
}
const files: PostText[] = names.flatMap((name) => {
  const path = join(contentDir, name);
  try {
    // Bytes: the check says when a file is not UTF-8 (src/domain/frontmatter.ts decodePostFile).
    return [{ path, source: readFileSync(path) }];
  } catch (error) {
    fail(path, error);
    return [];
  }
});

let problems: ContentProblem[] = [];
try {
  problems = await checkContent(files, { fileExists: existsSync, defaultAuthor: siteConfig.author.name });
} catch (error) {
  fail(contentDir, error);
}
problems = [...unreadable, ...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
for (const problem of problems) console.log(formatProblem(problem));
const errors = problems.filter((problem) => problem.severity === "error").length;
const warnings = problems.length - errors;
console.log(`Content check: ${names.length} posts, ${errors} errors, ${warnings} warnings.`);
process.exit(errors > 0 ? 1 : 0);
