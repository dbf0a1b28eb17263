/** The frontmatter block of a post file, split from its body (no YAML parsing: see post-source.ts). */
/** The YAML frontmatter block at the top of a post file. */
export const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** The text of a post file after its frontmatter. */
export function bodyOf(source: string, match = FRONTMATTER.exec(source)): string {
  return match ? source.slice(match[0].length) : source;
}

export interface PostFileParts {
  /** The frontmatter's YAML, or undefined when the file has no frontmatter block. */
  yaml: string | undefined;
  body: string;
  /** The line of the file on which the body starts. */
  bodyLine: number;
}

export function splitPostFile(source: string): PostFileParts {
  const match = FRONTMATTER.exec(source);
  return {
    yaml: match ? (match[1] ?? "") : undefined,
    body: bodyOf(source, match),
    bodyLine: match ? match[0].split("\n").length : 1,
  };
}
