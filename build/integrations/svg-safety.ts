/**
 * SVG files reach the output as they were written: Astro copies a post's SVG cover or picture to
 * dist/_astro/ unchanged, and public/ (where posts keep images too) is copied as it is. An SVG opened on its
 * own is a document of the site's origin, so a <script>, an `onload` or a javascript: link in it would run
 * there. After the build, every SVG in the output is sanitised: DOMPurify (SVG and SVG-filter profiles, on
 * jsdom, the DOM its authors test it on) keeps the elements and attributes it knows to be inert, which drops
 * scripts, event handlers, foreignObject, animation of attributes and script URLs; on top of that, a
 * reference to anything outside the file (an <image> or <use> of another URL, CSS `@import` or `url()`) goes
 * too, and a link may only be http(s), mailto, relative or a #fragment, as on the pages (src/markdown/safe-html.ts).
 * An SVG that does not parse as XML is not served: the build fails, naming the file and the posts using it.
 * (public/_headers adds a sandboxing Content-Security-Policy to every SVG response as well.)
 * The dev server serves every SVG response (public/, a post's image through /@fs/ or /_image) sanitised
 * by the same function, and one that does not parse as an error (500) naming it.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration, AstroIntegrationLogger } from "astro";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

// require(), not import(): hooks run after Vite's module runner, which loaded the config, is closed.
const require = createRequire(import.meta.url);

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";
/** The schemes of the pages' URL policy (src/markdown/safe-html.ts), in DOMPurify's form: else no scheme at all. */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
/** The raster data an <image> may embed; anything else it names is outside the file. */
const EMBEDDED_IMAGE = /^data:image\/(png|jpe?g|gif|webp);/i;

