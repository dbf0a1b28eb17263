/**
 * The author files (src/content/authors/<id>.yaml): the one raw reader, for the authors collection's loader
 * and for the tools outside Astro (`npm run check`, `npm run verify`). Both read each file the same way
 * (src/domain/author-source.ts: strict UTF-8, YAML without anchors or aliases, named by a slug-shaped id), so
 * the site and the tools cannot disagree on who the authors are. The loader replaces Astro's glob loader,
 * which parses YAML with another parser and warns on every build of a blog that has no author files yet.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Loader } from "astro/loaders";
import { createBoundary } from "#build/integrations/content-boundary.ts";
import {
  type AuthorFileReading,
  type AuthorSource,
  type AuthorSourceEnvironment,
  readAuthorFile,
  toAuthorSource,
} from "#src/domain/author-source.ts";
import { AUTHORS_CONTENT_DIR } from "#src/site.config.ts";

/**
 * The author files of `authorsDir`, as paths relative to the working directory, sorted: `.yaml` and `.yml`
 * files (or links to files) directly in the folder, none named with a leading dot. No folder, no authors.
 */
export function listAuthorFiles(authorsDir = AUTHORS_CONTENT_DIR): string[] {
  if (!existsSync(authorsDir)) return [];
  return readdirSync(authorsDir, { withFileTypes: true })
    .filter(
      (entry) =>
        /\.ya?ml$/i.test(entry.name) &&
        !entry.name.startsWith(".") &&
        (entry.isFile() ||
          (entry.isSymbolicLink() && statSync(join(authorsDir, entry.name), { throwIfNoEntry: false })?.isFile())),
    )
    .map((entry) => join(authorsDir, entry.name))
    .sort();
}

/** An author file that is a link out of the folders an author file may use is refused unread. */
function readOne(file: string, refuseFile: (path: string, written: string) => string | undefined): AuthorFileReading {
  const refused = refuseFile(file, file);
  if (refused) {
    return { file, id: "", raw: undefined, lineOf: () => 1, problems: [{ line: 1, field: "file", message: refused }] };
  }
  return readAuthorFile(file, readFileSync(file));
}

function environmentFor(authorsDir: string): AuthorSourceEnvironment {
  return { authorsDir, fileExists: existsSync, refuseFile: createBoundary(process.cwd(), authorsDir).refuseFile };
}

/** Every author file of `authorsDir`, read and checked by the author schema (the tools' reading). */
export function readAuthorFiles(authorsDir = AUTHORS_CONTENT_DIR): Promise<AuthorSource[]> {
  const environment = environmentFor(authorsDir);
  const refuseFile = environment.refuseFile ?? (() => undefined);
  return Promise.all(listAuthorFiles(authorsDir).map((file) => toAuthorSource(readOne(file, refuseFile), environment)));
}

/** `file:line: field: message` for each problem. */
const described = (file: string, problems: AuthorFileReading["problems"]) =>
  problems.map((problem) => `${file}:${problem.line}: ${problem.field}: ${problem.message}`);

/**
 * The authors collection's loader: each file read as the tools read it, then validated by the collection's
 * schema (with Astro's image() for avatars). A build stops on the first load with every problem listed; the
 * dev server logs them, leaves the author out, and reloads when a file in the folder changes.
 */
export function authorsLoader(authorsDir = AUTHORS_CONTENT_DIR): Loader {
  return {
    name: "authors-loader",
    load: async (context) => {
      const { store, logger, watcher } = context;
      const root = fileURLToPath(context.config.root);
      const sync = async () => {
        const { refuseFile } = createBoundary(root, authorsDir);
        const problems: string[] = [];
        const entries = [];
        for (const file of listAuthorFiles(authorsDir)) {
          const reading = readOne(file, refuseFile);
          if (!reading.raw) {
            problems.push(...described(file, reading.problems));
            continue;
          }
          try {
            const data = await context.parseData({ id: reading.id, data: reading.raw, filePath: resolve(file) });
            const digest = context.generateDigest(readFileSync(file, "utf8"));
            entries.push({ id: reading.id, data, filePath: relative(root, resolve(file)), digest });
          } catch (error) {
            problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        if (problems.length > 0 && !watcher) {
          throw new Error(`Author files are refused (fix each, then build again):\n${problems.join("\n")}`);
        }
        for (const problem of problems) logger.error(problem);
        store.clear();
        for (const entry of entries) store.set(entry);
      };
      await sync();
      if (!watcher) return;
      const folder = resolve(authorsDir);
      if (existsSync(folder)) watcher.add(folder);
      watcher.on("all", (event, path) => {
        if (!["add", "change", "unlink"].includes(event) || !/\.ya?ml$/i.test(path)) return;
        if (resolve(path, "..") !== folder) return;
        sync().catch((error: unknown) => logger.error(error instanceof Error ? error.message : String(error)));
      });
    },
  };
}
