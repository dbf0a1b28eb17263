/**
 * The content boundary: the folders whose files a post may use. A post's cover, its body images, the
 * `<Figure src>`s and images an MDX post imports, and the post files themselves must be inside the
 * content folder, `src/assets/` or `public/`; anything else is an error that names the post and the
 * path as written, never what the other file holds.
 *
 * Pure path arithmetic on "/"-separated paths. Links are the build's business: it resolves them
 * (realpath) and asks `isInsideAny` of the result (build/integrations/content-boundary.ts).
 */

/** The folders a post's files may be in, relative to the project root: its content folder first. */
export function boundaryFolders(contentDir: string): string[] {
  return [trimSlashes(contentDir), "src/assets", "public"];
}

/** "src/content/blog/, src/assets/ or public/": the folders, for messages. */
export function describeFolders(folders: readonly string[]): string {
  const named = folders.map((folder) => `${trimSlashes(folder)}/`);
  return named.length < 2 ? (named[0] ?? "") : `${named.slice(0, -1).join(", ")} or ${named.at(-1)}`;
}

function trimSlashes(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
}

/**
 * Resolves `.`, `..` and repeated slashes. An absolute path stays absolute (`..` at `/` stays at `/`);
 * a relative one keeps the `..` segments that climb above where it starts. Backslashes count as
 * separators too: a path that means something else on another system is refused, not guessed at.
 */
export function normalizePath(path: string): string {
  const absolute = /^[\\/]/.test(path);
  const segments: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.length > 0 && segments.at(-1) !== "..") segments.pop();
    else if (!absolute) segments.push("..");
  }
  const joined = segments.join("/");
  return absolute ? `/${joined}` : joined || ".";
}

/**
 * `written` taken relative to the folder `base` (a leading "/" too: public paths are relative to
 * public/), or undefined when its `..` segments climb out of `base` on the way.
 */
export function resolveInside(base: string, written: string): string | undefined {
  let depth = 0;
  for (const segment of written.split(/[\\/]+/)) {
    if (segment === "" || segment === ".") continue;
    depth += segment === ".." ? -1 : 1;
    if (depth < 0) return undefined;
  }
  const relative = normalizePath(`./${written.replace(/^[\\/]+/, "")}`);
  return relative === "." ? trimSlashes(base) : `${trimSlashes(base)}/${relative}`;
}

/** Whether `path` is `folder` or inside it. Both are normalised first; mix absolute and relative paths and the answer is no. */
export function isInside(path: string, folder: string): boolean {
  const file = normalizePath(path);
  const root = normalizePath(folder);
  if (root === "/") return file.startsWith("/");
  if (root === ".") return !file.startsWith("/") && file !== ".." && !file.startsWith("../");
  return file === root || file.startsWith(`${root}/`);
}

export function isInsideAny(path: string, folders: readonly string[]): boolean {
  return folders.some((folder) => isInside(path, folder));
}

/** `decodeURI`, or the text as it is when it is not valid percent-encoding (then no file has that name either). */
export function decodePublicPath(publicPath: string): string {
  try {
    return decodeURI(publicPath);
  } catch {
    return publicPath;
  }
}

/** The path a post wrote, quoted and cut short: only ever the post's own text. */
export function quotePath(written: string): string {
  return JSON.stringify(written.length > 200 ? `${written.slice(0, 200)}…` : written);
}

/**
 * Why a path is refused, in the schema's words: "expected a file inside public/, found the path
 * "/../x.png", which leads outside it". `link`: the path is inside, but a link on it leads outside.
 */
export function outsideBoundaryReason({
  written,
  folders,
  link = false,
}: {
  written: string;
  folders: readonly string[];
  link?: boolean;
}): string {
  const how = link ? "is a link to a file outside" : "leads outside";
  return `expected a file inside ${describeFolders(folders)}, found the path ${quotePath(written)}, which ${how} ${folders.length > 1 ? "them" : "it"}`;
}

/**
 * "src/content/blog/x.md:12: image: expected a file inside …, found the path "../../a.png", which leads
 * outside them": a refused reference, naming the post, the line when known, and the field or kind.
 */
export function outsideBoundaryMessage({
  file,
  line,
  what,
  ...reason
}: Parameters<typeof outsideBoundaryReason>[0] & {
  /** The post file, relative to the project root. */
  file: string;
  line?: number | undefined;
  /** Which reference: "coverImage", "image", "import", "<Figure src>", "post file". */
  what: string;
}): string {
  const where = line === undefined ? file : `${file}:${line}`;
  return `${where}: ${what}: ${outsideBoundaryReason(reason)}. A post may only use files inside these folders: move the file into one and fix the path.`;
}

/** The 1-based line of the first occurrence of `written` in a post's text, or undefined. */
export function lineOf(text: string, written: string): number | undefined {
  if (!written) return undefined;
  const index = text.indexOf(written);
  return index < 0 ? undefined : text.slice(0, index).split("\n").length;
}
