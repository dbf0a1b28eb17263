/**
 * A problem in a post's Markdown that its author must fix (an unclosed fence, a malformed formula, a diagram
 * that does not parse). Every plugin of the pipeline throws this one error, so the build prints
 * `file:line: message` and `npm run check` reports `file:line  body  message` from the same throw.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

// Plain fields, not constructor parameter properties: Node's type stripping (the check's scripts) refuses those.
export class PostMarkdownProblem extends Error {
  /** The post, relative to the project (undefined when the pipeline runs on a string). */
  readonly file: string | undefined;
  /** 1-based line in the post's file. */
  readonly line: number;
  /** What is wrong and what to do, without the file and line. */
  readonly reason: string;
  constructor(file: string | undefined, line: number, reason: string) {
    super(`${file ?? "a post"}:${line}: ${reason}`);
    this.name = "PostMarkdownProblem";
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** The post a plugin is running on, as `file` for PostMarkdownProblem. */
export function postFileOf(context: { readonly fileURL: URL | undefined }): string | undefined {
  return context.fileURL ? relative(process.cwd(), fileURLToPath(context.fileURL)) : undefined;
}

/**
 * The problem at `line` of the text the plugin was given, as a line of the post's file. Astro hands the
 * pipeline a .md post's body trimmed, an .mdx post with its frontmatter blanked or removed: the text is
 * found in the file, and its lines counted from where it starts there.
 */
export function problemAt(
  context: { readonly fileURL: URL | undefined; readonly source: string },
  line: number,
  reason: string,
): PostMarkdownProblem {
  let offset = 0;
  if (context.fileURL) {
    try {
      const file = readFileSync(context.fileURL, "utf8");
      const start = file.lastIndexOf(context.source);
      if (start > 0) offset = file.slice(0, start).split("\n").length - 1;
    } catch {
      // Not a file on disk (a test's string): its lines are the text's.
    }
  }
  return new PostMarkdownProblem(postFileOf(context), line + offset, reason);
}
