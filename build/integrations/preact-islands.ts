/**
 * The Preact islands (src/islands) in builds without Babel. @astrojs/preact always runs
 * its JSX through Babel (@preact/preset-vite with a `babel` option): importing Babel and
 * transforming the islands was a fixed cost on every build (docs/performance.md), for output that
 * Vite's own JSX transform (Oxc) produces as well. A build only needs Preact's renderer,
 * the options module its server renderer reads, and JSX compiled for Preact; that is
 * what this sets up. The dev server gets @astrojs/preact itself (Fast Refresh, devtools).
 */
import { createRequire } from "node:module";
import { getRenderer } from "@astrojs/preact/container-renderer";
import type { AstroIntegration } from "astro";

// require(), not import(): hooks run after Vite's module runner, which loaded the config, is closed.
const require = createRequire(import.meta.url);

/** The module @astrojs/preact/server.js imports its options from (@astrojs/preact 6.0.5; guarded by tests/unit/framework-internals.test.ts). */
const OPTIONS_MODULE = "astro:preact:opts";
const RESOLVED_OPTIONS_MODULE = `\0${OPTIONS_MODULE}`;

export function preactIslands({ include }: { include: string[] }): AstroIntegration {
  return {
    // @astrojs/preact 6.0.5's own name, by which JSX integrations find it; guarded by tests/unit/framework-internals.test.ts.
    name: "@astrojs/preact",
    hooks: {
      "astro:config:setup": async (options) => {
        if (options.command === "dev") {
          const { default: preact } = require("@astrojs/preact") as typeof import("@astrojs/preact");
          await preact({ include }).hooks["astro:config:setup"]?.(options);
          return;
        }
        // What @astrojs/preact 6.0.5 adds to a build, less Babel, devtools and Fast Refresh; guarded by tests/unit/framework-internals.test.ts.
        options.addRenderer(getRenderer(false));
        options.updateConfig({
          vite: {
            oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
            plugins: [
              {
                name: "preact-islands:options",
                resolveId: {
                  filter: { id: new RegExp(`^${OPTIONS_MODULE}$`) },
                  handler: () => RESOLVED_OPTIONS_MODULE,
                },
                load: {
                  filter: { id: new RegExp(`^${RESOLVED_OPTIONS_MODULE}$`) },
                  handler: () => `export default ${JSON.stringify({ include })};`,
                },
              },
            ],
          },
        });
      },
    },
  };
}
