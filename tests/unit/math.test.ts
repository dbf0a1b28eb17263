/**
 * Math (src/markdown/math.ts) through the site's real Markdown pipeline: `$…$` and `$$…$$` as MathML, no
 * inline style, prices left as prose, a malformed formula refused with its line, hostile text as text, and
 * the MathML kept in feeds.
 */
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { markdownToHtml, mdxToJs } from "satteri";
import { describe, expect, it, vi } from "vitest";
import { feedHtml } from "#src/domain/feeds/content.ts";
import { normalDeclaration, renderMath, STYLE_CLASSES, styleToMarkup } from "#src/markdown/math.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";
import { PostMarkdownProblem } from "#src/markdown/post-problem.ts";

// Vitest hands CSS imports over empty, `?raw` too; code-block.ts reads the token classes from this file.
vi.mock("#src/styles/code-theme.css?raw", () => ({ default: readFileSync("src/styles/code-theme.css", "utf8") }));

const astroData = () => ({
  astro: {
    frontmatter: { title: "Math" },
    headings: [],
    localImagePaths: new Set<string>(),
    remoteImagePaths: new Set<string>(),
  },
});

async function render(markdown: string): Promise<string> {
  return (await markdownToHtml(markdown, { ...markdownPipeline, data: astroData() })).html;
}

async function renderMdx(source: string): Promise<string> {
  return (await mdxToJs(`---\ntitle: Math\n---\n${source}`, { ...markdownPipeline, data: astroData() })).code;
}

const documentOf = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

/** The problem a post's Markdown throws, or undefined. */
async function problemOf(markdown: string): Promise<PostMarkdownProblem | undefined> {
  try {
    await render(markdown);
  } catch (error) {
    if (error instanceof PostMarkdownProblem) return error;
    throw error;
  }
  return undefined;
}

/** Constructs whose every inline style Temml writes has a class or a MathML attribute. */
const CORPUS: [string, boolean][] = [
  ["a^2 + b^2 = c^2", false],
  ["\\int_0^1 x\\,dx", true],
  ["\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}", true],
  ["\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", true],
  ["\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", true],
  ["\\begin{bmatrix} a \\end{bmatrix} \\begin{smallmatrix} a & b \\end{smallmatrix}", true],
  ["\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}", true],
  ["\\begin{array}{c|c:c} a & b & c \\\\ \\hline c & d & e \\\\ \\hdashline f & g & h \\end{array}", true],
  ["\\begin{array}{||c||} a \\\\ \\hline\\hline b \\end{array}", true],
  ["\\begin{align} a &= b \\\\ c &= d \\end{align}", true],
  ["\\begin{gather} a \\\\ b \\end{gather}", true],
  ["\\boxed{E = mc^2} \\tag{1}", true],
  ["\\hat{x} \\vec{v} \\bar{y} \\tilde{a} \\widehat{abc} \\overbrace{a+b}^{n} \\underbrace{c}_{m}", true],
  ["\\color{red} x + \\textcolor{#0a6973}{y}", false],
  ["\\boldsymbol{x + 1} \\mathbb{R} \\mathcal{L} \\mathrm{d}x \\operatorname{argmax}", false],
  ["a \\! b \\, c \\; d \\quad e \\qquad f", false],
  ["\\sqrt[3]{x} \\binom{n}{k} \\left( \\frac{a}{b} \\right) \\xrightarrow[below]{above}", true],
  ["\\frac{\\frac{\\frac{a}{b}}{c}}{d}", false],
];

