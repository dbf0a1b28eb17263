/**
 * The project files a module depends on, following its imports. A cache keyed on these files
 * is invalidated by an edit to code that shapes its output, and by nothing else: editing the SEO
 * helper or a page template leaves the Markdown pipeline's fingerprint as it was.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Static imports, re-exports and dynamic imports with a literal specifier (the only kinds this project writes). */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** Package-internal aliases (package.json "imports"): "#src/x.ts" is "src/x.ts". */
const ALIAS = /^#(src|build|scripts|tests)\//;

function resolveImport(root: string, fromFile: string, specifier: string): string | undefined {
  const path = specifier.split("?")[0] as string;
  if (ALIAS.test(path)) return join(root, path.slice(1));
  if (path.startsWith("./") || path.startsWith("../")) return resolve(dirname(fromFile), path);
  // A package: its version is in package-lock.json, which callers fingerprint.
  return undefined;
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every project file reachable from `entries` (files or folders, relative to `root`), relative to `root` and sorted. */
export function moduleGraph(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const stack = entries.flatMap((entry) => filesUnder(join(root, entry)));
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (!/\.(m?[jt]sx?|astro)$/.test(file)) continue;
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolveImport(root, file, specifier as string);
      if (target && !target.includes(`${join(root, "node_modules")}`)) stack.push(target);
    }
  }
  return [...seen].map((file) => relative(root, file)).sort();
}
