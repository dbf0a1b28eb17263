/**
 * Astro's Content-Security-Policy lists the hashes of every inline script and style of the whole
 * site on every page. This keeps, on each page, only the hashes of the inline code that page
 * carries: a stricter policy, and a smaller page (the hashes are incompressible).
 */
import { createHash } from "node:crypto";
import { Tokenizer } from "htmlparser2";

const CSP_META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i;
const ALGORITHMS = { sha256: "sha256", sha384: "sha384", sha512: "sha512" } as const;
type Algorithm = keyof typeof ALGORITHMS;

const NO_OP = () => {};

/** Where the text of each inline script and style of the page (those without `src`) starts and ends. */
function inlineCode(html: string): [number, number][] {
  const code: [number, number][] = [];
  // A tokenizer, not a pattern: a title may put "<script>" in an attribute, which is no element. It reads the
  // page once, keeping positions (it builds no tree: a post may nest thousands of levels deep); a parser's
  // attribute objects and element stack cost twice as much.
  let inline = false;
  let textStart = -1;
  const opened = (endIndex: number) => {
    textStart = inline ? endIndex + 1 : -1;
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: false },
    {
      onopentagname(start, endIndex) {
        const name = html.slice(start, endIndex).toLowerCase();
        inline = name === "script" || name === "style";
      },
      onattribname(start, endIndex) {
        if (inline && html.slice(start, endIndex).toLowerCase() === "src") inline = false;
      },
      onopentagend: opened,
      // HTML ignores the slash of <script/>: its text runs to </script> all the same.
      onselfclosingtag: opened,
      onclosetag(start, endIndex) {
        if (textStart < 0) return;
        const name = html.slice(start, endIndex).toLowerCase();
        if (name !== "script" && name !== "style") return;
        // `start` is the name's, after "</".
        code.push([textStart, start - 2]);
        textStart = -1;
      },
      onattribdata: NO_OP,
      onattribentity: NO_OP,
      onattribend: NO_OP,
      oncdata: NO_OP,
      oncomment: NO_OP,
      ondeclaration: NO_OP,
      onend: NO_OP,
      onprocessinginstruction: NO_OP,
      ontext: NO_OP,
      ontextentity: NO_OP,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return code;
}

/** The hashes (`'sha256-…'`) of the page's inline scripts and styles, in the policy's algorithms. */
function inlineHashes(bytes: Buffer, text: string, algorithms: Set<Algorithm>): Set<string> {
  const hashes = new Set<string>();
  for (const [start, end] of inlineCode(text)) {
    const code = bytes.subarray(start, end);
    for (const algorithm of algorithms) {
      hashes.add(`'${algorithm}-${createHash(ALGORITHMS[algorithm]).update(code).digest("base64")}'`);
    }
  }
  return hashes;
}

/**
 * The page (UTF-8) with its policy trimmed to its own inline code, or undefined when nothing would change.
 * Bytes in and out: the page is read one character per byte (tags and the policy are ASCII), so a position is
 * an offset into the bytes and each script is hashed as the bytes the browser hashes, with no decoding and
 * encoding of the whole page.
 */
export function trimCspInPage(page: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  const bytes = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const text = bytes.toString("latin1");
  const meta = CSP_META.exec(text);
  if (!meta) return undefined;
  const policy = meta[2] ?? "";
  const algorithms = new Set([...policy.matchAll(/'(sha256|sha384|sha512)-/g)].map((match) => match[1] as Algorithm));
  if (algorithms.size === 0) return undefined;
  const own = inlineHashes(bytes, text, algorithms);
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
  const start = meta.index + (meta[1] ?? "").length;
  return Buffer.concat([bytes.subarray(0, start), Buffer.from(trimmed), bytes.subarray(start + policy.length)]);
}

/** trimCspInPage for a page as text. */
export function trimCspToPage(html: string): string | undefined {
  const trimmed = trimCspInPage(Buffer.from(html));
  return trimmed && Buffer.from(trimmed).toString();
}
