/**
 * `npm run verify`: checks the built site in dist/ (run `npm run build` first) against
 * the posts in src/content/blog, and that nothing in it is live where only content belongs
 * (scripts/lib/output-safety.ts). Prints every problem; exits 1 if there is any.
 */

import { verifySite } from "#scripts/lib/verify-site.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

const report = await verifySite({
  distDir: process.argv[2] ?? "dist",
  contentDir: process.argv[3] ?? BLOG_CONTENT_DIR,
  siteUrl: siteConfig.url,
  base: siteConfig.base,
  feedLimit: siteConfig.feedLimit,
  xsdDir: "tests/fixtures/xsd",
  htmlValidateConfig: ".htmlvalidate.json",
});
for (const problem of report.problems) console.log(problem);
console.log(
  `Verified ${report.pages} pages and ${report.linksChecked} links: ${report.published} published posts, ${report.unlisted} unlisted, ${report.drafts} drafts or scheduled, ${report.problems.length} problems.`,
);
process.exit(report.problems.length > 0 ? 1 : 0);
