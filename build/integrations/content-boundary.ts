/**
 * The content boundary (src/domain/content-boundary.ts), where files are: every file a post uses
 * must be, through every link (realpath), inside the content folder, src/assets/ or public/.
 *
 * - `createBoundary` answers for one project: the schema's covers (src/content.config.ts, and the
 *   raw reader's environment in build/content/post-files.ts).
 * - `refuseLinkedPosts` and `refusePostFile`: a post file, or a folder of them, that is a link out
 *   of the content folder (the posts loader, the raw reader, the collection's generateId).
 * - `contentBoundary()`: a Vite plugin for what Astro turns into imports. A Markdown or MDX image
 *   (`![x](../a.png)`, through the content layer's `?astroContentImageFlag&importer=<post>` imports or
 *   the MDX module's own), an MDX `import`, and `<Figure src="…">` are refused before any file is read,
 *   so no error (a parse error's code frame, say) can show what another file holds.
 *
 * Written against astro 7.3.5: content images are imported as `<path>?astroContentImageFlag&importer=<post
 * path from the root>` and resolved by `astro:content-asset-propagation` (enforce "pre") with
 * `this.resolve(path, <post>)`, which this plugin sees either way round (tests/build/hostile-boundary.test.ts;
 * the import's form is guarded by tests/unit/framework-internals.test.ts).
 */
import { type Dirent, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AstroIntegration } from "astro";
import type { Plugin } from "vite";
import {
  boundaryFolders,
  describeFolders,
  isInside,
  isInsideAny,
  lineOf,
  outsideBoundaryMessage,
  outsideBoundaryReason,
  quotePath,
  resolveInside,
} from "#src/domain/content-boundary.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

const toPosix = (path: string) => path.split("\\").join("/");

/** The real path of a file through every link; for one that does not exist, the real path of its folder and its name. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}

export interface Boundary {
  root: string;
  /** The folders, relative to the root: the content folder, src/assets, public. */
  folders: string[];
  /** Whether a file (absolute, or relative to the root) is inside the folders, by its path and through its links. */
  contains(path: string): boolean;
  /**
   * Why a file a post uses may not be used (its path or a link on it leads outside the folders), in
   * the schema's words, given its path (relative to the root) and the path as written; else undefined.
   */
  refuseFile(path: string, written: string): string | undefined;
}

export function createBoundary(root = process.cwd(), contentDir = BLOG_CONTENT_DIR): Boundary {
  const folders = boundaryFolders(contentDir);
  let realFolders: string[] | undefined;
  const real = () => {
    realFolders ??= folders.map((folder) => toPosix(realPath(resolve(root, folder))));
    return realFolders;
  };
  const absoluteFolders = folders.map((folder) => toPosix(resolve(root, folder)));
  const lexicallyInside = (absolute: string) => isInsideAny(toPosix(absolute), absoluteFolders);
  const refuseFile = (path: string, written: string) => {
    const absolute = resolve(root, path);
    if (!lexicallyInside(absolute)) return outsideBoundaryReason({ written, folders });
    if (!isInsideAny(toPosix(realPath(absolute)), real()))
      return outsideBoundaryReason({ written, folders, link: true });
    return undefined;
  };
  return {
    root,
    folders,
    contains: (path) => refuseFile(path, path) === undefined,
    refuseFile,
  };
}

/** A post file's path for messages: relative to the root when it is inside it. */
function shown(root: string, path: string): string {
  const inRoot = toPosix(relative(root, path));
  return inRoot.startsWith("../") || isAbsolute(inRoot) ? toPosix(path) : inRoot;
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return realPath(path);
  }
}

/**
 * Throws when the post file (relative to the root, or absolute) is a link to a file outside the
 * content folder: the glob loader would read it and publish it.
 */
export function refusePostFile(filePath: string, root = process.cwd(), contentDir = BLOG_CONTENT_DIR): void {
  const absolute = resolve(root, filePath);
  const base = toPosix(realPath(resolve(root, contentDir)));
  if (isInside(toPosix(realPath(absolute)), base)) return;
  throw new Error(
    `${shown(root, absolute)}: post file: expected a file inside ${describeFolders([contentDir])}, found a link to ${quotePath(linkTarget(absolute))}, outside it. A post must be a file in the content folder: move it there instead of linking to it.`,
  );
}

/**
 * Throws on the first link under the content folder that would bring posts in from outside it: a
 * post file linking out of it, or a folder linking out of every folder a post may use.
 */
