// @ts-check
import { satteri } from "@astrojs/markdown-satteri";
import mdx from "@astrojs/mdx";
import sitemap from "@astrojs/sitemap";
import { defineConfig } from "astro/config";
import { ogImages } from "./src/integrations/og-images.ts";
import { withPostLastModified } from "./src/lib/sitemap.ts";
import { codeBlockTransformer } from "./src/plugins/code-block.ts";
import { headingAnchorsPlugin } from "./src/plugins/heading-anchors.ts";
import { readingTimePlugin } from "./src/plugins/reading-time.ts";
import { dropTitleHeadingPlugin } from "./src/plugins/title-heading.ts";
import { siteConfig } from "./src/site.config.ts";

export default defineConfig({
  site: siteConfig.url,
  base: siteConfig.base,
  trailingSlash: "always",
  build: { format: "directory" },
  integrations: [
    mdx(),
    sitemap({
      filter: (page) => !/\/404(\.html|\/)?$/.test(page),
      serialize: withPostLastModified("src/content/blog", new URL(siteConfig.base, siteConfig.url).href),
    }),
    ogImages(),
  ],
  markdown: {
    // Sätteri (Astro 7's native processor) for .md and .mdx alike: our plugins are written for it.
    processor: satteri({
      mdastPlugins: [readingTimePlugin],
      hastPlugins: [dropTitleHeadingPlugin, headingAnchorsPlugin],
      features: { gfm: true, smartPunctuation: true },
    }),
    shikiConfig: {
      themes: { light: "github-light", dark: "github-dark" },
      defaultColor: false,
      transformers: [codeBlockTransformer()],
    },
  },
});
