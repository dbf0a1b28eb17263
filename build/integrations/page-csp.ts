import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { trimCspToPage } from "#build/output/page-csp.ts";

/** After the build, each page's Content-Security-Policy names only its own inline code (build/output/page-csp.ts). */
export function pageCsp(): AstroIntegration {
  return {
    name: "page-csp",
    hooks: {
      "astro:build:done": ({ assets, logger }) => {
        let trimmed = 0;
        for (const url of [...assets.values()].flat()) {
          const file = fileURLToPath(url);
          if (!file.endsWith(".html")) continue;
          // A page kept from the last build was trimmed then: it is read, and left as it is.
          const html = trimCspToPage(readFileSync(file, "utf8"));
          if (html === undefined) continue;
          writeFileSync(file, html);
          trimmed++;
        }
        logger.info(`${trimmed} pages' Content-Security-Policy trimmed to their own inline code`);
      },
    },
  };
}