export function refuseLinkedPosts(contentDir: string, root = process.cwd()): void {
  const base = resolve(root, contentDir);
  const realBase = toPosix(realPath(base));
  const boundary = createBoundary(root, contentDir);
  let entries: Dirent[];
  try {
    entries = readdirSync(base, { recursive: true, withFileTypes: true });
  } catch {
    return; // No content folder: nothing to publish.
  }
  for (const entry of entries) {
    if (!entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    const target = toPosix(realPath(path));
    if (isInside(target, realBase)) continue;
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      continue; // A link to nothing: nothing to read.
    }
    if (!isFolder && /\.mdx?$/i.test(entry.name)) refusePostFile(path, root, contentDir);
    if (isFolder && !boundary.contains(target)) {
      throw new Error(
        `${shown(root, path)}: folder: expected a folder inside ${describeFolders(boundary.folders)}, found a link to ${quotePath(linkTarget(path))}, outside them. The posts and images in it would be published: move them into the content folder instead of linking to them.`,
      );
    }
  }
}

// ---- The Vite plugin ----

const CONTENT_IMAGE_FLAG = "astroContentImageFlag";
/** A specifier naming a file by its path (relative, absolute, file:), as opposed to a package or a virtual module. */
const PATH_LIKE = /^(?:\.{1,2}(?:[\\/]|$)|[\\/]|file:)/i;
/** `<Figure … src="…">` (or src='…') in MDX, attributes in quotes or simple braces before it. */
const FIGURE_SRC = /<Figure\b(?:[^>"'{]|"[^"]*"|'[^']*'|\{[^{}]*\})*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** A fenced code block, blanked before looking for <Figure>s: a post may show one as code. */
const FENCE = /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1?\2[`~]*[ \t]*$|(?![\s\S]))/gm;

/** The id of a refused resolution (the plugin's `refuse`). */
const REFUSED = "\0content-boundary:refused:";
/** The id of a file in the content folder that links outside: a module that throws when it is used. */
const STAND_IN = "\0content-boundary:outside:";

const withoutQuery = (id: string) => id.replace(/[?#].*$/s, "");

/** Registers the plugin (astro.config.mjs). */
export function contentBoundary(contentDir = BLOG_CONTENT_DIR): AstroIntegration {
  return {
    name: "content-boundary",
    hooks: {
      "astro:config:setup": ({ config, updateConfig }) => {
        updateConfig({ vite: { plugins: [contentBoundaryPlugin(fileURLToPath(config.root), contentDir)] } });
      },
    },
  };
}

export function contentBoundaryPlugin(rootDir: string, contentDir = BLOG_CONTENT_DIR): Plugin {
  const root = rootDir.replace(/[\\/]+$/, "");
  const rootUrl = pathToFileURL(`${root}/`);
  const boundary = createBoundary(root, contentDir);
  const contentAbsolute = toPosix(resolve(root, contentDir));
  const folderPaths = boundary.folders.map((folder) => toPosix(resolve(root, folder)));
  let packages: string | undefined;
  const packagesFolder = () => {
    packages ??= toPosix(realPath(join(root, "node_modules")));
    return packages;
  };
  const isPostFile = (path: string) => /\.mdx?$/i.test(path) && isInside(toPosix(path), contentAbsolute);

  /** The post a specifier is written in: the importer, or the content layer's `importer=` for a post's images. */
  function postOf(source: string, importer: string | undefined): string | undefined {
    const query = source.includes("?") ? source.slice(source.indexOf("?") + 1) : "";
    if (query.split("&").includes(CONTENT_IMAGE_FLAG) || query.startsWith(`${CONTENT_IMAGE_FLAG}=`)) {
      const named = new URLSearchParams(query).get("importer");
      if (named) {
        const path = fileURLToPath(new URL(named, rootUrl));
        if (isPostFile(path)) return path;
      }
    }
    const path = importer && withoutQuery(importer);
    return path && isAbsolute(path) && isPostFile(path) ? path : undefined;
  }

  /** The file a path-like specifier names, before links: root-relative ("/src/…"), absolute or relative to the importer. */
  function namedFile(source: string, importer: string | undefined): string | undefined {
    const path = withoutQuery(source);
    if (path.startsWith("/")) return path.startsWith(`${root}/`) ? path : join(root, path);
    if (/^\.{1,2}[\\/]/.test(path) && importer && isAbsolute(withoutQuery(importer))) {
      return resolve(dirname(withoutQuery(importer)), path);
    }
    return undefined;
  }

  /**
   * A refused resolution becomes a module that fails when loaded, with the message: an error thrown
   * here would often be thrown inside another plugin's `this.resolve` (Astro's, for a Markdown post's
   * images), where Rolldown reports only "Errored while resolving" and drops the message.
   */
  const refusals: string[] = [];
  function refuse(post: string, what: string, written: string, link: boolean): { id: string } {
    let line: number | undefined;
    try {
      line = lineOf(readFileSync(post, "utf8"), written); // The post itself: inside the content folder.
    } catch {}
    refusals.push(
      outsideBoundaryMessage({ file: shown(root, post), line, what, written, folders: boundary.folders, link }),
    );
    return { id: `${REFUSED}${refusals.length - 1}` };
  }

  return {
    name: "content-boundary",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source.startsWith("\0")) return null;
      const post = postOf(source, importer);
      if (!post) {
        // Not written in a post, but naming a file in the content folder (Figure.astro's import.meta.glob):
        // Vite would follow a link there to wherever it leads. Such a file becomes a module that throws when
        // it is used (the post that uses it is refused first, by the <Figure src> check below): unused, it
        // is published nowhere and fails nothing.
        const named = namedFile(source, importer);
        if (!named || !isInside(toPosix(named), contentAbsolute)) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        const target = resolved && !resolved.external ? withoutQuery(resolved.id) : undefined;
        if (!target || !isAbsolute(target) || boundary.contains(target)) return resolved;
        refusals.push(
          `${shown(root, named)}: ${outsideBoundaryReason({ written: shown(root, named), folders: boundary.folders, link: true })}. A post may only use files inside these folders.`,
        );
        return { id: `${STAND_IN}${refusals.length - 1}` };
      }
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const target = withoutQuery(resolved.id).replace(/^\/@fs(?=\/)/, "");
      // Virtual modules (astro:assets, \0…) are no files.
      if (!isAbsolute(target)) return resolved;
      const contentImage = source.includes(CONTENT_IMAGE_FLAG);
      const written = contentImage ? withoutQuery(source) : source;
      const what = contentImage || /\.(png|jpe?g|webp|avif|gif|svg|tiff?)$/i.test(target) ? "image" : "import";
      const absolute = resolve(target);
      const refused = boundary.refuseFile(absolute, written);
      if (!refused) return resolved;
      // A package (astro/jsx-runtime, which every MDX module imports) or a subpath import (#src/…): code
      // from the packages or the project's src/, through links too. A path is held to the folders.
      if (!PATH_LIKE.test(written) && !/(?:^|[\\/])\.\.(?:[\\/]|$)/.test(written)) {
        const real = toPosix(realPath(absolute));
        if (isInside(real, packagesFolder()) || isInside(real, toPosix(realPath(join(root, "src"))))) return resolved;
      }
      // Vite resolves links itself: a relative path that stays inside, to a file that is not, went through one.
      const lexical = /^\.{1,2}[\\/]/.test(written) ? resolve(dirname(post), withoutQuery(written)) : undefined;
      const throughLink =
        refused.includes("is a link") || (lexical !== undefined && isInsideAny(toPosix(lexical), folderPaths));
      return refuse(post, what, written, throughLink);
    },
    load: {
      order: "pre",
      handler(id) {
        // A file in the content folder (an image Figure.astro's glob found, say) that is a link out of the folders.
        const path = withoutQuery(id);
        if (path.startsWith(REFUSED)) throw new Error(refusals[Number(path.slice(REFUSED.length))]);
        if (path.startsWith(STAND_IN)) {
          return `throw new Error(${JSON.stringify(refusals[Number(path.slice(STAND_IN.length))])});`;
        }
        if (id.startsWith("\0") || !isAbsolute(path) || !isInside(toPosix(path), contentAbsolute)) return null;
        if (!boundary.contains(path)) {
          throw new Error(
            `${shown(root, path)}: ${outsideBoundaryReason({ written: shown(root, path), folders: boundary.folders, link: true })}. A post may only use files inside these folders.`,
          );
        }
        return null;
      },
    },
    transform: {
      order: "pre",
      handler(code, id) {
        const post = withoutQuery(id);
        if (!post.endsWith(".mdx") || !isPostFile(post)) return null;
        // <Figure src="images/x.png"> takes its path relative to the content folder (Figure.astro).
        const text = code.replace(FENCE, (block) => block.replace(/[^\n]/g, " "));
        for (const match of text.matchAll(FIGURE_SRC)) {
          const written = match[1] ?? match[2] ?? "";
          if (/^[a-z][a-z0-9+.-]*:/i.test(written)) continue; // A URL: Figure refuses it itself.
          const file = resolveInside(contentDir, written.replace(/^\.?\//, ""));
          const refused = file === undefined ? "outside" : boundary.refuseFile(file, written);
          if (!refused) continue;
          const line = text.slice(0, match.index).split("\n").length;
          throw new Error(
            outsideBoundaryMessage({
              file: shown(root, post),
              line,
              what: "<Figure src>",
              written,
              folders: file === undefined ? [contentDir] : boundary.folders,
              link: file !== undefined && refused.includes("is a link"),
            }),
          );
        }
        return null;
      },
    },
  };
}
