/**
 * On the dev server, checks a post when it is saved and shows its problems
 * (file, line, field, message) in the browser's error overlay as well as the
 * terminal. Astro's loader only logs a broken post and keeps serving the old one,
 * which is easy to miss in the browser.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { AstroIntegration } from "astro";
import { checkContent, formatProblem } from "#src/domain/content-check.ts";
import { BLOG_CONTENT_DIR, siteConfig } from "#src/site.config.ts";

export function contentErrorsOverlay(contentDir = BLOG_CONTENT_DIR): AstroIntegration {
  return {
    name: "content-errors-overlay",
    hooks: {
      "astro:server:setup": ({ server, logger }) => {
        const root = resolve(contentDir);
        const onSave = async (path: string) => {
          if (!path.startsWith(root) || !/\.mdx?$/.test(path) || !existsSync(path)) return;
          const file = { path: relative(process.cwd(), path), source: readFileSync(path, "utf8") };
          const problems = (
            await checkContent([file], { fileExists: existsSync, defaultAuthor: siteConfig.author.name })
          ).filter((problem) => problem.severity === "error");
          const [first] = problems;
          if (!first) return;
          const message = problems.map(formatProblem).join("\n");
          logger.error(message);
          (server.environments?.client?.hot ?? server.ws).send({
            type: "error",
            err: {
              message: `${file.path} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${message}`,
              stack: "",
              id: path,
              loc: { file: path, line: first.line, column: 1 },
              plugin: "content-check",
            },
          });
        };
        server.watcher.on("add", onSave);
        server.watcher.on("change", onSave);
      },
    },
  };
}
