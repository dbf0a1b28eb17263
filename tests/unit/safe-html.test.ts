/**
 * The one URL and markup policy (src/markdown/safe-html.ts) on its own, on the hostile fixtures through
 * Sätteri for .md and .mdx, and the SVG sanitiser of the build (build/integrations/svg-safety.ts).
 * tests/build/hostile-output.test.ts checks a whole built site.
 */
import { readFileSync } from "node:fs";
import { DOMParser, parseHTML } from "linkedom";
import { markdownToHtml, mdxToJs } from "satteri";
import { describe, expect, it } from "vitest";
import { createSvgSanitiser } from "#build/integrations/svg-safety.ts";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { externalLinksPlugin, inertRawHtmlPlugin, isSafeHtml, isSafeUrl } from "#src/markdown/safe-html.ts";

const FIXTURES = "tests/fixtures/hostile/markup";
const plugins = {
  hastPlugins: [inertRawHtmlPlugin, externalLinksPlugin("https://site.example")],
  features: { gfm: true },
};
const markdown = (source: string) => markdownToHtml(source, plugins).html;

/** Every attribute of every element in some HTML, as `tag attribute=value`. */
function attributesOf(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return [...document.body.querySelectorAll("*")].flatMap((element) =>
    [...element.attributes].map((attribute) => `${element.localName} ${attribute.name}=${attribute.value}`),
  );
}

describe("the URL policy", () => {
  it.each([
    "https://example.com/",
    "http://example.com/a?b=c#d",
    "mailto:editor@example.com",
    "/blog/post/",
    "../images/x.png",
    "images/x.png",
    "#section",
    "?page=2",
    "//cdn.example.com/x.js",
    "./javascript:not-a-scheme",
    "",
  ])("allows %j", (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \u0001javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "jav&#x61;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A&#x61vascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "file:///etc/passwd",
    "tel:123",
  ])("refuses %j", (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });
});

describe("raw HTML, read by an HTML parser", () => {
  it.each([
    "<kbd>Ctrl</kbd>",
    '<abbr title="HyperText">HTML</abbr>',
    "<br>",
    "</cite>",
    "<!-- a comment -->",
    '<a href="https://example.com/">x</a>',
    '<img src="/x.png" alt="x" width="1">',
    '<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
  ])("keeps %s", (html) => {
    expect(isSafeHtml(html)).toBe(true);
  });

  it.each([
    "<script>x</script>",
    '<a href="jav&#x61;script:x">x</a>',
    "<a href=javascript:x>x</a>",
    '<img src=x onerror="x">',
    "<img src=x ONERROR=x>",
    '<p style="position:fixed">x</p>',
    '<form action="https://e.example/"></form>',
    '<button formaction="https://e.example/">x</button>',
    '<iframe srcdoc="x"></iframe>',
    '<svg><a xlink:href="javascript:x"><text>x</text></a></svg>',
    '<svg><set attributeName="href" to="javascript:x"/></svg>',
    '<math><mi href="javascript:x">x</mi></math>',
    '<img srcset="/a.png 1x, javascript:x 2x">',
    '<base href="https://e.example/">',
    '<link rel="stylesheet" href="/x.css">',
    '<meta http-equiv="refresh" content="0">',
  ])("shows %s as text", (html) => {
    expect(isSafeHtml(html)).toBe(false);
  });
});

