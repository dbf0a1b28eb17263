/**
 * Fidelity as a test (issue #17): every example of the CommonMark spec (0.31.2, the commonmark-spec package)
 * and of GFM's extensions (tests/fixtures/gfm-spec/extensions.json) through the site's own Markdown pipeline,
 * for .md and, where MDX's syntax allows the example, .mdx. No example may throw, and each must render the
 * spec's HTML once both are normalised (whitespace between blocks, attribute order, character references)
 * and the deliberate deviations of src/markdown/deviations.ts are applied to both. Anything else fails.
 *
 * The figures go to the console and to docs/markdown-conformance.md; the floors below are what the pipeline
 * reaches, so that a regression fails.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Token, Tokenizer } from "parse5";
import { evaluate, markdownToHtml, markdownToMdast } from "satteri";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  DEVIATIONS,
  type Deviation,
  type ExampleFacts,
  type HtmlElement,
  type HtmlNode,
  KNOWN_BUGS,
  type SpecExample,
  serialiseHtml,
  VOID_ELEMENTS,
} from "#src/markdown/deviations.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";

// Vitest hands CSS imports over empty, `?raw` too; code-block.ts reads the token classes from this file.
vi.mock("#src/styles/code-theme.css?raw", () => ({ default: readFileSync("src/styles/code-theme.css", "utf8") }));

const require = createRequire(import.meta.url);
const COMMONMARK_VERSION = (require("commonmark-spec/package.json") as { version: string }).version;
const commonmark = (
  require("commonmark-spec") as { tests: { markdown: string; html: string; section: string; number: number }[] }
).tests;
const gfm = JSON.parse(readFileSync("tests/fixtures/gfm-spec/extensions.json", "utf8")) as Omit<SpecExample, "spec">[];

// The spec writes a tab as →.
const tabs = (text: string) => text.replaceAll("→", "\t");
const EXAMPLES: SpecExample[] = [
  ...commonmark.map((test) => ({
    spec: "CommonMark" as const,
    section: test.section,
    example: test.number,
    markdown: tabs(test.markdown),
    html: tabs(test.html),
  })),
  ...gfm.map((test) => ({ ...test, spec: "GFM" as const })),
];

/** What the pipeline reaches (examples equal to the spec after normalisation, deviations included): a floor. */
const FLOOR = {
  commonmark: { md: 641, mdx: 466 },
  gfm: { md: 25, mdx: 22 },
};

// ---------------------------------------------------------------------------------------------------------
// Normalised HTML: tokenised without a tree builder's repairs (an unclosed element stays unclosed), character
// references decoded, attributes sorted, whitespace collapsed outside <pre> and dropped around block tags.

/** Block-level tags, around which whitespace is not compared (as in CommonMark's own test/normalize.py). */
const BLOCK = new Set(
  "article header aside hgroup blockquote hr iframe body li map button object canvas ol caption output col p colgroup pre dd progress div section dl table td dt tbody embed textarea fieldset tfoot figcaption th figure thead footer tr form ul h1 h2 h3 h4 h5 h6 video script style".split(
    " ",
  ),
);

function parseHtml(html: string): HtmlNode[] {
  const root: HtmlNode[] = [];
  const open: HtmlElement[] = [];
  const siblings = () => open.at(-1)?.children ?? root;
  const text = (token: Token.CharacterToken) => {
    const list = siblings();
    const last = list.at(-1);
    if (last?.type === "text") last.value += token.chars;
    else list.push({ type: "text", value: token.chars });
  };
  const tokenizer = new Tokenizer(
    {},
    {
      onStartTag(token) {
        const element: HtmlElement = {
          type: "element",
          name: token.tagName,
          attrs: Object.fromEntries(
            token.attrs.map((attr) => [attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name, attr.value]),
          ),
          children: [],
          closed: true,
        };
        siblings().push(element);
        if (!VOID_ELEMENTS.has(element.name) && !token.selfClosing) {
          element.closed = false;
          open.push(element);
        }
      },
      onEndTag(token) {
        const index = open.findLastIndex((element) => element.name === token.tagName);
        if (index === -1) siblings().push({ type: "other", value: `</${token.tagName}>` });
        else (open.splice(index)[0] as HtmlElement).closed = true;
      },
      onCharacter: text,
      onWhitespaceCharacter: text,
      onNullCharacter: text,
      onComment(token) {
        siblings().push({ type: "comment", value: token.data });
      },
      onDoctype(token) {
        siblings().push({ type: "other", value: `<!DOCTYPE ${token.name ?? ""}>` });
      },
      onEof() {},
    },
  );
  tokenizer.write(html, true);
  return root;
}