/** CSS without `@import`, `url()` of another file and `image-set()`; undefined when escapes make it unreadable. */
function withoutExternalReferences(css: string): string | undefined {
  // An escape can spell `url(` or `@import` (`u\72l(`): such CSS is not worth reading.
  if (css.includes("\\")) return undefined;
  return css
    .replace(/@import[^;]*;?/gi, "")
    .replace(/(?:-webkit-)?image-set\([^)]*\)/gi, "none")
    .replace(/url\(\s*(["']?)(.*?)\1\s*\)/gi, (whole, _quote: string, target: string) =>
      target.trim().startsWith("#") ? whole : "none",
    );
}

export interface SvgSanitiser {
  /** The SVG with nothing active or external left, and what was removed; throws when it is not SVG. */
  sanitise(svg: string): { svg: string; removed: string[] };
}

/** A sanitiser on one jsdom window (jsdom and DOMPurify are loaded only when there is an SVG to clean). */
export function createSvgSanitiser(): SvgSanitiser {
  const { JSDOM } = require("jsdom") as typeof import("jsdom");
  const purifyModule = require("dompurify") as typeof import("dompurify") & { default?: typeof import("dompurify") };
  const createDOMPurify = purifyModule.default ?? purifyModule;
  const { window } = new JSDOM("");
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  let removed: string[] = [];
  purify.addHook("uponSanitizeAttribute", (node, data) => {
    const element = node as Element;
    // A link is checked by DOMPurify (ALLOWED_URI_REGEXP); any other reference must stay inside the file.
    if ((data.attrName === "href" || data.attrName === "xlink:href") && element.localName !== "a") {
      const target = data.attrValue.trim();
      if (!target.startsWith("#") && !(element.localName === "image" && EMBEDDED_IMAGE.test(target))) {
        data.keepAttr = false;
        removed.push(`${data.attrName} of <${element.localName}>`);
      }
      return;
    }
    if (/url\s*\(|@import|image-set|\\/i.test(data.attrValue)) {
      const css = withoutExternalReferences(data.attrValue);
      if (css === undefined) data.keepAttr = false;
      else data.attrValue = css;
      removed.push(`external reference in ${data.attrName}`);
    }
  });
  purify.addHook("uponSanitizeElement", (node, data) => {
    if (data.tagName !== "style" || !node.textContent) return;
    const css = withoutExternalReferences(node.textContent);
    if (css !== node.textContent) {
      node.textContent = css ?? "";
      removed.push("external reference in <style>");
    }
  });
  return {
    sanitise(svg) {
      removed = [];
      const document = new window.DOMParser().parseFromString(svg, "image/svg+xml");
      const root = document.documentElement;
      const parseError = document.getElementsByTagName("parsererror")[0];
      if (parseError) throw new Error(`it is not well-formed XML (${parseError.textContent?.trim()})`);
      if (root.localName !== "svg" || root.namespaceURI !== SVG_NAMESPACE) {
        throw new Error(`its root is <${root.localName}>, not an SVG <svg>`);
      }
      purify.sanitize(root, {
        IN_PLACE: true,
        USE_PROFILES: { svg: true, svgFilters: true },
        ALLOWED_URI_REGEXP,
        // ARIA roles and ids (aria-labelledby="title") serve readers; a file with no script has no DOM to clobber.
        ADD_ATTR: ["role"],
        SANITIZE_DOM: false,
        // What is inside a removed element goes with it (the text of a <script> or a <handler>).
        KEEP_CONTENT: false,
      });
      for (const entry of purify.removed) {
        const item = entry as { element?: Node; attribute?: Attr | null; from?: Node };
        if (item.attribute)
          removed.push(`${item.attribute.name} of <${(item.from as Element | undefined)?.localName}>`);
        else if (item.element?.nodeType === 1) removed.push(`<${(item.element as Element).localName}>`);
      }
      // The root element alone: a processing instruction or a doctype before it goes too.
      const serialised = new window.XMLSerializer().serializeToString(root);
      return { svg: svg.endsWith("\n") ? `${serialised}\n` : serialised, removed };
    },
  };
}

/** SVG files under a folder, recursively. */
function svgFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".svg"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** An output SVG's source file name (Astro emits `name.hash.svg` for `name.svg`). */
const sourceName = (outputFile: string) =>
  `${basename(outputFile).replace(/(\.[A-Za-z0-9_-]{8})?(_[A-Za-z0-9_-]+)?\.svg$/i, "")}.svg`;

/** The posts that name an SVG file called `source`. */
function postsUsing(root: string, source: string): string[] {
  const contentDir = join(root, BLOG_CONTENT_DIR);
  return readdirSync(contentDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.mdx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((post) => readFileSync(post, "utf8").includes(source))
    .map((post) => relative(root, post).split(sep).join("/"));
}

/** Why an SVG is not served: the build's error, and the dev server's answer. */
function unservableMessage(root: string, name: string, source: string, error: unknown): string {
  const posts = postsUsing(root, source);
  return `The SVG ${name}${posts.length > 0 ? ` (used by ${posts.join(", ")})` : ""} cannot be served: ${error instanceof Error ? error.message : String(error)}. Fix the file or use a PNG.`;
}

/** What the sanitiser removed from an SVG, as the build and the dev server log it. */
function removedMessage(root: string, name: string, source: string, removed: string[]): string {
  const posts = postsUsing(root, source);
  return `${name}${posts.length > 0 ? ` (${posts.join(", ")})` : ""}: removed ${[...new Set(removed)].join(", ")}`;
}

const SVG_TYPE = /^\s*image\/svg\+xml\s*(;|$)/i;

/** A header's value in writeHead's headers (an object, or a flat array of names and values), or undefined. */
function headerIn(headers: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined, name: string): unknown {
  if (Array.isArray(headers)) {
    const at = headers.findIndex((item, index) => index % 2 === 0 && String(item).toLowerCase() === name);
    return at === -1 ? undefined : headers[at + 1];
  }
  return Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * The dev server's SVG responses, sanitised: a Connect middleware (installed before Vite's and Astro's own)
 * that holds back the body of every response whose Content-Type is SVG, whoever writes it (Vite's static
 * files for public/ and /@fs/, Astro's /_image endpoint), and sends what `clean` makes of it instead: the
 * sanitised SVG, or, for one that is not SVG, an error (500) naming it. Validators go (a browser never
 * revalidates against the original file), and a partial response becomes the whole file's.
 */
function svgResponsesSanitised(
  clean: (svg: string, url: string) => { svg: string } | { error: string },
): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    if (request.method === "HEAD") return next();
    const { writeHead, write, end } = response;
    /** The body, once the response is known to be an SVG. */
    let held: Buffer[] | undefined;
    let decided = false;
    const decide = (contentType: unknown, status: number) => {
      if (decided) return;
      decided = true;
      if (status !== 204 && status !== 304 && SVG_TYPE.test(String(contentType ?? ""))) held = [];
    };
    response.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
      const [reason, headers] = (typeof rest[0] === "string" ? rest : [undefined, rest[0]]) as [
        string | undefined,
        OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined,
      ];
      decide(headerIn(headers, "content-type") ?? response.getHeader("content-type"), statusCode);
      if (!held) return (writeHead as (...args: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
      // Held: the head is written with the cleaned body, from these headers.
      response.statusCode = statusCode;
      if (reason !== undefined) response.statusMessage = reason;
      if (Array.isArray(headers)) {
        for (let index = 0; index + 1 < headers.length; index += 2) {
          response.setHeader(String(headers[index]), headers[index + 1] as OutgoingHttpHeader);
        }
      } else {
        for (const [name, value] of Object.entries(headers ?? {})) {
          if (value !== undefined) response.setHeader(name, value);
        }
      }
      return response;
    } as ServerResponse["writeHead"];
    const chunkOf = (chunk: unknown, encoding: unknown) =>
      Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      decide(response.getHeader("content-type"), response.statusCode);
      if (!held) return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      held.push(chunkOf(chunk, rest[0]));
      const callback = rest.find((item) => typeof item === "function") as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    } as ServerResponse["write"];
    response.end = function (this: ServerResponse, ...args: unknown[]) {
      decide(response.getHeader("content-type"), response.statusCode);
      if (!held) return (end as (...args: unknown[]) => ServerResponse).call(this, ...args);
      const callback = args.find((item) => typeof item === "function") as (() => void) | undefined;
      if (args[0] !== undefined && typeof args[0] !== "function") held.push(chunkOf(args[0], args[1]));
      const result = clean(Buffer.concat(held).toString("utf8"), request.url ?? "");
      for (const name of ["content-length", "content-range", "etag", "last-modified"]) response.removeHeader(name);
      response.setHeader("cache-control", "no-cache");
      let body: string;
      if ("svg" in result) {
        body = result.svg;
        if (response.statusCode === 206) response.statusCode = 200;
      } else {
        body = result.error;
        response.statusCode = 500;
        response.setHeader("content-type", "text/plain; charset=utf-8");
      }
      response.setHeader("content-length", Buffer.byteLength(body));
      // Node writes the head through writeHead: this response's own again.
      Object.assign(response, { writeHead, write, end });
      return (end as (...args: unknown[]) => ServerResponse).call(this, body, callback);
    } as ServerResponse["end"];
    next();
  };
}

/**
 * The file an SVG request names (`/_image`'s `href`, `/@fs/` and the query dropped), as a path from `root`
 * where it is inside: a file of the project, or of public/.
 */
function requestedFile(root: string, url: string): string {
  const parsed = new URL(url, "http://dev.invalid");
  const href = /^\/_image\/?$/.test(parsed.pathname) ? parsed.searchParams.get("href") : null;
  const path = decodeURIComponent(href === null ? parsed.pathname : new URL(href, "http://dev.invalid").pathname);
  const file = path.startsWith("/@fs/")
    ? path.slice("/@fs".length)
    : [join(root, path), join(root, "public", path)].find((candidate) => existsSync(candidate));
  if (file === undefined) return path;
  const inRoot = relative(root, file);
  return inRoot.startsWith("..") || isAbsolute(inRoot) ? file : inRoot.split(sep).join("/");
}

/** What the dev server makes of each SVG it serves (by the hash of its text), and a warning for what it removed. */
function devServerCleaner(root: string, logger: AstroIntegrationLogger) {
  let sanitiser: SvgSanitiser | undefined;
  const results = new Map<string, { svg: string } | { error: string }>();
  return (svg: string, url: string) => {
    const key = sha256(svg);
    const known = results.get(key);
    if (known) return known;
    const name = requestedFile(root, url);
    let result: { svg: string } | { error: string };
    try {
      sanitiser ??= createSvgSanitiser();
      const { svg: clean, removed } = sanitiser.sanitise(svg);
      if (removed.length > 0) logger.warn(removedMessage(root, name, basename(name), removed));
      result = { svg: clean };
    } catch (error) {
      const message = unservableMessage(root, name, basename(name), error);
      logger.error(message);
      result = { error: message };
    }
    results.set(key, result);
    return result;
  };
}

/**
 * Loading jsdom costs more than a second, and every build has SVGs (the site's icon, and a post's cover is
 * copied afresh each build): what the sanitiser made of a file's content is kept in the cache, under a key of
 * this module and the DOMPurify and jsdom versions (a change of policy checks every file again).
 */
const CACHE_FOLDER = "svg-safety";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
function sanitiserKey(): string {
  // The nearest package.json above a package's entry point (neither package exports its package.json).
  const version = (name: string) => {
    for (let folder = dirname(require.resolve(name)); folder !== dirname(folder); folder = dirname(folder)) {
      const file = join(folder, "package.json");
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? "";
    }
    return "";
  };
  return sha256(
    `${readFileSync(fileURLToPath(import.meta.url), "utf8")}\0${version("dompurify")}\0${version("jsdom")}`,
  );
}

export function svgSafety(): AstroIntegration {
  let root = "";
  let cacheDir = "";
  return {
    name: "svg-safety",
    hooks: {
      "astro:config:done": ({ config }) => {
        root = fileURLToPath(config.root);
        cacheDir = fileURLToPath(config.cacheDir);
      },
      // Run inside Vite's configureServer: a middleware added here comes before Vite's own.
      "astro:server:setup": ({ server, logger }) => {
        server.middlewares.use(svgResponsesSanitised(devServerCleaner(root, logger)));
      },
      "astro:build:done": ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const files = svgFiles(outDir);
        if (files.length === 0) return;
        const key = sanitiserKey();
        const cache = join(cacheDir, CACHE_FOLDER, key);
        mkdirSync(cache, { recursive: true });
        // Only the current key's results are kept.
        for (const old of readdirSync(dirname(cache)).filter((folder) => folder !== key)) {
          rmSync(join(dirname(cache), old), { recursive: true, force: true });
        }
        let sanitiser: SvgSanitiser | undefined;
        let cleaned = 0;
        for (const file of files) {
          const name = relative(outDir, file).split(sep).join("/");
          const original = readFileSync(file, "utf8");
          const cached = join(cache, `${sha256(original)}.json`);
          let result: ReturnType<SvgSanitiser["sanitise"]>;
          if (existsSync(cached)) result = JSON.parse(readFileSync(cached, "utf8"));
          else {
            try {
              sanitiser ??= createSvgSanitiser();
              result = sanitiser.sanitise(original);
            } catch (error) {
              throw new Error(unservableMessage(root, name, sourceName(file), error));
            }
          }
          writeFileSync(cached, JSON.stringify(result));
          if (result.svg === original) continue;
          // The result is a fixed point: the same file, kept in the output by the next build, is clean.
          writeFileSync(join(cache, `${sha256(result.svg)}.json`), JSON.stringify({ svg: result.svg, removed: [] }));
          writeFileSync(file, result.svg);
          cleaned++;
          if (result.removed.length > 0) logger.warn(removedMessage(root, name, sourceName(file), result.removed));
        }
        logger.info(`${files.length} SVG files checked, ${cleaned} sanitised`);
      },
    },
  };
}
