/**
 * The content check of `npm run check`: reads every post under src/content/blog
 * (or the folder given as argument) and prints each problem as `file:line  field  message`.
 * Exits 1 on errors; warnings are printed but do not fail. It never throws: what goes wrong
 * with a file (it cannot be read, it is not UTF-8) is a problem reported against that file.
 *
 * Every post is also rendered with the site's Markdown pipeline (src/markdown/pipeline.ts), so what its
 * plugins stop the build on (an unclosed code fence, a formula or a diagram that does not parse) is
 * reported here too, at the post's line (`pipelineRenderer`, which the unit tests use as well).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type CompileOptions, markdownToHtml, mdxToJs } from "satteri";
import { runnerImport } from "vite";
import { readAuthorFiles } from "#build/content/author-files.ts";
import { listPostFiles } from "#build/content/post-files.ts";
import {
  type ContentProblem,
  checkContent,
  formatProblem,
  type PostText,
  type PostToRender,
  type RenderProblem,
} from "#src/domain/content-check.ts";
import { taxonomyFileFor } from "#src/domain/taxonomy-file.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The pipeline's one error type (src/markdown/post-problem.ts), by its shape: the check loads its own copy. */
const isPostMarkdownProblem = (error: unknown): error is Error & { line: number; reason: string } =>
  error instanceof Error &&
  error.name === "PostMarkdownProblem" &&
  typeof (error as { line?: unknown }).line === "number" &&
  typeof (error as { reason?: unknown }).reason === "string";

/**
 * `renderProblems` for the check: renders a post with the pipeline (with its file's URL, so plugins name it)
 * and returns what it threw, a PostMarkdownProblem at its line, anything else at the body's first line.
 *
 * The post goes in whole, frontmatter first, .md as .mdx: Sätteri reads the frontmatter as such, so the body
 * parses as the build parses it, and a problem's line is the file's line whatever problemAt makes of the
 * body Astro hands over (for a .md post, the body trimmed; see src/markdown/post-problem.ts).
 */
export function pipelineRenderer(
  pipeline: Pick<CompileOptions, "mdastPlugins" | "hastPlugins" | "features">,
): (post: PostToRender) => Promise<RenderProblem[]> {
  return async (post) => {
    const options = {
      ...pipeline,
      fileURL: pathToFileURL(resolve(post.path)),
      data: {
        astro: {
          frontmatter: { ...post.frontmatter },
          headings: [],
          localImagePaths: new Set<string>(),
          remoteImagePaths: new Set<string>(),
        },
      },
    };
    try {
      if (post.isMdx)
        await mdxToJs(post.text, { ...options, jsxImportSource: "astro", elementAttributeNameCase: "html" });
      else await markdownToHtml(post.text, options);
      return [];
    } catch (error) {
      if (isPostMarkdownProblem(error)) return [{ line: error.line, message: error.reason }];
      return [{ line: post.bodyLine, message: `the Markdown pipeline failed on this post: ${messageOf(error)}` }];
    }
  };
}

/**
 * The site's pipeline, loaded as the build loads it: through Vite, which reads what plain Node does not
 * (the code theme's CSS as `?raw`, TypeScript beyond type annotations).
 */
async function loadPipeline(): Promise<Pick<CompileOptions, "mdastPlugins" | "hastPlugins" | "features">> {
  const { module } = await runnerImport<{ markdownPipeline: CompileOptions }>("#src/markdown/pipeline.ts", {
    configFile: false,
    logLevel: "silent",
    root: process.cwd(),
  });
  return module.markdownPipeline;
}

async function main(): Promise<never> {
  const contentDir = process.argv[2] ?? BLOG_CONTENT_DIR;
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

  let pipeline: Awaited<ReturnType<typeof loadPipeline>> | undefined;
  try {
    pipeline = await loadPipeline();
  } catch (error) {
    fail(
      "src/markdown/pipeline.ts",
      `the Markdown pipeline could not be loaded, so no post was rendered: ${messageOf(error)}`,
    );
  }
  let problems: ContentProblem[] = [];
  try {
    // The author files beside the posts' folder (src/content/authors/ beside src/content/blog/).
    const authors = await readAuthorFiles(join(dirname(contentDir), "authors"));
    problems = await checkContent(files, {
      fileExists: existsSync,
      defaultAuthor: siteConfig.author.name,
      authors,
      // The taxonomy file beside the posts' folder (src/content/taxonomy.yaml), when there is one.
      ...(existsSync(taxonomyFileFor(contentDir))
        ? { taxonomy: { path: taxonomyFileFor(contentDir), text: readFileSync(taxonomyFileFor(contentDir), "utf8") } }
        : {}),
      ...(pipeline?.features ? { features: pipeline.features } : {}),
      ...(pipeline ? { renderProblems: pipelineRenderer(pipeline) } : {}),
    });
  } catch (error) {
    fail(contentDir, error);
  }
  problems = [...unreadable, ...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const problem of problems) console.log(formatProblem(problem));
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const warnings = problems.length - errors;
  console.log(`Content check: ${names.length} posts, ${errors} errors, ${warnings} warnings.`);
  process.exit(errors > 0 ? 1 : 0);
}

if (import.meta.main) await main();
