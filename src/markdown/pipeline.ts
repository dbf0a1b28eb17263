/**
 * The site's Markdown pipeline, for .md and .mdx alike: the one list of Sätteri plugins and parser features.
 * astro.config.mjs hands it to Astro; the conformance tests and `npm run check` run the same list, so what
 * they accept is what the build accepts. Order matters: each hast plugin sees what the ones before it made.
 */
import { alertsPlugin } from "#src/markdown/alerts.ts";
import { codeAnnotationTransformers } from "#src/markdown/code-annotations.ts";
import { codeBlockTransformer } from "#src/markdown/code-block.ts";
import { CODE_THEMES } from "#src/markdown/code-theme.ts";
import { mermaidDiagramsPlugin } from "#src/markdown/diagrams/plugin.ts";
import { MARKDOWN_FEATURES } from "#src/markdown/features.ts";
import { footnotePopoversPlugin } from "#src/markdown/footnote-popovers.ts";
import { headingAnchorsPlugin } from "#src/markdown/heading-anchors.ts";
import { mathPlugin } from "#src/markdown/math.ts";
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
    // First: Sätteri's math code elements become MathML before any plugin reads code or text.
    mathPlugin,
    // Before highlighting: a ```mermaid fence becomes an inline SVG diagram, not a code block.
    mermaidDiagramsPlugin({ base: siteConfig.base }),
    syntaxHighlightPlugin({
      themes: CODE_THEMES,
      transformers: [...codeAnnotationTransformers(), codeBlockTransformer()],
    }),
    inertRawHtmlPlugin,
    externalLinksPlugin(siteConfig.url),
    dropTitleHeadingPlugin,
    headingAnchorsPlugin,
    tableAlignmentPlugin,
    alertsPlugin,
    footnotePopoversPlugin,
  ],
  features: MARKDOWN_FEATURES,
};
