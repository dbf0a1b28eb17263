/**
 * GitHub's alerts (src/markdown/alerts.ts) and footnote popovers (src/markdown/footnote-popovers.ts) through
 * the site's real Markdown pipeline, for .md and .mdx: an alert is the <Callout> component's markup
 * (src/markdown/callout-markup.ts), a footnote reference is described by a hidden copy of its note, and feeds
 * show the alert as a quoted block with a bold title and drop the copies.
 */
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { markdownToHtml, mdxToJs } from "satteri";
import { describe, expect, it, vi } from "vitest";
import { feedHtml } from "#src/domain/feeds/content.ts";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { CALLOUT_LABELS, type CalloutType, calloutMarkup } from "#src/markdown/callout-markup.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";

// Vitest hands CSS imports over empty, `?raw` too; code-block.ts reads the token classes from this file.
vi.mock("#src/styles/code-theme.css?raw", () => ({
  default: readFileSync("src/styles/code-theme.css", "utf8"),
}));

const FIXTURES = "tests/fixtures/markdown-features";
const astroData = () => ({
  astro: { frontmatter: {}, headings: [], localImagePaths: new Set<string>(), remoteImagePaths: new Set<string>() },
});

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
/** What the runtime below returns for an element: its HTML, told apart from text, which it escapes. */
interface Html {
  html: string;
}
const FRAGMENT = Symbol("fragment");

/** A JSX runtime that writes HTML, enough to read what compiled MDX renders (no components). */
function jsx(type: string | typeof FRAGMENT, props: Record<string, unknown>): Html {
  const { children, ...attributes } = props;
  const inner = [children]
    .flat(Number.POSITIVE_INFINITY)
    .map((child) => (typeof child === "string" ? escapeHtml(child) : ((child as Html | undefined)?.html ?? "")))
    .join("");
  if (type === FRAGMENT) return { html: inner };
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== false && value !== undefined && value !== null)
    .map(([name, value]) => {
      const html = name === "className" ? "class" : name === "tabIndex" ? "tabindex" : name;
      return value === true ? ` ${html}` : ` ${html}="${escapeHtml(String(value))}"`;
    })
    .join("");
  return { html: `<${type}${attrs}>${inner}</${type}>` };
}

async function renderMarkdown(source: string): Promise<string> {
  return (await markdownToHtml(source, { ...markdownPipeline, data: astroData() })).html;
}

/** Compiles MDX with the pipeline and runs the module with the HTML-writing runtime. */
async function renderMdx(source: string): Promise<string> {
  const { code } = await mdxToJs(source, { ...markdownPipeline, data: astroData() });
  const body = code.replace(/^import .*$/m, "").replace(/^export default MDXContent;$/m, "return MDXContent;");
  const module = new Function("_Fragment", "_jsx", "_jsxs", body) as (...runtime: unknown[]) => (p: object) => Html;
  return module(FRAGMENT, jsx, jsx)({}).html;
}

const RENDERERS = [
  ["md", renderMarkdown],
  ["mdx", renderMdx],
] as const;

const documentOf = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

/** Tag, classes, role and the title's text, outermost first: what the component and an alert must share. */
function skeleton(callout: Element): string[] {
  const describe = (element: Element | null | undefined) =>
    element ? `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}` : "missing";
  const [title, body] = [...callout.children];
  return [
    `${describe(callout)}[role=${callout.getAttribute("role")}]`,
    describe(title),
    describe(title?.firstElementChild),
    title?.textContent ?? "",
    describe(body),
  ];
}

/** The same skeleton from the shared description the component's template is written from. */
function expectedSkeleton(type: CalloutType): string[] {
  const { root, title, body } = calloutMarkup(type);
  return [
    `${root.tagName}.${root.className.join(".")}[role=${root.role}]`,
    `${title.tagName}.${title.className.join(".")}`,
    `${title.label}.`,
    title.text,
    `${body.tagName}.${body.className.join(".")}`,
  ];
}

const ALERTS = [
  ["NOTE", "note"],
  ["TIP", "tip"],
  ["IMPORTANT", "important"],
  ["WARNING", "warning"],
  ["CAUTION", "caution"],
] as const;

