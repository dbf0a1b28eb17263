/**
 * Astro's Content-Security-Policy lists the hashes of every inline script and style of the whole
 * site on every page. This keeps, on each page, only the hashes of the inline code that page
 * carries: a stricter policy, and a smaller page (the hashes are incompressible).
 */
import { createHash } from "node:crypto";
import { ELEMENT_NODE, type ElementNode, type Node, parse, TEXT_NODE } from "ultrahtml";

const CSP_META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i;
const ALGORITHMS = { sha256: "sha256", sha384: "sha384", sha512: "sha512" } as const;

/** The hashes (`'sha256-…'`) of the page's inline scripts and styles, in the policy's algorithms. */
function inlineHashes(html: string, algorithms: Set<keyof typeof ALGORITHMS>): Set<string> {
  const hashes = new Set<string>();
  // A parser, not a pattern: a title may put "<script>" in an attribute, which is no element. An explicit
  // stack, not a recursive walk: a post may nest thousands of levels deep.
  const stack: Node[] = [parse(html)];
  for (let node = stack.pop(); node; node = stack.pop()) {
    for (const child of node.children ?? []) stack.push(child);
    if (node.type !== ELEMENT_NODE) continue;
    const element = node as ElementNode;
    if ((element.name !== "script" && element.name !== "style") || "src" in element.attributes) continue;
    const code = element.children.map((child) => (child.type === TEXT_NODE ? child.value : "")).join("");
    for (const algorithm of algorithms) {
      hashes.add(`'${algorithm}-${createHash(ALGORITHMS[algorithm]).update(code).digest("base64")}'`);
    }
  }
  return hashes;
}

/** The page with its policy trimmed to its own inline code, or undefined when nothing would change. */
export function trimCspToPage(html: string): string | undefined {
  const meta = CSP_META.exec(html);
  if (!meta) return undefined;
  const policy = meta[2] ?? "";
  const algorithms = new Set(
    [...policy.matchAll(/'(sha256|sha384|sha512)-/g)].map((match) => match[1] as keyof typeof ALGORITHMS),
  );
  if (algorithms.size === 0) return undefined;
  const own = inlineHashes(html, algorithms);
  const trimmed = policy
    .split(";")
    .map((directive) =>
      directive
        .split(/\s+/)
        .filter((token) => !/^'sha(256|384|512)-/.test(token) || own.has(token))
        .join(" "),
    )
    .join(";");
  if (trimmed === policy) return undefined;
  return html.replace(CSP_META, (_, start: string, _policy: string, end: string) => `${start}${trimmed}${end}`);
}
