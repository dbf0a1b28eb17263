/**
 * A static file server for dist/ on 127.0.0.1 that behaves like a production static
 * host: compression for text (Lighthouse audits it), long immutable caching for hashed
 * assets under /_astro/, and 404.html for misses. Used by the browser tests and
 * `npm run lighthouse`. sirv serves the files (types, ranges, index.html for folders);
 * it only sends precompressed siblings (.br, .gz), which dist/ has none of, so the
 * `compression` middleware compresses responses on the fly (brotli or gzip).
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join } from "node:path";
import compression from "compression";
import { lookup } from "mrmime";
import sirv from "sirv";

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "public, max-age=0, must-revalidate";
/** Types mrmime (sirv's table) lacks. */
const TYPES: Record<string, string> = { ".ico": "image/x-icon" };
/** Already compressed (Pagefind's index and WebAssembly): sent as they are. */
const BINARY = "application/octet-stream";

/** The Content-Type of a file: sirv's table, UTF-8 for text, and octet-stream rather than none. */
function contentType(path: string): string {
  const type = TYPES[extname(path)] ?? lookup(path) ?? BINARY;
  return type.startsWith("text/") ? `${type}; charset=utf-8` : type;
}

// The middleware works on plain node:http (it wraps writeHead, write and end); its types are Express's.
type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export function startStaticServer(root: string): Promise<{ url: string; server: Server }> {
  const notFoundPage = join(root, "404.html");
  const compress = compression({
    filter: (request, response) =>
      !String(response.getHeader("Content-Type")).startsWith(BINARY) && compression.filter(request, response),
  }) as unknown as Middleware;
  const serve = sirv(root, {
    setHeaders(response, pathname) {
      // A path without an extension is a folder's index.html, which sirv types itself.
      if (extname(pathname)) response.setHeader("Content-Type", contentType(pathname));
      response.setHeader("Cache-Control", pathname.startsWith("/_astro/") ? IMMUTABLE : REVALIDATE);
    },
    onNoMatch(_request, response) {
      response.writeHead(404, { "Content-Type": contentType(notFoundPage), "Cache-Control": REVALIDATE });
      response.end(existsSync(notFoundPage) ? readFileSync(notFoundPage) : "Not found");
    },
  });
  const server = createServer((request, response) => compress(request, response, () => serve(request, response)));
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}