describe("math (src/markdown/math.ts)", () => {
  it("renders $…$ as inline MathML and $$…$$ as block MathML in a scrolling box", async () => {
    const document = documentOf(await render("The cost is $O(n \\log n)$.\n\n$$\n\\frac{a}{b}\n$$\n"));
    const [inline, display] = [...document.querySelectorAll("math")];
    expect(inline?.hasAttribute("display")).toBe(false);
    expect(inline?.parentElement?.tagName.toLowerCase()).toBe("p");
    expect(inline?.textContent).toBe("O(nlog\u2061n)");
    expect(display?.getAttribute("display")).toBe("block");
    expect(display?.querySelector("mfrac")).not.toBeNull();
    const box = display?.parentElement;
    expect(box?.className).toBe("math-display");
    expect(box?.getAttribute("tabindex")).toBe("0");
    // The search index skips a block formula's run of glyphs, not the inline math of a sentence.
    expect(box?.hasAttribute("data-pagefind-ignore")).toBe(true);
    expect(document.querySelector("code, pre")).toBeNull();
  });

  it("renders a ```math fence and $$…$$ within a line too", async () => {
    const document = documentOf(await render("```math\ne^{i\\pi} + 1 = 0\n```\n\nIn a line, $$x^2$$.\n"));
    const [fence, inLine] = [...document.querySelectorAll("math")];
    expect(fence?.getAttribute("display")).toBe("block");
    expect(fence?.textContent).toBe("eiπ+1=0");
    expect(inLine?.hasAttribute("display")).toBe(false);
  });

  it("writes no style attribute: Temml's styles become classes of math.css and MathML attributes", async () => {
    const markdown = CORPUS.map(([tex, display]) => (display ? `$$\n${tex}\n$$\n` : `Inline $${tex}$.\n`)).join("\n");
    const html = await render(markdown);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(documentOf(html).querySelectorAll("math")).toHaveLength(CORPUS.length);
    for (const [tex, display] of CORPUS) expect(renderMath(tex, display).dropped, tex).toEqual([]);
    expect(html).toContain('class="tml-s-bb tml-s-pl0 tml-s-pr-col tml-s-br"'); // an array's rule and gap
    expect(html).toContain('mathcolor="#ff0000"'); // \color
  });

  it("has each class it writes for a style in src/styles/math.css, with the same declaration", () => {
    const css = readFileSync("src/styles/math.css", "utf8");
    for (const [declaration, className] of Object.entries(STYLE_CLASSES)) {
      const rule = new RegExp(`(?:^|\\n)\\.${className}\\s*\\{([^}]*)\\}`).exec(css)?.[1];
      expect(rule, className).toBeDefined();
      const declarations = (rule ?? "").split(";").map(normalDeclaration);
      expect(declarations, className).toContain(declaration);
    }
    expect(styleToMarkup("padding-left:0em;padding-right:5.9776pt;color:#0000FF;math-depth:0;left:1px")).toEqual({
      classes: ["tml-s-pl0", "tml-s-pr-col"],
      attributes: { mathcolor: "#0000FF" },
      dropped: ["left:1px"],
    });
  });

  it("shows hostile text in \\text{} as text", async () => {
    const html = await render(
      'Inline $\\text{</script> "q" \\& a}$.\n\n$$\n\\text{</script><b>bold</b> \\&amp;}\n$$\n',
    );
    const document = documentOf(html);
    expect(document.querySelector("script, b")).toBeNull();
    const texts = [...document.querySelectorAll("mtext")].map((mtext) => mtext.textContent?.replace(/\u00a0/g, " "));
    expect(texts).toEqual(['</script> "q" & a', "</script><b>bold</b> &amp;"]);
    expect(html).toContain("&lt;/script&gt;");
    expect(html).toContain("&amp;amp;");
  });

  it("leaves prices as prose: a single $ follows Pandoc's rule", async () => {
    const html = await render(
      "It costs $5 and $6, or between $10 and $20 a month.\n\nIt costs $ 5 $ more.\n\nA dollar: \\$x\\$.\n",
    );
    expect(html).not.toContain("<math");
    const text = documentOf(html).body.textContent ?? "";
    expect(text).toContain("It costs $5 and $6, or between $10 and $20 a month.");
    expect(text).toContain("It costs $ 5 $ more.");
    expect(text).toContain("A dollar: $x$.");
    // Next to a price, math is math.
    const mixed = documentOf(await render("For $5 you get $x^2$ and $y$.\n"));
    expect(mixed.querySelectorAll("math")).toHaveLength(0); // `$5 you get $` pairs first: prose, as Pandoc reads it
    expect(documentOf(await render("You get $x^2$ for \\$5.\n")).querySelectorAll("math")).toHaveLength(1);
  });

  it("fails on a malformed formula, naming its line and Temml's message", async () => {
    const inline = await problemOf("# Title\n\nA paragraph.\n\nBroken: $\\frac{a}{$ here.\n");
    expect(inline?.line).toBe(5);
    expect(inline?.reason).toMatch(/^malformed math: .*expected '}'/);
    expect(inline?.message).toMatch(/^a post:5: malformed math: /);

    // The line of the culprit inside a display block, in a blockquote too.
    const display = await problemOf("Text.\n\n$$\na + b\n\\begin{matrix} x\n$$\n");
    expect(display?.line).toBe(5);
    expect(display?.reason).toContain("malformed math: ");
    expect((await problemOf("Text.\n\n> $$\n> a\n> x^{\n> $$\n"))?.line).toBe(5);

    // An unescaped & is TeX's column separator: \text{} needs \&.
    expect((await problemOf('Hostile: $\\text{</script> "q" & a}$\n'))?.reason).toBe(
      "malformed math: Expected 'EOF', got '&' at position 21: …{</script> \"q\" & a}",
    );
    // Nesting past Temml's stack is a problem of the post too, not a crash.
    expect((await problemOf(`$$\n${"\\sqrt{".repeat(5_000)}x${"}".repeat(5_000)}\n$$\n`))?.reason).toBe(
      "malformed math: the formula is nested too deeply for Temml",
    );
  });

  it("makes no link, class or style of a formula's commands (trust: false)", async () => {
    for (const tex of [
      "\\href{javascript:alert(1)}{x}",
      "\\url{javascript:alert(1)}",
      "\\style{color:red}{x}",
      "\\class{x}{y}",
      "\\includegraphics{x.png}",
    ]) {
      const problem = await problemOf(`A link: $${tex}$\n`);
      expect(problem?.reason, tex).toMatch(/^malformed math: (Unsupported function name|Function ".*" is not trusted)/);
    }
  });

  it("renders MDX math the same way, inside a component too", async () => {
    const code = await renderMdx(
      "Inline $x^2$ and $\\text{</script>}$.\n\n$$\n\\frac{1}{2}\n$$\n\n<Callout>Inside: $a_1$ and $5 or $6.</Callout>\n",
    );
    expect(code).not.toMatch(/language-math|\bstyle\b/);
    expect(code.match(/_components\.math\b/g)).toHaveLength(4);
    expect(code).toContain('display: "block"');
    expect(code).toContain('children: "<\\/script>"');
    expect(code).toContain('"$5 or $",');
  });

  it("keeps the MathML in feeds, without styles or links", async () => {
    const html = await render(
      'See $\\frac{a}{b}$ and $\\mathrm{d}x$.\n\n$$\n\\begin{array}{c|c} a & b \\end{array} \\text{</script> "q" \\& a}\n$$\n',
    );
    const feed = feedHtml(html, "https://example.com/blog/math/");
    const document = documentOf(feed);
    expect(document.querySelectorAll("math")).toHaveLength(3);
    expect(document.querySelector("math[display=block] mtable mtr mtd.tml-s-br")).not.toBeNull();
    expect(document.querySelector("mfrac")).not.toBeNull();
    expect(document.querySelector('mi[mathvariant="normal"]')?.textContent).toBe("d");
    expect(document.querySelector("mtext")?.textContent?.replace(/\u00a0/g, " ")).toBe('</script> "q" & a');
    expect(feed).not.toMatch(/\sstyle=|<script/i);
    expect(feed).toContain("&lt;/script&gt;");
    // What the page has, the feed has: no element or attribute of the MathML is lost.
    const strip = (markup: string) => markup.replace(/ tabindex="0"| data-pagefind-ignore(?:="")?/g, "");
    expect(strip(feed)).toBe(strip(html).trim());
  });
});
