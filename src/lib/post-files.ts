/**
 * The post files read straight from disk, for the build steps that run outside the
 * content collection (the sitemap's lastmod, the Open Graph cards). Parsed once per
 * build: both ask, and YAML parsing of every post was a visible part of startup.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { bodyOf, FRONTMATTER } from "./frontmatter.ts";

export interface PostFile {
  /** Path relative to the content folder. */
  file: string;
  /** The frontmatter, or undefined when it is not valid YAML (the content layer reports that, with the line). */
  data: Record<string, unknown> | undefined;
  /** The text after the frontmatter. */
  body: string;
}

/** Parsed files by path, with the text they were parsed from: reading is cheap, parsing YAML is not. */
const parsed = new Map<string, { source: string; post: PostFile }>();

/** A post file's frontmatter (YAML) and body. */
export function parsePostFile(file: string, source: string): PostFile {
  const match = FRONTMATTER.exec(source);
  let data: Record<string, unknown> | undefined;
  try {
    data = (parseYaml(match?.[1] ?? "") ?? {}) as Record<string, unknown>;
  } catch {
    data = undefined;
  }
  return { file, data, body: bodyOf(source, match) };
}

/** The paths of the .md/.mdx files under `contentDir`, relative to it and sorted. */
export function listPostFiles(contentDir: string): string[] {
  return (readdirSync(contentDir, { recursive: true }) as string[]).filter((name) => /\.mdx?$/.test(name)).sort();
}

/** Every .md/.mdx file under `contentDir`, parsed; a file whose text has not changed is not parsed again. */
export function readPostFiles(contentDir: string): PostFile[] {
  return listPostFiles(contentDir).map((file) => {
    const path = join(contentDir, file);
    const source = readFileSync(path, "utf8");
    let entry = parsed.get(path);
    if (entry?.source !== source) {
      entry = { source, post: parsePostFile(file, source) };
      parsed.set(path, entry);
    }
    return entry.post;
  });
}
