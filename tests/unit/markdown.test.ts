import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createSatteriMarkdownProcessor } from "@astrojs/markdown-satteri";
import { markdownToHtml, markdownToMdast, mdxToJs, mdxToMdast } from "satteri";
import { describe, expect, it, vi } from "vitest";
import { bodyOf } from "#src/domain/frontmatter.ts";
import { tableOfContents } from "#src/domain/headings.ts";
import { countMdastWords, countWords, formatReadingTime, readingTimeOfSource } from "#src/domain/reading-time.ts";
import { languageLabel, parseFenceTitle } from "#src/markdown/code-block.ts";
import { CODE_THEMES } from "#src/markdown/code-theme.ts";
import { headingAnchorsPlugin } from "#src/markdown/heading-anchors.ts";
import { readingTimePlugin } from "#src/markdown/reading-time.ts";
import { syntaxHighlightPlugin } from "#src/markdown/syntax-highlight.ts";
import { tableAlignmentPlugin } from "#src/markdown/table-alignment.ts";
import { dropTitleHeadingPlugin } from "#src/markdown/title-heading.ts";
import { BLOG_CONTENT_DIR } from "#src/site.config.ts";

const POST_FOLDERS = [BLOG_CONTENT_DIR, "tests/fixtures/build-posts", "tests/fixtures/real-posts"];

describe("reading time", () => {
  it("counts words in any script", () => {
    expect(countWords("Kafka's brokers replicate   partitions.")).toBe(4);
    expect(countWords("データ パイプライン")).toBe(5);
    expect(countWords("--- | ---")).toBe(0);
  });

  it("rounds up to whole minutes, at least one", () => {
    expect(formatReadingTime(0)).toBe("1 min read");
    expect(formatReadingTime(220)).toBe("1 min read");
    expect(formatReadingTime(221)).toBe("2 min read");
  });

  it("counts prose and code in a Markdown tree, not link URLs or markup", () => {
    const tree = markdownToMdast("# Title\n\nSee [the docs](https://example.com/a/b/c).\n\n```py\nprint(x)\n```\n");
    expect(countMdastWords(tree)).toBe(1 + 3 + 2);
  });

  it("agrees with the Markdown plugin, for .md and .mdx", () => {
    const body = `${"word ".repeat(500)}\n\n<Callout>inside</Callout>\n`;
    const { data } = markdownToHtml(body, {
      mdastPlugins: [readingTimePlugin],
      data: { astro: { frontmatter: {}, headings: [], localImagePaths: new Set(), remoteImagePaths: new Set() } },
    });
    const parse = { markdownToMdast, mdxToMdast };
    expect(data.astro?.frontmatter.readingTime).toBe(readingTimeOfSource(body, "markdown", parse));
    expect(readingTimeOfSource(body, "mdx", parse)).toBe("3 min read");
  });

  // The plugin counts through visitors, the cards and the loader count a whole tree: the same words, every post.
  it.each(
    POST_FOLDERS.flatMap((folder) =>
      readdirSync(folder)
        .filter((name) => /\.mdx?$/.test(name))
        .map((name) => join(folder, name)),
    ),
  )("counts the same words in the plugin and in the tree: %s", (file) => {
    const body = bodyOf(readFileSync(file, "utf8"));
    const mdx = file.endsWith(".mdx");
    const astro = {
      frontmatter: {},
      headings: [],
      localImagePaths: new Set<string>(),
      remoteImagePaths: new Set<string>(),
    };
    const { data } = mdx
      ? mdxToJs(body, { mdastPlugins: [readingTimePlugin], data: { astro } })
      : markdownToHtml(body, { mdastPlugins: [readingTimePlugin], data: { astro } });
    const words = countMdastWords((mdx ? mdxToMdast : markdownToMdast)(body));
    expect(words).toBeGreaterThan(0);
    expect(data.readingTimeWords).toBe(words);
  });

  it("keeps a reading time the author wrote", () => {
    const { data } = markdownToHtml("short", {
      mdastPlugins: [readingTimePlugin],
      data: {
        astro: {
          frontmatter: { readingTime: "12 min read" },
          headings: [],
          localImagePaths: new Set(),
          remoteImagePaths: new Set(),
        },
      },
    });
    expect(data.astro?.frontmatter.readingTime).toBe("12 min read");
  });
});

