/** The frontmatter block of a post file, split from its body (no YAML parsing: see post-source.ts). */
/**
 * The YAML frontmatter block at the top of a post file. A UTF-8 byte order mark before it is allowed
 * (and is part of the match, so the body never starts with it): Astro's own frontmatter reader allows it.
 */
export const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** The text of a post file after its frontmatter. */
export function bodyOf(source: string, match = FRONTMATTER.exec(source)): string {
  return match ? source.slice(match[0].length) : source.replace(/^\uFEFF/, "");
}

export interface PostFileParts {
  /** The frontmatter's YAML, or undefined when the file has no frontmatter block. */
  yaml: string | undefined;
  body: string;
  /** The line of the file on which the body starts. */
  bodyLine: number;
}

export function splitPostFile(source: string): PostFileParts {
  const match = FRONTMATTER.exec(source);
  return {
    yaml: match ? (match[1] ?? "") : undefined,
    body: bodyOf(source, match),
    bodyLine: match ? match[0].split("\n").length : 1,
  };
}

/** A post file's bytes as text, or why they are not a post file's text. */
export type DecodedPostFile = { text: string; problem?: undefined } | { text?: undefined; problem: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** What a file with a byte order mark other than UTF-8's is, by its first bytes. */
function foreignByteOrderMark(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return "UTF-32 (little-endian, with a byte order mark)";
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "UTF-32 (big-endian, with a byte order mark)";
  if (a === 0xff && b === 0xfe) return "UTF-16 (little-endian, with a byte order mark)";
  if (a === 0xfe && b === 0xff) return "UTF-16 (big-endian, with a byte order mark)";
  return undefined;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
    if (length === 4 && (lead < 0xf0 || lead > 0xf4)) return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[index + 1] as number;
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    )
      return index;
    index += length;
  }
  return -1;
}

/**
 * A post file's text. Post files are UTF-8: a UTF-8 byte order mark is dropped; anything else
 * (UTF-16 or UTF-32, with or without a byte order mark; bytes that are not UTF-8, as Latin-1 or
 * Windows-1252 files have) is a problem that says what the file looks like and where.
 */
export function decodePostFile(bytes: Uint8Array): DecodedPostFile {
  const save = "save the file as UTF-8";
  const foreign = foreignByteOrderMark(bytes);
  if (foreign) return { problem: `expected a UTF-8 text file, found ${foreign}: ${save}` };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const content = bytes.subarray(start);
  // Text in UTF-16 without a byte order mark: every other byte of ASCII text is 0.
  const zeros = content.subarray(0, 512).filter((byte) => byte === 0).length;
  if (zeros > 0 && zeros >= Math.min(content.length, 512) / 4) {
    const endian = content[0] === 0 ? "big" : "little";
    return {
      problem: `expected a UTF-8 text file, found UTF-16 (${endian}-endian, without a byte order mark): ${save}`,
    };
  }
  try {
    return { text: UTF8.decode(content) };
  } catch {
    const offset = firstInvalidUtf8Byte(content);
    const at = Math.max(offset, 0);
    const line = content.subarray(0, at).filter((byte) => byte === 0x0a).length + 1;
    const byte = (content[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return {
      problem: `expected a UTF-8 text file, found the byte 0x${byte} on line ${line}, which is not UTF-8 (the file looks like Latin-1 or Windows-1252): ${save}`,
    };
  }
}