const isBlock = (node: HtmlNode | undefined) => node?.type === "element" && BLOCK.has(node.name);

function normaliseWhitespace(nodes: HtmlNode[], inBlock: boolean): HtmlNode[] {
  const merged: HtmlNode[] = [];
  for (const node of nodes) {
    const last = merged.at(-1);
    if (node.type === "text" && last?.type === "text") last.value += node.value;
    else merged.push(node.type === "text" ? { ...node } : node);
  }
  return merged.flatMap((node, index): HtmlNode[] => {
    if (node.type === "element") {
      if (node.name !== "pre") node.children = normaliseWhitespace(node.children, BLOCK.has(node.name));
      return [node];
    }
    if (node.type !== "text") return [node];
    let value = node.value.replace(/[ \t\n\r\f]+/g, " ");
    if (index === 0 ? inBlock : isBlock(merged[index - 1])) value = value.replace(/^ /, "");
    if (index === merged.length - 1 ? inBlock : isBlock(merged[index + 1])) value = value.replace(/ $/, "");
    return value ? [{ type: "text", value }] : [];
  });
}

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function normalised(html: string, deviations: readonly Deviation[], example: SpecExample, facts: ExampleFacts) {
  let nodes = parseHtml(html);
  for (const deviation of deviations) if (deviation.normalise) nodes = deviation.normalise(nodes, example, facts);
  return normaliseWhitespace(nodes, true);
}

// ---------------------------------------------------------------------------------------------------------
// The pipeline, for .md (Sätteri's HTML) and .mdx (the compiled component, rendered to HTML by a minimal
// JSX runtime: MDX compiles to JavaScript, not HTML).

const data = () => ({
  astro: {
    // A title no example's heading has: the build drops a first h1 that repeats it (src/markdown/title-heading.ts).
    frontmatter: { title: "CommonMark conformance" },
    headings: [],
    localImagePaths: new Set<string>(),
    remoteImagePaths: new Set<string>(),
  },
});

const renderMd = async (markdown: string) =>
  (await markdownToHtml(markdown, { ...markdownPipeline, data: data() })).html;

interface JsxElement {
  readonly type: unknown;
  readonly props: Record<string, unknown>;
}
const Fragment = Symbol("Fragment");
const jsx = (type: unknown, props: unknown): JsxElement => ({ type, props: props as Record<string, unknown> });
function jsxToHtml(node: unknown): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (Array.isArray(node)) return node.map(jsxToHtml).join("");
  if (typeof node === "string" || typeof node === "number") return escapeText(String(node));
  const { type, props } = node as JsxElement;
  if (type === Fragment) return jsxToHtml(props.children);
  if (typeof type === "function") return jsxToHtml((type as (props: unknown) => unknown)(props));
  const { children, ...attributes } = props;
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== null && value !== undefined && value !== false)
    .map(([name, value]) => ` ${name}="${value === true ? "" : escapeText(String(value)).replace(/"/g, "&quot;")}"`)
    .join("");
  const name = String(type);
  return VOID_ELEMENTS.has(name) ? `<${name}${attrs}>` : `<${name}${attrs}>${jsxToHtml(children)}</${name}>`;
}
// An .mdx post is handed over whole, frontmatter first: its body never starts the document.
const MDX_FRONTMATTER = "---\ntitle: CommonMark conformance\n---\n";
const renderMdx = async (markdown: string) => {
  const module = await evaluate(MDX_FRONTMATTER + markdown, {
    ...markdownPipeline,
    data: data(),
    elementAttributeNameCase: "html",
    Fragment,
    jsx,
    jsxs: jsx,
  });
  return jsxToHtml((module.default as (props: object) => unknown)({}));
};