describe("alerts", () => {
  for (const [name, render] of RENDERERS) {
    it.each(ALERTS)(`renders [!%s] as the callout markup (${name})`, async (marker, type) => {
      const document = documentOf(await render(`> [!${marker}]\n> Some *text* here.\n>\n> More.\n`));
      const callout = document.querySelector(".callout");
      expect(callout).not.toBeNull();
      expect(document.querySelector("blockquote")).toBeNull();
      expect(skeleton(callout as Element)).toEqual(expectedSkeleton(type));
      expect(callout?.querySelector(".callout__title")?.textContent).toBe(CALLOUT_LABELS[type]);
      const paragraphs = [...(callout?.querySelectorAll(".callout__body > p") ?? [])].map((p) => p.innerHTML);
      expect(paragraphs).toEqual(["Some <em>text</em> here.", "More."]);
      expect(callout?.outerHTML).not.toContain("[!");
    });

    it(`reads the marker in any case, with trailing spaces or a hard break, and keeps what follows (${name})`, async () => {
      for (const source of [
        "> [!note]\n> Text.\n",
        "> [!Note]   \n> Text.\n",
        "> [!NOTE]\\\n> Text.\n",
        "> [!NOTE]\n>\n> Text.\n",
      ]) {
        const document = documentOf(await render(source));
        expect(document.querySelector(".callout--note .callout__body")?.textContent?.trim(), source).toBe("Text.");
      }
      const heading = documentOf(await render("> [!TIP]\n> ## A heading\n> Text.\n"));
      expect(heading.querySelector(".callout--tip .callout__body > h2")?.textContent).toBe("A heading");
    });

    it(`leaves other blockquotes alone, as GitHub does (${name})`, async () => {
      for (const source of [
        "> A plain quote.\n",
        "> [!NOTE] Text on the marker's line.\n",
        "> [!NOTE] Text on the marker's line.\n> And a second line.\n",
        "> [!NOTE] *emphasis*\n",
        "> [!NOTES]\n> An unknown marker.\n",
        "> [! NOTE]\n> A space in it.\n",
        "> Text first.\n> [!NOTE]\n",
        "> [!NOTE]\n",
        "[!NOTE]\nNot in a blockquote.\n",
      ]) {
        const html = await render(source);
        expect(html, source).not.toContain("callout");
        expect(documentOf(html).querySelector(source.startsWith(">") ? "blockquote" : "p"), source).not.toBeNull();
      }
    });

    it(`leaves a marked blockquote nested in another element a blockquote, as GitHub does (${name})`, async () => {
      const nested = documentOf(await render("> [!WARNING]\n> Outer.\n>\n> > [!TIP]\n> > Inner.\n"));
      expect(nested.querySelector(".callout--warning .callout__body > blockquote")?.textContent).toContain("[!TIP]");
      expect(nested.querySelector(".callout--tip")).toBeNull();
      for (const source of ["- > [!NOTE]\n  > In a list.\n", "> > [!NOTE]\n> > In a quote.\n"]) {
        const document = documentOf(await render(source));
        expect(document.querySelector(".callout"), source).toBeNull();
        expect(document.querySelector("blockquote")?.textContent, source).toContain("[!NOTE]");
      }
    });
  }

  it("renders the fixtures' alerts: five in the Markdown post, five pairs of alert and component in the MDX one", async () => {
    const md = documentOf(await renderMarkdown(bodyOf(readFileSync(`${FIXTURES}/alerts.md`, "utf8"))));
    expect([...md.querySelectorAll(".callout")].map((callout) => callout.className.split(" ")[1])).toEqual(
      ALERTS.map(([, type]) => `callout--${type}`),
    );
    expect(md.querySelectorAll("blockquote").length).toBe(3);
    expect(md.querySelector(".callout--important .callout__body ul")?.children.length).toBe(2);
    const source = bodyOf(readFileSync(`${FIXTURES}/alerts.mdx`, "utf8"));
    const { code } = await mdxToJs(source, { ...markdownPipeline, data: astroData() });
    // The alerts are plain elements; the components stay for Astro to render (compared in tests/e2e/footnotes.test.ts).
    expect(code.match(/className: "callout callout--/g)).toHaveLength(5);
    expect(code).toContain("Callout");
  });

  it("carries no style attribute", async () => {
    for (const [marker] of ALERTS) expect(await renderMarkdown(`> [!${marker}]\n> x\n`)).not.toContain("style=");
  });
});

describe("footnote popovers", () => {
  const SOURCE =
    "Text[^a] and more[^b].\n\n[^a]: A note with [a link](https://kafka.apache.org/) and `code`.\n\n[^b]: Plain.\n";

  for (const [name, render] of RENDERERS) {
    it(`describes each reference by a hidden copy of its note (${name})`, async () => {
      const document = documentOf(await render(SOURCE));
      const references = [...document.querySelectorAll("a[data-footnote-ref]")];
      expect(references).toHaveLength(2);
      for (const reference of references) {
        const id = reference.getAttribute("aria-describedby") ?? "";
        const popover = document.getElementById(id);
        expect(popover, id).not.toBeNull();
        expect(popover?.parentElement).toBe(reference.parentElement);
        expect(popover?.parentElement?.tagName).toBe("SUP");
        expect(popover?.classList.contains("footnote-popover")).toBe(true);
        expect(popover?.getAttribute("role")).toBe("tooltip");
        expect(popover?.hasAttribute("hidden")).toBe(true);
        expect(popover?.hasAttribute("data-pagefind-ignore")).toBe(true);
        // The note it copies, without the back link.
        const note = document.getElementById(reference.getAttribute("href")?.slice(1) ?? "");
        const noteText = (note?.textContent ?? "").replace(/↩/g, "").trim();
        expect(popover?.textContent).toBe(noteText);
        expect(popover?.querySelector("[data-footnote-backref], [id]")).toBeNull();
      }
      const first = document.getElementById(references[0]?.getAttribute("aria-describedby") ?? "");
      expect(first?.innerHTML).toContain("<code>code</code>");
      const link = first?.querySelector("a");
      expect(link?.getAttribute("href")).toBe("https://kafka.apache.org/");
      expect(link?.getAttribute("tabindex")).toBe("-1");
      expect(link?.getAttribute("rel")).toBe("noopener noreferrer");
      // The numbered notes at the end are all still there, with their links live.
      expect(document.querySelectorAll("[data-footnotes] li")).toHaveLength(2);
      expect(document.querySelector("[data-footnotes] li a[href^='https']")?.hasAttribute("tabindex")).toBe(false);
      const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
  }

  it("gives a second reference to the same note its own copy, and keeps paragraphs apart", async () => {
    const document = documentOf(
      await renderMarkdown("One[^n] two[^n].\n\n[^n]: First paragraph.\n\n    Second, **strong**.\n"),
    );
    const popovers = [...document.querySelectorAll(".footnote-popover")];
    expect(popovers.map((popover) => popover.id)).toEqual([
      "footnote-popover-user-content-fnref-n",
      "footnote-popover-user-content-fnref-n-2",
    ]);
    expect([...(popovers[1]?.querySelectorAll(".footnote-popover__paragraph") ?? [])].map((p) => p.innerHTML)).toEqual([
      "First paragraph.",
      "Second, <strong>strong</strong>.",
    ]);
  });

  it("leaves references in headings, in notes, and to notes that are not phrasing as plain links", async () => {
    const document = documentOf(
      await renderMarkdown(
        "## Heading[^h]\n\nText[^list] and[^code].\n\n[^h]: In a heading, see[^code].\n\n[^list]: A list:\n\n    - one\n\n[^code]: ```\n    code\n    ```\n",
      ),
    );
    expect(document.querySelector(".footnote-popover")).toBeNull();
    expect(document.querySelector("h2")?.textContent).toBe("Heading1");
    for (const reference of document.querySelectorAll("a[data-footnote-ref]")) {
      expect(reference.getAttribute("aria-describedby")).toBe("footnote-label");
    }
  });

  it("carries no style attribute and keeps the copies' raw HTML inert", async () => {
    const html = await renderMarkdown('Text[^x].\n\n[^x]: A <img src="x" onerror="alert(1)"> note.\n');
    expect(html).not.toContain("style=");
    expect(html).not.toMatch(/<img[^>]*onerror/);
  });

  it("renders the fixture's notes as popovers", async () => {
    const document = documentOf(await renderMarkdown(bodyOf(readFileSync(`${FIXTURES}/footnotes.md`, "utf8"))));
    expect(document.querySelectorAll(".footnote-popover")).toHaveLength(5);
    expect(document.querySelector(".footnote-popover code")?.textContent).toBe("enable.idempotence=true");
  });
});

describe("in feeds", () => {
  const PAGE = "https://example.com/blog/post/";

  it("shows an alert as a quoted block with a bold title, as the component", async () => {
    for (const [name, render] of RENDERERS) {
      const feed = feedHtml(await render("> [!WARNING]\n> Careful.\n"), PAGE);
      expect(feed, name).toMatch(
        /^<blockquote class="callout callout--warning" role="note"><p class="callout__title"><strong>Warning<\/strong><\/p><div class="callout__body"><p>Careful\.<\/p>\s*<\/div><\/blockquote>$/,
      );
    }
    // The markup the component renders (src/components/mdx/Callout.astro), written out.
    const component =
      '<div class="callout callout--tip" role="note"><p class="callout__title"><strong>Tip</strong></p><div class="callout__body"><p>Hi.</p></div></div>';
    expect(feedHtml(component, PAGE)).toBe(
      component.replace(/^<div/, "<blockquote").replace(/<\/div>$/, "</blockquote>"),
    );
    // Other divs stay divs.
    expect(feedHtml('<div class="callouts"><p>x</p></div>', PAGE)).toBe('<div class="callouts"><p>x</p></div>');
  });

  it("drops the popover copies and keeps the numbered notes", async () => {
    for (const [name, render] of RENDERERS) {
      const html = await render("Text[^a].\n\n[^a]: The note, with [a link](/other/).\n");
      const feed = feedHtml(html, PAGE);
      expect(feed, name).not.toContain("footnote-popover");
      expect(feed.match(/The note/g), name).toHaveLength(1);
      expect(feed, name).toContain('<a href="https://example.com/other/">a link</a>');
      const reference = documentOf(feed).querySelector("a[data-footnote-ref]");
      expect(reference?.getAttribute("href"), name).toBe("https://example.com/blog/post/#user-content-fn-a");
      expect(reference?.hasAttribute("aria-describedby"), name).toBe(false);
    }
  });
});