describe("the Markdown plugin", () => {
  it("leaves no unsafe URL, handler, style or forbidden element in the hostile .md fixture, and keeps the good ones", () => {
    const html = markdown(bodyOf(readFileSync(`${FIXTURES}/hostile-markup-md.md`, "utf8")));
    const attributes = attributesOf(html);
    expect(attributes.filter((entry) => /=\s*(javascript|vbscript|data):/i.test(entry))).toEqual([]);
    expect(attributes.filter((entry) => /^\S+ (on\w+|style|srcdoc|action|formaction)=/i.test(entry))).toEqual([]);
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    expect(
      document.querySelectorAll("script, style, iframe, form, input, button, base, link, meta, object"),
    ).toHaveLength(0);
    // What is refused shows as text: the raw tags and the link texts.
    expect(document.body.textContent).toContain(`<a href="jav&#x61;script:window.__xss='raw-hex'">hex</a>`);
    expect(document.body.textContent).toContain('<p style="position:fixed;inset:0;background:red">');
    expect(document.body.textContent).toContain("An inline link: inline.");
    expect(document.body.textContent).toContain("An image whose source is a script URL: script image");
    const links = [...document.querySelectorAll("a")].map((link) => link.getAttribute("href"));
    expect(links).toEqual([
      "/blog/hostile-body/",
      "#markdown-links",
      "mailto:editor@example.com",
      "https://example.com/docs/",
      "https://example.com/raw",
    ]);
    expect(document.querySelector('img[alt="The site icon"]')?.getAttribute("src")).toBe("/favicon.svg");
    expect(document.querySelector("kbd")?.textContent).toBe("Ctrl");
  });

  it("compiles the hostile .mdx fixture without scripts, handlers, frames, bases, links, forms or styles", () => {
    const { code } = mdxToJs(bodyOf(readFileSync(`${FIXTURES}/hostile-markup-mdx.mdx`, "utf8")), plugins);
    for (const banned of [
      "javascript:",
      "vbscript:",
      "data:text",
      "onerror",
      "onload",
      "onClick",
      "onmouseover",
      '"script"',
      '"style"',
      '"iframe"',
      '"base"',
      '"link"',
      '"meta"',
      '"form"',
      '"input"',
      '"button"',
      '"object"',
      '"embed"',
      '"foreignObject"',
      "style:",
      "attacker.example",
    ]) {
      expect(code, banned).not.toContain(banned);
    }
    expect(code).toContain('href: "https://example.com/jsx"');
    expect(code).toContain('href: "mailto:editor@example.com"');
    expect(code).toContain('src: "/favicon.svg"');
    expect(code).toContain('viewBox: "0 0 100 20"');
  });
});

describe("raw HTML inside a tag shown as text", () => {
  it("is text too, so no stray element (an <svg>'s <text>) is left live outside it", () => {
    const html = markdown(
      `A <svg onload="x()"><a href="javascript:y()"><text y="20">label</text></a></svg> and <kbd>Ctrl</kbd> after.`,
    );
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    expect([...document.body.querySelectorAll("*")].map((element) => element.localName)).toEqual(["p", "kbd"]);
    expect(document.body.textContent).toContain('<text y="20">label</text>');
  });
});

describe("the SVG sanitiser", () => {
  const sanitiser = createSvgSanitiser();

  it("removes scripts, handlers, script links, foreignObject, animation and outside references", () => {
    const { svg, removed } = sanitiser.sanitise(readFileSync(`${FIXTURES}/images/hostile-cover.svg`, "utf8"));
    const document = new DOMParser().parseFromString(svg, "image/svg+xml");
    const elements = [...document.querySelectorAll("*")];
    expect(
      elements
        .map((element) => element.localName)
        .filter((name) => /^(script|foreignObject|iframe|set|animate|handler|use)$/i.test(name)),
    ).toEqual([]);
    const attributes = elements.flatMap((element) =>
      [...element.attributes].map((attribute) => `${attribute.name}=${attribute.value}`),
    );
    expect(attributes.filter((entry) => /^on/i.test(entry) || /javascript:|attacker\.example/i.test(entry))).toEqual(
      [],
    );
    expect(svg).not.toMatch(/attacker\.example|console\.log|@import/);
    expect(removed).toContain("<script>");
    // What is inert stays: the drawing, its text and its own style.
    expect(svg).toContain('viewBox="0 0 640 360"');
    expect(svg).toContain("click me");
    expect(svg).toContain(".box { stroke: #0b5fb3; }");
  });

  it("leaves a clean SVG as it is, and gives the same file when run again", () => {
    const favicon = readFileSync("public/favicon.svg", "utf8");
    expect(sanitiser.sanitise(favicon).svg).toBe(favicon);
    const once = sanitiser.sanitise(readFileSync(`${FIXTURES}/images/hostile-inline.svg`, "utf8")).svg;
    expect(sanitiser.sanitise(once).svg).toBe(once);
  });

  it("keeps links of the URL policy and fragment references, and drops CSS it cannot read", () => {
    const { svg } = sanitiser.sanitise(
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.com/">w</a><a href="tel:1">t</a>' +
        '<rect fill="url(#g)" filter="url(https://e.example/f.svg#x)" style="fill:u\\72l(https://e.example/x)"/>' +
        '<image href="data:image/png;base64,AAAA"/></svg>',
    );
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.com/">w</a><a>t</a>' +
        '<rect fill="url(#g)" filter="none"/><image href="data:image/png;base64,AAAA"/></svg>',
    );
  });

  it("refuses what is not an SVG document", () => {
    expect(() => sanitiser.sanitise('<svg xmlns="http://www.w3.org/2000/svg">&bogus;</svg>')).toThrow(
      /well-formed XML/,
    );
    expect(() => sanitiser.sanitise("<html><body></body></html>")).toThrow(/not an SVG/);
  });
});
