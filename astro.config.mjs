// @ts-check
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { satteri } from "@astrojs/markdown-satteri";
import mdx from "@astrojs/mdx";
import sitemap from "@astrojs/sitemap";
import { defineConfig } from "astro/config";
import { moduleGraph } from "#build/cache/module-graph.ts";
import { fingerprint } from "#build/cache/transform-cache.ts";
import { withPostLastModified } from "#build/content/sitemap-lastmod.ts";
import { clientDirectives } from "#build/integrations/client-directives.ts";
import { contentBoundary } from "#build/integrations/content-boundary.ts";
import { contentErrorsOverlay } from "#build/integrations/content-errors-overlay.ts";
import { diagramFiles } from "#build/integrations/diagram-files.ts";
import { lazyModuleUrl } from "#build/integrations/lazy-module-url.ts";
import { mdxCompileCache } from "#build/integrations/mdx-compile-cache.ts";
import { ogImages } from "#build/integrations/og-images.ts";
import { outputInPlace } from "#build/integrations/output-in-place.ts";
import { preactIslands } from "#build/integrations/preact-islands.ts";
import { redirectsFile } from "#build/integrations/redirects-file.ts";
import { svgSafety } from "#build/integrations/svg-safety.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

// Astro's cache folder (its default unless set): tests and the benchmark build copies of the
// site, and each keeps its own content and image caches.
const cacheDir = process.env.ASTRO_CACHE_DIR ?? "./node_modules/.astro";

export default defineConfig({
  cacheDir,
  site: siteConfig.url,
  base: siteConfig.base,
  trailingSlash: "always",
  build: {
    format: "directory",
    // Inline all CSS: pages need no render-blocking stylesheet request (measured by npm run bench).
    inlineStylesheets: "always",
    // Four pages at a time: with one, the build's thread sat idle waiting on file writes (docs/performance.md).
    concurrency: 4,
  },
  integrations: [
    // optimize: the static parts of a post compile to one HTML string instead of a JSX call per
    // element (a highlighted code block is hundreds): smaller modules, less bundler memory, faster
    // rendering. Posts use MDX components by name, never as overrides of HTML tags, so nothing is lost.
    mdx({ optimize: true }),
    mdxCompileCache(),
    // The islands are the only Preact code (`include`); builds compile them without Babel.
    preactIslands({ include: ["**/src/islands/**"] }),
    clientDirectives(),
    lazyModuleUrl(),
    // Every file a post uses (images, MDX imports, <Figure src>) is inside the content folder, src/assets/ or public/.
    contentBoundary(),
    contentErrorsOverlay(),
    sitemap({
      filter: (page) => !/\/404(\.html|\/)?$/.test(page),
      entryLimit: siteConfig.sitemapLimit,
      // The frontmatter comes from content sync's readings, kept in the cache folder (build/content/post-files.ts).
      serialize: withPostLastModified(BLOG_CONTENT_DIR, new URL(siteConfig.url).origin, cacheDir),
    }),
    ogImages(),
    // dist/_redirects: public/_redirects, then a 301 from each old slug of a renamed post (redirectFrom).
    redirectsFile(),
    // Each Mermaid diagram a page shows, as a file for the feeds (dist/diagrams/); and the diagrams' disk cache.
    diagramFiles(),
    // After the build, it deletes the last build's files that no integration wrote again.
    outputInPlace(),
    // And every SVG in the output (a post's cover or picture, a public file) loses script, handlers and outside references.
    svgSafety(),
  ],
  security: {
    // A strict Content-Security-Policy in a <meta> tag on every page: Astro hashes each script and
    // style it renders, so nothing inline runs or applies without a hash ('unsafe-inline' is never used).
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      // 'self' for the bundled scripts; 'wasm-unsafe-eval' for Pagefind's WebAssembly search; the hash of
      // the theme script, which Head.astro inlines as it is (Astro hashes only the scripts it bundles).
      scriptDirective: {
        resources: ["'self'", "'wasm-unsafe-eval'"],
        hashes: [
          `sha256-${createHash("sha256").update(readFileSync("./src/scripts/theme.js", "utf8")).digest("base64")}`,
        ],
      },
    },
  },
  // contentIntellisense writes .astro/collections/*.schema.json and collections.json, which the Astro
  // VS Code extension uses for frontmatter autocomplete, validation and hover docs in .md/.mdx files.
  // incrementalBuild copies a page from the previous build when its cacheKey (src/data/page-keys.ts)
  // and its code are unchanged; `astro build --force` renders everything. ASTRO_INCREMENTAL_BUILD=0
  // turns it off (`npm run bench -- --no-incremental` measures the difference).
  experimental: {
    contentIntellisense: true,
    incrementalBuild: process.env.ASTRO_INCREMENTAL_BUILD !== "0",
  },
  markdown: {
    // Sätteri (Astro 7's native processor) for .md and .mdx alike: our plugins (src/markdown/pipeline.ts) are written for it.
    processor: satteri(markdownPipeline),
    // Code is highlighted by syntaxHighlightPlugin above (Shiki with its JavaScript engine).
    syntaxHighlight: false,
  },
  vite: {
    // The middleware rewrites each page it renders (its CSP), but a page the incremental build keeps is not
    // rendered again, and Astro does not count the middleware as a page's code. Its code's fingerprint is part of
    // the configuration, which Astro does count: a change to it renders every page again.
    define: {
      "import.meta.env.MIDDLEWARE_CODE": JSON.stringify(
        fingerprint(process.cwd(), moduleGraph(process.cwd(), ["src/middleware.ts"]), "middleware"),
      ),
    },
    build: {
      rolldownOptions: {
        // Astro marks every MDX module with a "use astro:head-inject" directive, which Rolldown
        // warns about once per post (a thousand warnings at a thousand posts). Others still show.
        onwarn(warning, warn) {
          if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes("astro:head-inject")) return;
          warn(warning);
        },
      },
    },
  },
});
