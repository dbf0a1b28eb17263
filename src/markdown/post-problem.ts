/**
 * A problem in a post's Markdown that its author must fix (an unclosed fence, a malformed formula, a diagram
 * that does not parse). Every plugin of the pipeline throws this one error, so the build prints
 * `file:line: message` and `npm run check` reports `file:line  body  message` from the same throw.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { FRONTMATTER, splitPostFile } from "#src/domain/frontmatter.ts";

export class PostMarkdownProblem extends Error {
  override name = "PostMarkdownProblem";
  constructor(
    /** The post, relative to the project (undefined when the pipeline runs on a string). */
    readonly file: string | undefined,
    /** 1-based line in the post's file. */
    readonly line: number,
    /** What is wrong and what to do, without the file and line. */
    readonly reason: string,
  ) {
    super(`${file ?? "a post"}:${line}: ${reason}`);
  }
}

/** The post a plugin is running on, as `file` for PostMarkdownProblem. */
export function postFileOf(context: { readonly fileURL: URL | undefined }): string | undefined {
  return context.fileURL ? relative(process.cwd(), fileURLToPath(context.fileURL)) : undefined;
}

/**
 * The problem at `line` of the text the plugin was given, as a line of the post's file: Astro hands the
 * Markdown pipeline a .md post's body (its lines start after the frontmatter) and an .mdx post whole.
 */
export function problemAt(
  context: { readonly fileURL: URL | undefined; readonly source: string },
  line: number,
  reason: string,
): PostMarkdownProblem {
  const file = postFileOf(context);
  let offset = 0;
  if (context.fileURL && !FRONTMATTER.test(context.source)) {
    try {
      offset = splitPostFile(readFileSync(context.fileURL, "utf8")).bodyLine - 1;
    } catch {
      // Not a file on disk (a test's string): its lines are the text's.
    }
  }
  return new PostMarkdownProblem(file, line + offset, reason);
}