// ---------------------------------------------------------------------------------------------------------

interface MdastNode {
  type: string;
  value?: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdastNode[];
}
const nodesOf = (tree: MdastNode): MdastNode[] => [tree, ...(tree.children ?? []).flatMap(nodesOf)];

function factsOf(example: SpecExample): ExampleFacts {
  const { features } = markdownPipeline;
  const nodes = nodesOf(markdownToMdast(example.markdown, { features }) as MdastNode);
  const plain = (gfm: boolean) => markdownToHtml(example.markdown, { features: { ...features, gfm } });
  return {
    rawHtml: nodes.flatMap((node) => (node.type === "html" && node.value ? [node.value] : [])),
    sameWithoutGfm: plain(false).html === plain(true).html,
    frontmatter: plain(true).frontmatter !== null,
  };
}

/** Whether CommonMark reads an indented code block in the example (in a container too: `>     code`). */
const hasIndentedCode = (example: SpecExample) =>
  nodesOf(markdownToMdast(example.markdown, { features: markdownPipeline.features }) as MdastNode).some(
    (node) =>
      node.type === "code" &&
      !/^[ \t]*(`{3,}|~{3,})/.test(
        example.markdown.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0),
      ),
  );

/**
 * Whether MDX has the example's syntax. MDX has no raw HTML, no `<…>` autolinks and no indented code (so it
 * reads indentation of four columns and more otherwise: `    ***` after a paragraph is a thematic break),
 * and reads `<`, `{` and lines starting `import`/`export` as JSX, expressions and ESM.
 */
const mdxAllows = (example: SpecExample) =>
  !/[<{}]/.test(example.markdown) &&
  !/^(import|export)\b/m.test(example.markdown) &&
  !/^( {4}| {0,3}\t)/m.test(example.markdown.replace(/^[ \t]*$/gm, "")) &&
  !hasIndentedCode(example);

/** Examples to print, spec and rendered HTML, normalised: CONFORMANCE_SHOW="CommonMark 142,GFM 23". */
const SHOW = new Set((process.env.CONFORMANCE_SHOW ?? "").split(",").map((name) => name.trim()));

type Outcome =
  | { kind: "identical" }
  | { kind: "normalised"; deviations: string[] }
  | { kind: "exempt"; deviation: string }
  | { kind: "known-bug"; bug: string }
  | { kind: "failed"; why: string };

async function compare(
  example: SpecExample,
  facts: ExampleFacts,
  flavour: "md" | "mdx",
  render: (md: string) => Promise<string>,
): Promise<Outcome> {
  let html: string | undefined;
  let error: unknown;
  try {
    html = await render(example.markdown);
  } catch (thrown) {
    error = thrown;
  }
  const exempting = DEVIATIONS.find((deviation) => deviation.exempts?.(example, facts));
  if (exempting) {
    const why = exempting.check?.(
      html === undefined ? { error } : { html: normalised(html, DEVIATIONS, example, facts) },
    );
    return why ? { kind: "failed", why } : { kind: "exempt", deviation: exempting.id };
  }
  const bug = KNOWN_BUGS.find((known) => known.flavours.includes(flavour) && known.affects(example, facts));
  const failed = (why: string): Outcome => (bug ? { kind: "known-bug", bug: bug.id } : { kind: "failed", why });
  if (html === undefined) return failed(`threw: ${error instanceof Error ? error.message : String(error)}`);
  const plain = (source: string, deviations: readonly Deviation[]) =>
    serialiseHtml(normalised(source, deviations, example, facts));
  if (plain(example.html, []) === plain(html, [])) return bugFixed(bug) ?? { kind: "identical" };
  const expected = plain(example.html, DEVIATIONS);
  const rendered = plain(html, DEVIATIONS);
  if (expected !== rendered) return failed(`expected ${expected}\n     rendered ${rendered}`);
  if (SHOW.has(`${example.spec} ${example.example}`)) {
    console.log(
      `${example.spec} ${example.example} .${flavour}\n  spec     ${plain(example.html, [])}\n  rendered ${plain(html, [])}\n  both normalised ${rendered}`,
    );
  }
  const fixed = bugFixed(bug);
  if (fixed) return fixed;
  const needed = DEVIATIONS.filter((deviation) => {
    const others = DEVIATIONS.filter((other) => other !== deviation);
    return plain(example.html, others) !== plain(html, others);
  });
  return { kind: "normalised", deviations: needed.map((deviation) => deviation.id) };
}

const bugFixed = (bug: { id: string } | undefined): Outcome | undefined =>
  bug && { kind: "failed", why: `renders right now: take it out of KNOWN_BUGS (${bug.id})` };

interface Result {
  example: SpecExample;
  md: Outcome;
  mdx?: Outcome;
}
const results: Result[] = [];

function tally(spec: SpecExample["spec"], flavour: "md" | "mdx") {
  const outcomes = results.filter((r) => r.example.spec === spec).flatMap((r) => (r[flavour] ? [r[flavour]] : []));
  const count = (kind: Outcome["kind"]) => outcomes.filter((outcome) => outcome.kind === kind).length;
  return {
    run: outcomes.length,
    identical: count("identical"),
    normalised: count("normalised"),
    exempt: count("exempt"),
    knownBugs: count("known-bug"),
    failed: count("failed"),
    equal: count("identical") + count("normalised"),
  };
}

/** The figure of one spec and flavour, as printed and as docs/markdown-conformance.md quotes it. */
function figure(spec: SpecExample["spec"], flavour: "md" | "mdx"): string {
  const t = tally(spec, flavour);
  return (
    `${spec === "CommonMark" ? `CommonMark ${COMMONMARK_VERSION}` : "GFM extensions"} (.${flavour}): ` +
    `${t.equal}/${t.run} examples equal to the spec after normalisation (${t.identical} with no deviation, ` +
    `${t.normalised} through deliberate deviations), ${t.exempt} exempt as deliberate deviations, ` +
    `${t.knownBugs} known bugs, ${t.failed} failing`
  );
}

const label = (example: SpecExample) => `${example.spec} example ${example.example} (${example.section})`;

describe("CommonMark and GFM conformance of the site's Markdown pipeline", () => {
  beforeAll(async () => {
    // A language Shiki does not know (```foo+bar) is shown as plain text, with a warning: expected here.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const example of EXAMPLES) {
      const facts = factsOf(example);
      const result: Result = { example, md: await compare(example, facts, "md", renderMd) };
      if (mdxAllows(example)) result.mdx = await compare(example, facts, "mdx", renderMdx);
      results.push(result);
    }
    warn.mockRestore();
  }, 120_000);

  afterAll(() => {
    for (const spec of ["CommonMark", "GFM"] as const) {
      for (const flavour of ["md", "mdx"] as const) console.log(figure(spec, flavour));
    }
    // Which examples each deviation (and known bug) was needed for: the figures of docs/markdown-conformance.md.
    const uses = new Map<string, Set<string>>();
    for (const result of results) {
      for (const flavour of ["md", "mdx"] as const) {
        const outcome = result[flavour];
        const ids =
          outcome?.kind === "normalised"
            ? outcome.deviations
            : outcome?.kind === "exempt"
              ? [outcome.deviation]
              : outcome?.kind === "known-bug"
                ? [outcome.bug]
                : [];
        for (const id of ids) {
          uses.set(id, (uses.get(id) ?? new Set()).add(`${result.example.spec} ${result.example.example}`));
        }
      }
    }
    for (const { id } of [...DEVIATIONS, ...KNOWN_BUGS]) {
      const examples = [...(uses.get(id) ?? [])];
      console.log(`  ${id}: ${examples.length} examples (${examples.join(", ")})`);
    }
  });

  // But the three fences CommonMark runs to the end of the document, which the build reports by design (the
  // `unclosed-fence` deviation checks that it does).
  it("renders every example without an error, .md and .mdx", () => {
    const threw = results.flatMap((result) =>
      (["md", "mdx"] as const).flatMap((flavour) => {
        const outcome = result[flavour];
        return outcome?.kind === "failed" && outcome.why.startsWith("threw")
          ? [`${label(result.example)} .${flavour}: ${outcome.why}`]
          : [];
      }),
    );
    expect(threw).toEqual([]);
  });

  it("renders the spec's HTML for every example, but for the deliberate deviations", () => {
    const failed = results.flatMap((result) =>
      (["md", "mdx"] as const).flatMap((flavour) => {
        const outcome = result[flavour];
        return outcome?.kind === "failed" ? [`${label(result.example)} .${flavour}:\n     ${outcome.why}`] : [];
      }),
    );
    expect(failed, failed.join("\n")).toEqual([]);
  });

  it("tells apart HTML that differs, and only that", () => {
    const same = (a: string, b: string) => {
      const example = EXAMPLES[0] as SpecExample;
      const facts = { rawHtml: [], sameWithoutGfm: true, frontmatter: false };
      return serialiseHtml(normalised(a, [], example, facts)) === serialiseHtml(normalised(b, [], example, facts));
    };
    expect(same('<p title="a" class="b">x &amp; y</p>\n<hr />\n', '<p class="b" title="a">x &#38; y</p><hr>')).toBe(
      true,
    );
    expect(same("<ul>\n<li>a</li>\n</ul>", "<ul><li>a</li></ul>")).toBe(true);
    expect(same("<p>a</p>", "<p>a")).toBe(false);
    expect(same("<p>a b</p>", "<p>a  b</p>")).toBe(true);
    expect(same("<p>a b</p>", "<p>ab</p>")).toBe(false);
    expect(same("<pre><code>a\n</code></pre>", "<pre><code>a</code></pre>")).toBe(false);
    expect(same('<a href="/a">x</a>', '<a href="/b">x</a>')).toBe(false);
    expect(same("<em>a</em>", "<strong>a</strong>")).toBe(false);
  });

  it("keeps the figures it reached", () => {
    expect(tally("CommonMark", "md").run).toBe(commonmark.length);
    expect(tally("CommonMark", "mdx").run).toBeGreaterThanOrEqual(468);
    expect(tally("CommonMark", "md").equal).toBeGreaterThanOrEqual(FLOOR.commonmark.md);
    expect(tally("CommonMark", "mdx").equal).toBeGreaterThanOrEqual(FLOOR.commonmark.mdx);
    expect(tally("GFM", "md").equal).toBeGreaterThanOrEqual(FLOOR.gfm.md);
    expect(tally("GFM", "mdx").equal).toBeGreaterThanOrEqual(FLOOR.gfm.mdx);
  });

  it("uses every deviation it lists; docs/markdown-conformance.md lists each and quotes the figures", () => {
    const used = new Set(
      results.flatMap((result) =>
        [result.md, result.mdx].flatMap((outcome) =>
          outcome?.kind === "normalised" ? outcome.deviations : outcome?.kind === "exempt" ? [outcome.deviation] : [],
        ),
      ),
    );
    expect(DEVIATIONS.map((d) => d.id).filter((id) => !used.has(id))).toEqual([]);
    const docs = readFileSync("docs/markdown-conformance.md", "utf8");
    const listed = [...DEVIATIONS, ...KNOWN_BUGS].map((entry) => entry.id);
    expect(listed.filter((id) => !docs.includes(`\`${id}\``))).toEqual([]);
    const figures = (["CommonMark", "GFM"] as const).flatMap((spec) =>
      (["md", "mdx"] as const).map((f) => figure(spec, f)),
    );
    expect(figures.filter((line) => !docs.includes(line))).toEqual([]);
  });
});
