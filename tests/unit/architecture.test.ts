/**
 * The folder rules (each folder's README): dependencies flow one way, the domain stays pure, one module
 * reads the content collection, one raw reader parses post files, and every project import has one style.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { moduleGraph } from "#build/cache/module-graph.ts";
import { markdownPipelineInputs } from "#build/cache/transform-cache.ts";

const SOURCE = /\.(ts|tsx|mjs|astro)$/;
const filesUnder = (folder: string) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
/** The specifiers a file imports (comments left out: they quote examples). */
const importsOf = (file: string) =>
  [
    ...readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "")
      .matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"([^"]+)"/g),
  ].map((match) => match[1]);
const offenders = (files: string[], forbidden: RegExp) =>
  files.flatMap((file) =>
    importsOf(file).flatMap((specifier) => (forbidden.test(specifier ?? "") ? [`${file}: ${specifier}`] : [])),
  );
const allSource = ["src", "build", "scripts", "tests"].flatMap(filesUnder);

describe("the architecture", () => {
  it("keeps src/domain pure: no Node, no Astro, nothing from data access or the build machinery", () => {
    expect(
      offenders(filesUnder("src/domain"), /^(node:|astro:|astro\/|#build\/|#src\/(data|components|pages|layouts)\/)/),
    ).toEqual([]);
  });

  it("lets only src/data (and the collection's definition) touch astro:content", () => {
    const touching = allSource.filter((file) => importsOf(file).includes("astro:content"));
    // The benchmark writes the pages of a bare Astro site, which read its own collection.
    const allowed = ["src/content.config.ts", "scripts/bench.ts"];
    expect(touching.filter((file) => !file.startsWith("src/data/") && !allowed.includes(file))).toEqual([]);
  });

  it("parses frontmatter YAML in one place: the raw reader's domain half, src/domain/post-source.ts", () => {
    const parsingYaml = allSource.filter((file) => importsOf(file).includes("yaml") && !file.startsWith("tests/"));
    expect(parsingYaml).toEqual(["src/domain/post-source.ts"]);
  });

  it("imports project files one way: #src/, #build/, #scripts/, #tests/, never a relative path", () => {
    expect(offenders(allSource, /^\.\.?\//)).toEqual([]);
  });

  it("fingerprints the Markdown pipeline by what it imports: not the SEO helper, pages or components", () => {
    const inputs = markdownPipelineInputs(process.cwd());
    expect(inputs).toContain("src/markdown/heading-anchors.ts");
    expect(inputs).toContain("build/content/posts-loader.ts");
    // A helper a plugin imports is in; code that only pages use is out.
    expect(inputs).toContain("src/markdown/code-theme.ts");
    expect(inputs.filter((file) => /^src\/(pages|components|layouts|data)\/|seo\.ts$|feeds\//.test(file))).toEqual([]);
  });

  it("follows imports of every kind when it walks the module graph", () => {
    expect(moduleGraph(process.cwd(), ["src/markdown/code-block.ts"])).toEqual(
      expect.arrayContaining(["src/markdown/code-block.ts", "src/markdown/code-theme.ts", "src/styles/code-theme.css"]),
    );
  });
});
