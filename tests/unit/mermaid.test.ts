/**
 * Issue #17, "Diagrams": a ```mermaid fence is drawn at build time as an inline SVG (src/markdown/diagrams/),
 * themed through the site's custom properties, with no script and no style attribute, a text alternative and
 * its title as the caption; labels are text; a diagram that does not parse names the post's line; drawings
 * are cached by their source; the feeds show each diagram's standalone file as an <img>.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseHTML } from "linkedom";
import { markdownToHtml, mdxToJs } from "satteri";
import { describe, expect, it, vi } from "vitest";
import { diagramFilesOf, standaloneDiagram } from "#build/integrations/diagram-files.ts";
import { createSvgSanitiser } from "#build/integrations/svg-safety.ts";
import { feedHtml } from "#src/domain/feeds/content.ts";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { createDiagramCache } from "#src/markdown/diagrams/cache.ts";
import { DIAGRAM_COLOURS } from "#src/markdown/diagrams/colours.ts";
import { findInlineDiagrams } from "#src/markdown/diagrams/diagram-file.ts";
import { DiagramSyntaxError, readMermaid } from "#src/markdown/diagrams/mermaid-source.ts";
import { mermaidDiagramsPlugin } from "#src/markdown/diagrams/plugin.ts";
import { drawWithBeautifulMermaid, renderDiagram } from "#src/markdown/diagrams/render.ts";
import { markdownPipeline } from "#src/markdown/pipeline.ts";
import { PostMarkdownProblem } from "#src/markdown/post-problem.ts";

// Vitest hands CSS imports over empty, `?raw` too; code-block.ts reads the token classes from this file.
vi.mock("#src/styles/code-theme.css?raw", () => ({ default: readFileSync("src/styles/code-theme.css", "utf8") }));

const FIXTURES = "tests/fixtures/markdown-features";
const astroData = () => ({
  astro: {
    frontmatter: { title: "Diagrams" },
    headings: [],
    localImagePaths: new Set<string>(),
    remoteImagePaths: new Set<string>(),
  },
});
const render = async (markdown: string, fileURL?: URL) =>
  (await markdownToHtml(markdown, { ...markdownPipeline, data: astroData(), ...(fileURL ? { fileURL } : {}) })).html;
const documentOf = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
const fence = (source: string, meta = "") => `Before.\n\n\`\`\`mermaid${meta ? ` ${meta}` : ""}\n${source}\n\`\`\`\n`;

const FLOWCHART = "flowchart LR\n  P[Producer] --> K[(Kafka)]\n  K -->|reads| S{Spark}";
const SEQUENCE = "sequenceDiagram\n  participant C as Consumer\n  C->>Broker: fetch(offset 42)\n  Broker-->>C: records";
const HOSTILE = `flowchart TD\n  H["</script><script>alert('x')</script> & 'single' "double""] --> E[AT&amp;T]`;

/** What a drawing may use for a colour: one of the site's properties, or no colour. */
const THEMED_PAINT = /^(none|transparent|url\(#[\w-]+\)|var\(--diagram-[a-z]+\))$/;

function expectSafeThemedDiagram(svg: SVGElement) {
  expect(svg.getAttribute("role")).toBe("img");
  expect(svg.getAttribute("aria-label")?.length).toBeGreaterThan(10);
  expect(svg.getAttribute("data-diagram")).toMatch(/^\/diagrams\/[0-9a-f]{16}\.svg$/);
  const elements = [svg, ...svg.querySelectorAll("*")];
  expect(elements.filter((element) => element.hasAttribute("style")).map((element) => element.outerHTML)).toEqual([]);
  expect(svg.querySelectorAll("script, style, foreignObject, a, image, use").length).toBe(0);
  for (const element of elements) {
    for (const name of ["fill", "stroke"]) {
      const value = element.getAttribute(name);
      if (value !== null) expect(value, `${element.localName} ${name}`).toMatch(THEMED_PAINT);
    }
  }
}

describe("a Mermaid fence", () => {
  it("becomes an inline SVG flowchart, not a highlighted code block, with its title as the caption", async () => {
    const document = documentOf(await render(fence(FLOWCHART, 'title="Where events go"')));
    const figure = document.querySelector("figure.mermaid-diagram") as HTMLElement;
    expect(figure).not.toBeNull();
    expect(document.querySelector("pre, code, .code-block")).toBeNull();
    const svg = figure.querySelector(".mermaid-diagram__canvas > svg") as SVGElement;
    expectSafeThemedDiagram(svg);
    expect(figure.querySelector("figcaption")?.textContent).toBe("Where events go");
    expect([...svg.querySelectorAll("text")].map((text) => text.textContent)).toEqual(
      expect.arrayContaining(["Producer", "Kafka", "Spark", "reads"]),
    );
    // The text alternative is made from the diagram when the fence gives none.
    expect(svg.getAttribute("aria-label")).toBe("Flowchart. Producer → Kafka. Kafka → Spark (reads).");
  });

  it("becomes an inline SVG sequence diagram, with alt=… as its text alternative", async () => {
    const alt = "The consumer fetches; the broker answers.";
    const document = documentOf(await render(fence(SEQUENCE, `alt="${alt}"`)));
    const svg = document.querySelector("figure.mermaid-diagram svg") as SVGElement;
    expectSafeThemedDiagram(svg);
    expect(svg.getAttribute("aria-label")).toBe(alt);
    expect(document.querySelector("figcaption")).toBeNull();
    expect(svg.textContent).toContain("fetch(offset 42)");
    expect(renderDiagram(SEQUENCE).description).toBe(
      "Sequence diagram between Consumer, Broker. Consumer → Broker: fetch(offset 42). Broker → Consumer: records.",
    );
  });

  it("is drawn the same way in MDX, as JSX with no style prop", async () => {
    const source = readFileSync(`${FIXTURES}/diagrams.mdx`, "utf8");
    const { code } = await mdxToJs(source, { ...markdownPipeline, data: astroData() });
    expect(code).toContain("_components.svg");
    expect(code).toMatch(/"aria-label": "Flowchart\. Producer → Kafka\./);
    expect(code).toContain('"data-diagram": "/diagrams/');
    expect(code).not.toMatch(/\bstyle\b/);
    expect(code).not.toContain("language-mermaid");
  });

  it("shows labels that look like markup as text, in the page and in the feeds", async () => {
    const caption = `</figcaption><script>alert("caption")</script> & "quoted"`;
    const html = await render(fence(HOSTILE, `title='${caption}'`));
    const document = documentOf(html);
    expect(document.querySelectorAll("script").length).toBe(0);
    const svg = document.querySelector("figure svg") as SVGElement;
    expectSafeThemedDiagram(svg);
    const texts = [...svg.querySelectorAll("text")].map((text) => text.textContent);
    expect(texts).toContain(`</script><script>alert('x')</script> & 'single' "double"`);
    // A character reference in a label is shown as written, not decoded.
    expect(texts).toContain("AT&amp;T");
    expect(document.querySelector("figcaption")?.textContent).toBe(caption);
    expect(svg.getAttribute("aria-label")).toContain(`</script><script>alert('x')</script>`);

    const feed = feedHtml(html, "https://example.com/blog/post/");
    const item = documentOf(feed);
    expect(item.querySelectorAll("script, svg").length).toBe(0);
    const image = item.querySelector("figure.mermaid-diagram img") as HTMLImageElement;
    expect(image.getAttribute("src")).toMatch(/^https:\/\/example\.com\/diagrams\/[0-9a-f]{16}\.svg$/);
    expect(image.getAttribute("alt")).toBe(svg.getAttribute("aria-label"));
    expect(item.querySelector("figcaption")?.textContent).toBe(caption);
    expect(feed).not.toMatch(/<script|<\/figcaption><script/i);
  });

  it("leaves a Diagram component's inline SVG in the feeds", () => {
    const html =
      '<figure class="diagram"><div role="img" aria-label="x"><svg viewBox="0 0 1 1"><rect width="1" height="1"></rect></svg></div></figure>';
    expect(feedHtml(html, "https://example.com/blog/post/")).toContain("<svg");
  });

  it("gives each copy of the same diagram in a post its own marker ids", async () => {
    const document = documentOf(await render(`${fence(FLOWCHART)}\n${fence(FLOWCHART)}`));
    const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const svg of document.querySelectorAll("svg")) {
      const own = new Set([...svg.querySelectorAll("[id]")].map((element) => element.id));
      for (const element of svg.querySelectorAll("[marker-end]")) {
        expect(own.has(/url\(#(.+)\)/.exec(element.getAttribute("marker-end") ?? "")?.[1] ?? "")).toBe(true);
      }
    }
  });
});

describe("a Mermaid diagram that does not parse", () => {
  // [what, diagram, its line that is wrong (1 = the first line of the diagram), words of the message]
  const BROKEN: [string, string, number, string][] = [
    [
      "an arrow beautiful-mermaid would skip",
      "flowchart LR\n  A --> B\n  B -->> C",
      3,
      "not one beautiful-mermaid draws",
    ],
    ["an unclosed label", "flowchart LR\n  A[unclosed --> B", 2, "never closed"],
    ["a dangling arrow", "flowchart LR\n  A -->", 2, "must point at a node"],
    ["a message without its text", "sequenceDiagram\n  Alice->>Bob hello", 2, "a message is From->>To: text"],
    ["a loop never closed", "sequenceDiagram\n  loop forever\n  A->>B: x", 2, "never closed"],
    ["an end closing nothing", "flowchart TD\n  A --> B\n  end", 3, "closes no subgraph"],
    ["a colour", "flowchart LR\n  A --> B\n  style A fill:#f00", 3, "colours"],
    ["an unsupported type", "gantt\n  title Plan", 1, "gantt diagrams are not supported"],
    ["no type", "A --> B", 1, "the first line names the diagram type"],
    ["nothing", "%% only a comment", 1, "empty"],
  ];

  it.each(BROKEN)("fails on %s, naming the post's file and line", async (_what, diagram, line, words) => {
    const folder = mkdtempSync(join(tmpdir(), "mermaid-problem-"));
    try {
      const post = join(folder, "broken.md");
      const frontmatter = '---\ntitle: "Broken"\n---\n';
      const body = `# Broken\n\nIntro.\n\n\`\`\`mermaid\n${diagram}\n\`\`\`\n`;
      writeFileSync(post, frontmatter + body);
      // Astro hands the pipeline a .md post's body; the problem names the line of the file.
      const error = await render(body, pathToFileURL(post)).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(PostMarkdownProblem);
      const problem = error as PostMarkdownProblem;
      const fenceLine = frontmatter.split("\n").length - 1 + 5;
      expect(problem.line).toBe(fenceLine + line);
      expect(problem.reason).toMatch(/^Mermaid diagram does not parse: /);
      expect(problem.reason).toContain(words);
      expect(problem.message).toContain(`broken.md:${fenceLine + line}: Mermaid diagram does not parse`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("fails in MDX too, at the line of the file", async () => {
    const source = `---\ntitle: "Broken"\n---\n\nText.\n\n\`\`\`mermaid\nsequenceDiagram\n  A->>B oops\n\`\`\`\n`;
    const error = await (async () => mdxToJs(source, { ...markdownPipeline, data: astroData() }))().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(PostMarkdownProblem);
    expect((error as PostMarkdownProblem).line).toBe(9);
  });
});

describe("reading Mermaid strictly", () => {
  const edgesOf = (diagram: string) => renderDiagram(diagram).description;

  it("reads what Mermaid reads, where beautiful-mermaid alone would drop or misread it", () => {
    // beautiful-mermaid reads `A-->B` as one node called "A--".
    expect(edgesOf("flowchart LR\n  A-->B")).toBe("Flowchart. A → B.");
    expect(edgesOf("graph TD;\n  us-east-->eu-west;")).toBe("Flowchart. us-east → eu-west.");
    expect(edgesOf("flowchart\n  A -- yes --> B\n  A-.->C\n  A ==> D\n  A --- E")).toBe(
      "Flowchart. A → B (yes). A → C. A → D. A — E.",
    );
    expect(edgesOf("flowchart LR\n  A & B --> C\n  subgraph One [First]\n    direction TB\n    C\n  end")).toBe(
      "Flowchart. A → C. B → C.",
    );
    expect(readMermaid("flowchart LR\n  A---->B").text).toBe("flowchart LR\nA --> B");
  });

  it("refuses a line beautiful-mermaid would misread", () => {
    expect(() => readMermaid("sequenceDiagram\n  option->>B: x")).toThrow(DiagramSyntaxError);
    expect(() => readMermaid("flowchart LR\n  A --> B; B --> C")).toThrow(/one statement a line/);
    expect(() => readMermaid("flowchart LR\n  click A callback")).toThrow(/click/);
  });
});

describe("the diagram cache", () => {
  it("draws a source once: again from memory, and from disk in a later build", () => {
    const folder = mkdtempSync(join(tmpdir(), "mermaid-cache-"));
    try {
      let drawn = 0;
      const draw = (text: string) => {
        drawn++;
        return drawWithBeautifulMermaid(text);
      };
      const first = createDiagramCache({ directory: folder, draw });
      const diagram = first.render(FLOWCHART);
      expect(first.render(FLOWCHART)).toBe(diagram);
      expect(first.counts).toEqual({ drawn: 1, fromMemory: 1, fromDisk: 0 });
      const later = createDiagramCache({ directory: folder, draw });
      expect(later.render(FLOWCHART)).toEqual(diagram);
      expect(later.counts).toEqual({ drawn: 0, fromMemory: 0, fromDisk: 1 });
      expect(drawn).toBe(1);
      later.render(SEQUENCE);
      expect(drawn).toBe(2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("is what the plugin draws with: a post rendered again draws nothing", () => {
    let drawn = 0;
    const cache = createDiagramCache({
      draw: (text) => {
        drawn++;
        return drawWithBeautifulMermaid(text);
      },
    });
    const plugin = mermaidDiagramsPlugin({ base: "/sub/", cache: () => cache });
    const post = `${fence(FLOWCHART)}\n${fence(SEQUENCE)}`;
    const once = markdownToHtml(post, { hastPlugins: [plugin] }).html;
    const twice = markdownToHtml(post, { hastPlugins: [plugin] }).html;
    expect(twice).toBe(once);
    expect(drawn).toBe(2);
    expect(cache.counts.fromMemory).toBe(2);
    expect(once).toContain('data-diagram="/sub/diagrams/');
  });

  it("never keeps a diagram that does not parse", () => {
    const cache = createDiagramCache();
    expect(() => cache.render("flowchart LR\n  A -->")).toThrow(DiagramSyntaxError);
    expect(() => cache.render("flowchart LR\n  A -->")).toThrow(DiagramSyntaxError);
    expect(cache.counts.fromMemory).toBe(0);
  });
});

describe("a diagram's standalone file", () => {
  it("is the page's SVG with the light colours written in, and survives the output's SVG sanitiser as it is", async () => {
    const html = await render(fence(HOSTILE, 'alt="A node whose label looks like a script & more."'));
    const [diagram] = findInlineDiagrams(html);
    expect(diagram).toBeDefined();
    const file = standaloneDiagram(html.slice(diagram?.start, diagram?.end));
    expect(file).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(file).toContain("<title>A node whose label looks like a script &amp; more.</title>");
    expect(file).toContain(`fill="${DIAGRAM_COLOURS.canvas.light}"`);
    expect(file).not.toMatch(/var\(|class=|data-|style|<script/);
    expect(file).toContain("&lt;/script&gt;&lt;script&gt;alert('x')&lt;/script&gt; &amp; 'single' \"double\"");
    const { svg, removed } = createSvgSanitiser().sanitise(file);
    // svg-safety lists every url() it reads, a marker's url(#…) too, which it keeps: the file is unchanged.
    expect(removed.filter((entry) => entry !== "external reference in marker-end")).toEqual([]);
    expect(svg).toBe(file);
  });

  it("is found in every page that shows the diagram, once", async () => {
    const folder = mkdtempSync(join(tmpdir(), "mermaid-pages-"));
    try {
      const html = await render(`${fence(FLOWCHART)}\n${fence(SEQUENCE)}`);
      writeFileSync(join(folder, "a.html"), html);
      writeFileSync(join(folder, "b.html"), html);
      writeFileSync(join(folder, "c.html"), "<p>No diagram.</p>");
      const files = diagramFilesOf(
        ["a.html", "b.html", "c.html"].map((name) => join(folder, name)),
        standaloneDiagram,
      );
      expect([...files.keys()].every((name) => /^[0-9a-f]{16}\.svg$/.test(name))).toBe(true);
      expect(files.size).toBe(2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("has each colour of the light theme: the light half of the site's tokens", () => {
    const css = readFileSync("src/styles/global.css", "utf8");
    for (const [role, { token, light }] of Object.entries(DIAGRAM_COLOURS)) {
      const declared = new RegExp(`${token}:\\s*light-dark\\((#[0-9a-f]+),`, "i").exec(css)?.[1];
      expect(declared?.toLowerCase(), `${role} (${token})`).toBe(light);
    }
  });
});

describe("the fixtures", () => {
  it("draw every diagram of diagrams.md", async () => {
    const document = documentOf(await render(bodyOf(readFileSync(`${FIXTURES}/diagrams.md`, "utf8"))));
    const svgs = [...document.querySelectorAll("figure.mermaid-diagram svg")] as SVGElement[];
    expect(svgs.length).toBe(3);
    for (const svg of svgs) expectSafeThemedDiagram(svg);
  });
});
