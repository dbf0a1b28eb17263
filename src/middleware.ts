/**
 * Each page's Content-Security-Policy names only its own inline code (build/output/page-csp.ts), trimmed as
 * the page is rendered: a page kept by the incremental build keeps its trimmed policy, and no page is read
 * back from disk after the build. Builds only: the dev server's pages are not the ones deployed.
 */
import { defineMiddleware } from "astro:middleware";
import { trimCspInPage } from "#build/output/page-csp.ts";

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (import.meta.env.DEV || !response.headers.get("content-type")?.startsWith("text/html")) return response;
  const page = new Uint8Array(await response.arrayBuffer());
  return new Response(trimCspInPage(page) ?? page, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
});
