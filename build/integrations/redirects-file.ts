/**
 * `dist/_redirects` for Netlify and Cloudflare Pages: a 301 from each old slug of a renamed post (`redirectFrom`)
 * to the post, after the site's own rules in `public/_redirects` (merged, never overwritten). The redirect pages
 * at the old URLs (src/pages/blog/[from].astro) serve every other host. Posts are read through the raw reader,
 * like the sitemap's lastmod: the same schema and visibility rule as the pages.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { readPostFilesCached } from "#build/content/post-files.ts";
import { hasPublicPage } from "#src/domain/post-visibility.ts";
import { postRedirects, redirectsFileText } from "#src/domain/redirects.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

export function redirectsFile(contentDir = BLOG_CONTENT_DIR): AstroIntegration {
  let publicDir = "";
  let cacheDir = "";
  let base = "/";
  return {
    name: "redirects-file",
    hooks: {
      "astro:config:done": ({ config }) => {
        publicDir = fileURLToPath(config.publicDir);
        // Content sync's frontmatter readings are kept there (build/content/post-files.ts): this reading parses nothing.
        cacheDir = fileURLToPath(config.cacheDir);
        base = config.base.endsWith("/") ? config.base : `${config.base}/`;
      },
      "astro:build:done": async ({ dir, logger }) => {
        const posts = await readPostFilesCached(contentDir, cacheDir);
        // A post that fails the schema has stopped the build already (the content layer reports it).
        const redirects = postRedirects(
          posts.flatMap(({ file, slug, data }) =>
            data && hasPublicPage(data) ? [{ file, slug, redirectFrom: data.redirectFrom }] : [],
          ),
        );
        const ownRules = join(publicDir, "_redirects");
        const text = redirectsFileText(redirects, existsSync(ownRules) ? readFileSync(ownRules, "utf8") : "", base);
        const file = join(fileURLToPath(dir), "_redirects");
        // Nothing to write: a last build's file goes (the output is kept in place between builds).
        if (text === undefined) rmSync(file, { force: true });
        else writeFileSync(file, text);
        if (redirects.length > 0) logger.info(`_redirects: ${redirects.length} old post URLs redirected`);
      },
    },
  };
}
