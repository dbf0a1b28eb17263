/**
 * The parser features of the site's Markdown pipeline (src/markdown/pipeline.ts): GFM, smart punctuation and
 * math. Everything else that parses a post (reading time, the MDX code check, the plain-MDX test) reads it
 * with these, so it sees the tree the build renders: with math on, `$o_{\text{end}}$` is a formula, while
 * without it MDX reads `{\text{end}}` as an expression that does not parse.
 */
export const MARKDOWN_FEATURES = { gfm: true, smartPunctuation: true, math: true } as const;
