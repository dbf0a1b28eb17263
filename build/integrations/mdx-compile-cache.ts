/**
 * Keeps compiled MDX between builds (in <cacheDir>/mdx-compile): a post is compiled
 * again only when its text, its path, the Markdown configuration or the code of our
 * Markdown plugins change. Compiling (Sätteri + Shiki) was most of the bundling time
 * of every build, even when a single post had changed.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import type { Plugin } from "vite";
import { recordBuildFigures } from "#build/cache/build-report.ts";
import { markdownPipelineFingerprint, TransformCache } from "#build/cache/transform-cache.ts";

// Registered by @astrojs/mdx 8.0.2 with a `{ filter, handler }` transform; guarded by tests/unit/framework-internals.test.ts.
const MDX_PLUGIN = "@mdx-js/rolldown";
const WRAPPED = Symbol("mdx-compile-cache");

type HookWithHandler = { handler: Parameters<TransformCache["wrap"]>[0]; [WRAPPED]?: true };

export function mdxCompileCache(): AstroIntegration {
  let cache: TransformCache | undefined;
  let cacheDir = "";
  const plugin: Plugin = {
    name: "mdx-compile-cache",
    apply: "build",
    configResolved(resolved) {
      const transform = resolved.plugins.find((candidate) => candidate.name === MDX_PLUGIN)?.transform as
        | HookWithHandler
        | undefined;
      if (!cache || transform?.[WRAPPED]) return;
      // A private shape (@astrojs/mdx 8 registers @mdx-js/rolldown with an object hook): if it changes,
      // the build says so instead of silently compiling every post again.
      if (!transform || typeof transform !== "object" || typeof transform.handler !== "function") {
        throw new Error(
          `mdx-compile-cache: no Vite plugin "${MDX_PLUGIN}" with a transform handler to wrap; @astrojs/mdx changed how it compiles MDX. Update build/integrations/mdx-compile-cache.ts, or remove it from astro.config.mjs.`,
        );
      }
      transform.handler = cache.wrap(transform.handler);
      transform[WRAPPED] = true;
    },
  };
  return {
    name: "mdx-compile-cache",
    hooks: {
      "astro:config:setup": ({ command, updateConfig }) => {
        if (command === "build") updateConfig({ vite: { plugins: [plugin] } });
      },
      "astro:config:done": ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        const inputs = markdownPipelineFingerprint(fileURLToPath(config.root), config);
        cache = new TransformCache(join(fileURLToPath(config.cacheDir), "mdx-compile"), inputs);
      },
      "astro:build:done": ({ logger }) => {
        if (!cache) return;
        recordBuildFigures(cacheDir, { mdxCompiled: cache.misses, mdxFromCache: cache.hits });
        if (cache.used.size === 0) return;
        const pruned = cache.prune();
        logger.info(
          `${cache.hits} MDX files from cache, ${cache.misses} compiled${pruned ? `, ${pruned} stale entries removed` : ""}`,
        );
      },
    },
  };
}