describe("heading plugins", () => {
  const astroData = (title: string) => ({
    astro: {
      frontmatter: { title },
      headings: [],
      localImagePaths: new Set<string>(),
      remoteImagePaths: new Set<string>(),
    },
  });

  it("drops a leading h1 that repeats the title, and keeps other h1s", () => {
    const source = "# Kafka and Spark\n\nIntro\n\n# Another top heading\n";
    const { html } = markdownToHtml(source, {
      hastPlugins: [dropTitleHeadingPlugin],
      data: astroData("Kafka and Spark"),
    });
    expect(html).not.toContain("<h1>Kafka and Spark</h1>");
    expect(html).toContain("<h1>Another top heading</h1>");
    const other = markdownToHtml(source, { hastPlugins: [dropTitleHeadingPlugin], data: astroData("Something else") });
    expect(other.html).toContain("<h1>Kafka and Spark</h1>");
  });

  it("keeps a title h1 that is not the first element, and one inside another element", () => {
    for (const source of ["Intro\n\n# Kafka and Spark\n", "> # Kafka and Spark\n"]) {
      const { html } = markdownToHtml(source, {
        hastPlugins: [dropTitleHeadingPlugin],
        data: astroData("Kafka and Spark"),
      });
      expect(html).toContain("<h1>Kafka and Spark</h1>");
    }
  });

  it("drops the title h1 of an MDX post that opens with an import", () => {
    const source = 'import Callout from "#tests/unit/Callout.astro";\n\n# Kafka and Spark\n\nIntro\n';
    const { code } = mdxToJs(source, { hastPlugins: [dropTitleHeadingPlugin], data: astroData("Kafka and Spark") });
    expect(code).not.toContain("Kafka and Spark");
    expect(code).toContain("Intro");
  });

  it("gives headings unique ids and an empty self-link with an accessible name", () => {
    const { html } = markdownToHtml("## Setup\n\n## Setup\n", { hastPlugins: [headingAnchorsPlugin] });
    expect(html).toContain(
      '<h2 id="setup">Setup<a class="heading-anchor" href="#setup" aria-label="Link to section: Setup"></a></h2>',
    );
    expect(html).toContain('id="setup-1"');
  });

  it("aligns table columns with classes, not style attributes (the CSP blocks those)", () => {
    const { html } = markdownToHtml("| a | b | c |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |\n", {
      hastPlugins: [tableAlignmentPlugin],
    });
    expect(html).not.toContain("style=");
    for (const align of ["left", "center", "right"]) expect(html).toContain(`<td class="align-${align}">`);
  });

  it("lists h2 and h3 in the table of contents, without the footnotes label", () => {
    const headings = [
      { depth: 2, slug: "a", text: "A" },
      { depth: 3, slug: "b", text: "B" },
      { depth: 4, slug: "c", text: "C" },
      { depth: 2, slug: "footnote-label", text: "Footnotes" },
    ];
    expect(tableOfContents(headings).map((h) => h.slug)).toEqual(["a", "b"]);
  });
});

describe("code blocks", () => {
  // Astro's own highlighter (Oniguruma engine), the one syntaxHighlightPlugin replaces.
  const astroHighlighted = async (source: string) => {
    const astro = await createSatteriMarkdownProcessor({
      syntaxHighlight: "shiki",
      shikiConfig: { themes: CODE_THEMES, defaultColor: false },
    });
    return (await astro.render(source)).code;
  };
  const withoutPreStyle = (html: string) => html.replace(/(<pre[^>]*?) style="[^"]*"/g, "$1");

  it("highlights like Astro's Shiki, with the JavaScript engine and one tokenizing pass for both themes", async () => {
    const fences = {
      python: 'def handle(event):\n    return {"id": event.id, "n": 1.5e3}  # note',
      scala: 'val stream = spark.readStream.format("kafka").option("subscribe", "events").load()',
      sql: "SELECT user_id, COUNT(*) FROM events WHERE ts > now() - INTERVAL '1 hour' GROUP BY 1;",
      bash: 'for topic in $(kafka-topics --list); do echo "$topic" | grep -v "^_"; done',
      ts: "export const answer: number = [1, 2].reduce((a, b) => a + b, 0);",
      rust: 'fn main() { let v: Vec<u8> = vec![1, 2]; println!("{:?}", v); }',
      yaml: "services:\n  kafka:\n    image: apache/kafka:3.9 # pinned",
      // Italic, bold and underlined tokens, and markup inside markup.
      markdown: "# Title\n\nSome *emphasis*, **strong** and `code`, a [link](https://example.com).\n\n> quote",
      // (Not diff: Astro's highlighter wraps its +/- in inline-styled spans, which the CSP would block.)
      html: '<a href="/x" class="y">Link &amp; text</a><script>let a = 1;</script><style>p { color: red }</style>',
      json: '{"key": [1, true, null, "s"], "nested": {"a": -1.5e-3}}',
      java: "@Override public <T> List<T> map(Function<? super T, ? extends T> f) { return null; }",
      go: 'func main() { ch := make(chan int, 2); go func() { ch <- 1 }(); fmt.Println(<-ch, "ok") }',
      css: ":root { --accent: #0b5fb3; } a:hover::after { content: '→'; color: var(--accent) !important; }",
      js: "/** @param {string} s */ const re = /a+b/gi; class A extends B { #p = 1; static { this.q = new RegExp('a') } }",
    };
    const source = Object.entries(fences)
      .map(([lang, code]) => `\`\`\`${lang}\n${code}\n\`\`\``)
      .join("\n\n");
    const ours = await markdownToHtml(source, {
      hastPlugins: [syntaxHighlightPlugin({ themes: CODE_THEMES, transformers: [] })],
    });
    expect(ours.html).toContain('class="astro-code astro-code-themes github-light-default github-dark-default"');
    expect(ours.html.match(/--shiki-dark:/g)?.length ?? 0).toBeGreaterThan(50);
    expect(withoutPreStyle(ours.html)).toBe(withoutPreStyle(await astroHighlighted(source)));
  });

  it("shows a language Shiki does not know as plain text, with a warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { html } = await markdownToHtml("```klingon\nQapla'\n```", {
      hastPlugins: [syntaxHighlightPlugin({ themes: CODE_THEMES, transformers: [] })],
    });
    expect(html).toContain('data-language="plaintext"');
    expect(html).toContain("Qapla");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"klingon"'));
    warn.mockRestore();
  });

  it("reads a file title from the fence meta", () => {
    expect(parseFenceTitle('title="producer.py"')).toBe("producer.py");
    expect(parseFenceTitle("title='a b.sql' {1,3}")).toBe("a b.sql");
    expect(parseFenceTitle("showLineNumbers title=job.scala")).toBe("job.scala");
    expect(parseFenceTitle("")).toBeUndefined();
    expect(languageLabel("py")).toBe("Python");
    expect(languageLabel("rust")).toBe("rust");
  });
});
