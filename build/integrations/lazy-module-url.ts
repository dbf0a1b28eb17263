import type { AstroIntegration } from "astro";
import type { Plugin } from "vite";

const SUFFIX = "?lazy-url";
const PREFIX = "\0lazy-url:";

/**
 * `import url from "./module.ts?lazy-url"` gives the URL of that module, bundled as a chunk of its own,
 * for a later `import(url)`. A plain `import("./module.ts")` makes Vite wrap the call in its preload
 * helper, which then runs on every page's load (docs/design.md counts it) although the module loads only
 * when a reader reaches for it. Rollup's public `emitFile` and `import.meta.ROLLUP_FILE_URL_*` do it here.
 */
export function lazyModuleUrl(): AstroIntegration {
  return {
    name: "lazy-module-url",
    hooks: {
      "astro:config:setup": ({ updateConfig, command }) => {
        updateConfig({ vite: { plugins: [lazyModuleUrlPlugin(command === "build")] } });
      },
    },
  };
}

function lazyModuleUrlPlugin(isBuild: boolean): Plugin {
  let base = "/";
  return {
    name: "lazy-module-url",
    enforce: "pre",
    configResolved(config) {
      base = config.base;
    },
    async resolveId(source, importer) {
      if (!source.endsWith(SUFFIX)) return null;
      const resolved = await this.resolve(source.slice(0, -SUFFIX.length), importer, { skipSelf: true });
      if (!resolved) throw new Error(`${importer}: cannot find ${source}`);
      return `${PREFIX}${resolved.id}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      // The dev server serves every source module by its path from the project root.
      if (!isBuild || this.environment?.name !== "client") {
        return `export default ${JSON.stringify(`${base}@fs${file}`)};`;
      }
      const reference = this.emitFile({ type: "chunk", id: file });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}
