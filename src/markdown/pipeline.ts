/**
 * The site's Markdown pipeline, for .md and .mdx alike: the one list of Sätteri plugins and parser features.
 * astro.config.mjs hands it to Astro; the conformance tests and `npm run check` run the same list, so what
 * they accept is what the build accepts. Order matters: each hast plugin sees what the ones before it made.
 */
import { codeBlockTransformer } from "#src/markdown/code-block.ts";
import { CODE_THEMES } from "#src/markdown/code-theme.ts";
import { headingAnchorsPlugin } from "#src/markdown/heading-anchors.ts";
import { readingTimePlugin } from "#src/markdown/reading-time.ts";
import { externalLinksPlugin, inertRawHtmlPlugin } from "#src/markdown/safe-html.ts";
import { syntaxHighlightPlugin } from "#src/markdown/syntax-highlight.ts";
import { tableAlignmentPlugin } from "#src/markdown/table-alignment.ts";
import { dropTitleHeadingPlugin } from "#src/markdown/title-heading.ts";
import { unclosedFencePlugin } from "#src/markdown/unclosed-fence.ts";
import { siteConfig } from "#src/site.config.ts";

export const markdownPipeline = {
  mdastPlugins: [readingTimePlugin, unclosedFencePlugin],
  hastPlugins: [
    syntaxHighlightPlugin({ themes: CODE_THEMES, transformers: [codeBlockTransformer()] }),
    inertRawHtmlPlugin,
    externalLinksPlugin(siteConfig.url),
    dropTitleHeadingPlugin,
    headingAnchorsPlugin,
    tableAlignmentPlugin,
  ],
  features: { gfm: true, smartPunctuation: true },
};
