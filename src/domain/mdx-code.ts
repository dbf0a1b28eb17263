/**
 * MDX posts are code: an import or an `{expression}` runs in the build with the build's rights. This is the
 * line drawn for them, applied by `npm run check` and by the build (build/content/posts-loader.ts): imports only
 * of images beside the post, the site's MDX components and the packages `siteConfig.mdxImports` names; no
 * `process`, `require`, `eval` or dynamic `import()` in expressions. It bounds mistakes and careless copies;
 * it is not a sandbox, so MDX still needs trusted authors, and `.md` is the format for outside contributions.
 */
import { mdxToMdast } from "satteri";
import { MARKDOWN_FEATURES } from "#src/markdown/features.ts";

export interface MdxCodeProblem {
  /** Line in the body (1-based). */
  line: number;
  message: string;
}

const IMAGE = /\.(png|jpe?g|webp|avif|gif|svg)$/i;
/** Names through which code reaches the machine or evaluates text. */
const FORBIDDEN = /\b(process|require|eval|Function|globalThis|__dirname|__filename|Deno|Bun)\b|\bimport\s*\(/;

type Node = {
  type: string;
  value?: unknown;
  attributes?: { value?: unknown }[];
  position?: { start: { line: number } };
  children?: Node[];
};

/** Why an import of `source` is not allowed in a post, or undefined when it is. */
export function importProblem(source: string, allowedPackages: readonly string[]): string | undefined {
  if ((source.startsWith("./") || source.startsWith("../")) && IMAGE.test(source)) return undefined;
  if (source.startsWith("#src/components/mdx/") || source === "astro:assets") return undefined;
  if (allowedPackages.some((name) => source === name || source.startsWith(`${name}/`))) return undefined;
  return `import "${source}" is not allowed in a post: import images beside the post, the site's MDX components (used without an import), or a package listed in mdxImports in src/site.config.ts`;
}

function forbiddenIn(code: string): string | undefined {
  return FORBIDDEN.exec(code)?.[0];
}

/** Each component level costs Astro's renderer several stack frames; at about 500 the build overflows (and at 1,000 the bundler crashes). */
export const MAX_COMPONENT_NESTING = 100;

/** The problems of an MDX body's code; an unparsable body is the compiler's to report. */
export function mdxCodeProblems(body: string, allowedPackages: readonly string[]): MdxCodeProblem[] {
  let tree: Node;
  try {
    // Read as the build reads it: with math off, a formula's `{…}` would be an expression that does not
    // parse, and an unparsable body gets no check here.
    tree = mdxToMdast(body, { features: MARKDOWN_FEATURES }) as Node;
  } catch {
    return [];
  }
  const problems: MdxCodeProblem[] = [];
  const stack: [Node, number][] = [[tree, 0]];
  let tooDeep = false;
  while (stack.length > 0) {
    const [node, outerDepth] = stack.pop() as [Node, number];
    const line = node.position?.start.line ?? 1;
    const depth = outerDepth + (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement" ? 1 : 0);
    if (depth > MAX_COMPONENT_NESTING && !tooDeep) {
      tooDeep = true;
      problems.push({
        line,
        message: `components are nested more than ${MAX_COMPONENT_NESTING} levels deep here: rendering them would overflow the build's stack; nest less`,
      });
    }
    for (const child of node.children ?? []) stack.push([child, depth]);
    const codes: string[] = [];
    if (node.type === "mdxjsEsm" && typeof node.value === "string") {
      const esm = node.value;
      for (const [, source] of esm.matchAll(/(?:\bfrom\s*|\bimport\s+)["']([^"']+)["']/g)) {
        const problem = importProblem(source as string, allowedPackages);
        if (problem) problems.push({ line, message: problem });
      }
      codes.push(esm.replace(/["'][^"']*["']/g, '""'));
    }
    if ((node.type === "mdxFlowExpression" || node.type === "mdxTextExpression") && typeof node.value === "string") {
      codes.push(node.value);
    }
    for (const attribute of node.attributes ?? []) {
      const value = attribute.value as { value?: unknown } | undefined;
      if (typeof value?.value === "string") codes.push(value.value);
    }
    for (const code of codes) {
      const name = forbiddenIn(code);
      if (name) {
        problems.push({
          line,
          message: `"${name.trim()}" is not allowed in a post's code: a post cannot reach the machine it is built on`,
        });
      }
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}
