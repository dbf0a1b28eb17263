/**
 * The one raw reader of post files, for everything that runs outside the content collection:
 * the sitemap's lastmod, the Open Graph cards, `npm run check`, `npm run verify`, `npm run new`.
 * Each file goes through the schema the collection uses (src/domain/post-source.ts), so these
 * tools see the same posts, slugs, dates and public rule as the pages.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openKeyedCache } from "#build/cache/keyed-cache.ts";
import { fingerprint } from "#build/cache/transform-cache.ts";
import { splitPostFile } from "#src/domain/frontmatter.ts";
import {
  type PostSource,
  type PostSourceEnvironment,
  parseFrontmatterYaml,
  readPostSource,
  toPostSource,
} from "#src/domain/post-source.ts";
import { siteConfig } from "#src/site.config.ts";

export const postSourceEnvironment: PostSourceEnvironment = {
  fileExists: existsSync,
  defaultAuthor: siteConfig.author.name,
};

/** The paths of the .md/.mdx files under `contentDir`, relative to it and sorted. */
export function listPostFiles(contentDir: string): string[] {
  return (readdirSync(contentDir, { recursive: true }) as string[]).filter((name) => /\.mdx?$/.test(name)).sort();
}

/** Every post under `contentDir`, each with its `file` as `contentDir/…`. */
export function readPostFiles(contentDir: string): Promise<PostSource[]> {
  return Promise.all(
    listPostFiles(contentDir).map((name) => {
      const file = join(contentDir, name);
      return readPostSource(file, readFileSync(file, "utf8"), postSourceEnvironment);
    }),
  );
}

/**
 * readPostFiles, keeping each file's parsed YAML in `cacheFile` under the hash of the YAML:
 * parsing YAML is most of the cost of reading posts (docs/performance.md), the schema little.
 */
export async function readPostFilesCached(contentDir: string, cacheFile: string): Promise<PostSource[]> {
  // The YAML parser's version decides what a frontmatter parses to.
  const cache = openKeyedCache<Record<string, unknown> | undefined>(
    cacheFile,
    fingerprint(process.cwd(), ["package-lock.json"], "yaml"),
  );
  const posts = await Promise.all(
    listPostFiles(contentDir).map((name) => {
      const file = join(contentDir, name);
      const { yaml, body } = splitPostFile(readFileSync(file, "utf8"));
      const raw =
        yaml === undefined
          ? undefined
          : cache.get(createHash("sha256").update(yaml).digest("base64url"), () => parseFrontmatterYaml(yaml).raw);
      return toPostSource(file, raw, body, postSourceEnvironment);
    }),
  );
  cache.save();
  return posts;
}
