/**
 * Astro's Content-Security-Policy lists the hashes of every inline script and style of the whole
 * site on every page. This keeps, on each page, only the hashes of the inline code that page
 * carries: a stricter policy, and a smaller page (the hashes are incompressible).
 */
import { createHash } from "node:crypto";
import { Parser } from "htmlparser2";

const CSP_META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i;
const ALGORITHMS = { sha256: "sha256", sha384: "sha384", sha512: "sha512" } as const;
type Algorithm = keyof typeof ALGORITHMS;

/** The hashes (`'sha256-…'`) of the page's inline scripts and styles, in the policy's algorithms. */
function inlineHashes(html: string, algorithms: Set<Algorithm>): Set<string> {
  const hashes = new Set<string>();
  // A parser, not a pattern: a title may put "<script>" in an attribute, which is no element. A streaming
  // one: it builds no tree (a post may nest thousands of levels deep), and it is the quickest here.
  let code: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if ((name === "script" || name === "style") && !("src" in attributes)) code = "";
      },
      ontext(text) {
        if (code !== undefined) code += text;
      },
      onclosetag(name) {
        if (code === undefined || (name !== "script" && name !== "style")) return;
        for (const algorithm of algorithms) {
          hashes.add(`'${algorithm}-${createHash(ALGORITHMS[algorithm]).update(code).digest("base64")}'`);
        }
        code = undefined;
      },
    },
    // A script's text is hashed as it is written, as the browser hashes it.
    { decodeEntities: false },
  );
  parser.end(html);
  return hashes;
}

/** The page with its policy trimmed to its own inline code, or undefined when nothing would change. */
export function trimCspToPage(html: string): string | undefined {
  const meta = CSP_META.exec(html);
  if (!meta) return undefined;
  const policy = meta[2] ?? "";
  const algorithms = new Set([...policy.matchAll(/'(sha256|sha384|sha512)-/g)].map((match) => match[1] as Algorithm));
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
