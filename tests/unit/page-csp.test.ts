import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { trimCspToPage } from "#build/output/page-csp.ts";

const hash = (code: string) => `'sha256-${createHash("sha256").update(code).digest("base64")}'`;
const page = (policy: string, body: string) =>
  `<html><head><meta http-equiv="content-security-policy" content="${policy}"><style>a{}</style></head><body>${body}</body></html>`;

describe("trimCspToPage", () => {
  const own = "console.log(1)";
  const other = "console.log(2)";
  const policy = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${hash(own)} ${hash(other)}; style-src 'self' ${hash("a{}")} ${hash("b{}")}`;

  it("keeps only the hashes of the page's own inline scripts and styles, and every other source", () => {
    const html = trimCspToPage(page(policy, `<script>${own}</script><script type="module" src="/x.js"></script>`));
    expect(html).toContain(`script-src 'self' 'wasm-unsafe-eval' ${hash(own)};`);
    expect(html).toContain(`style-src 'self' ${hash("a{}")}"`);
    expect(html).not.toContain(hash(other));
    expect(html).not.toContain(hash("b{}"));
    expect(html).toContain("default-src 'self';");
  });

  it("changes nothing on a page that already names only its own code, or has no policy", () => {
    const trimmed = trimCspToPage(page(policy, `<script>${own}</script>`)) as string;
    expect(trimCspToPage(trimmed)).toBeUndefined();
    expect(trimCspToPage("<html><script>x</script></html>")).toBeUndefined();
  });

  it("reads elements, not text: a <script> inside an attribute is no script, and hides no real one", () => {
    const html = trimCspToPage(
      page(policy, `<meta content="<script>${other}"><script>${own}</script><p title="</script>">x</p>`),
    );
    expect(html).toContain(hash(own));
    expect(html).not.toContain(hash(other));
  });

  it("never keeps a hash for code the page does not carry, even when the page names it as text", () => {
    const html = trimCspToPage(page(policy, `<pre>&lt;script&gt;${other}&lt;/script&gt;</pre>`));
    expect(html).not.toContain(hash(other));
  });

  it("hashes a script's text as written, entities and all, and a style split by a comment-like text whole", () => {
    const code = "if (a &amp;&amp; b < c) run()";
    const css = "a::after{content:'<!--'}";
    const policyFor = `script-src 'self' ${hash(code)} ${hash(other)}; style-src 'self' ${hash(css)} ${hash("b{}")}`;
    const html = trimCspToPage(
      `<html><head><meta http-equiv="content-security-policy" content="${policyFor}"><style>${css}</style></head><body><script>${code}</script></body></html>`,
    ) as string;
    expect(html).toContain(hash(code));
    expect(html).toContain(hash(css));
    expect(html).not.toContain(hash(other));
  });

  it("reads <SCRIPT> in any case, skips a script with src= however it is spelled, and a comment's <script>", () => {
    const html = trimCspToPage(
      page(policy, `<!-- <script>${other}</script> --><SCRIPT>${own}</SCRIPT><script SRC="/x.js">${other}</script>`),
    ) as string;
    expect(html).toContain(hash(own));
    expect(html).not.toContain(hash(other));
  });

  it("hashes a script's UTF-8 bytes, whatever else the page holds in other scripts", () => {
    const code = "document.title = 'Ünïcödé — 日本語 🎉'";
    const html = trimCspToPage(page(policy.replace(hash(own), hash(code)), `<p>ß → ✓</p><script>${code}</script>`));
    expect(html).toContain(hash(code));
    expect(html).toContain("<p>ß → ✓</p>");
    expect(html).not.toContain(hash(other));
  });
});
