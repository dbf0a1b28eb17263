/** The YAML frontmatter block at the top of a post file. */
export const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** The text of a post file after its frontmatter. */
export function bodyOf(source: string, match = FRONTMATTER.exec(source)): string {
  return match ? source.slice(match[0].length) : source;
}
