/**
 * Issue #18: a post's Markdown twin (src/domain/markdown-twin.ts) and llms.txt (src/domain/llms-txt.ts), from
 * their pure halves: each MDX component turned into its Markdown meaning, a `.md` body kept as written, and
 * llms.txt as llmstxt.org lays it out.
 */
import { markdownToMdast } from "satteri";
import { describe, expect, it } from "vitest";
import { oneLine, renderLlmsTxt } from "#src/domain/llms-txt.ts";
import { literalValue, markdownTwin, planTwinBody, type TwinImage, twinHeader } from "#src/domain/markdown-twin.ts";

const PAGE = "https://blog.example/blog/a-post/";
const served = (image: TwinImage) => `https://blog.example/_astro/${image.from}/${image.written.split("/").pop()}`;

function mdx(body: string, title = "A Post") {
  const plan = planTwinBody(body, { format: "mdx", title, pageUrl: PAGE });
  return { images: plan.images, markdown: plan.render(served) };
}
function md(body: string, title = "A Post") {
  const plan = planTwinBody(body, { format: "md", title, pageUrl: PAGE });
  return { images: plan.images, markdown: plan.render(served) };
}

describe("an MDX post's twin", () => {
  it("drops imports and exports", () => {
    const { markdown } = mdx(
      "import chart from './images/chart.png';\nexport const meta = { a: 1 };\n\nThe text.\n\nexport const more = 2;\n",
    );
    expect(markdown).toBe("The text.");
  });

  it("makes a Callout a blockquote under its title, or its type's label, in bold", () => {
    expect(mdx('<Callout type="warning" title="Mind the sink">\nA **bold** claim.\n\n- one\n</Callout>').markdown).toBe(
      "> **Mind the sink**\n>\n> A **bold** claim.\n>\n> - one",
    );
    expect(mdx('<Callout type="tip">Short.</Callout>').markdown).toBe("> **Tip**\n>\n> Short.");
    expect(mdx("<Callout>\nPlain.\n</Callout>").markdown).toBe("> **Note**\n>\n> Plain.");
  });

  it("makes a Figure its image, at the URL the site serves, with its caption under it", () => {
    const { images, markdown } = mdx('<Figure src="images/flow.png" alt="Boxes and arrows" caption="How it flows." />');
    expect(images).toEqual([{ written: "images/flow.png", from: "content" }]);
    expect(markdown).toBe("![Boxes and arrows](https://blog.example/_astro/content/flow.png)\n\n*How it flows.*");
  });

  it("follows an imported image to its file, relative to the post", () => {
    const { images, markdown } = mdx("import flow from './images/flow.png';\n\n<Figure src={flow} alt=\"Flow\" />");
    expect(images).toEqual([{ written: "./images/flow.png", from: "post" }]);
    expect(markdown).toBe("![Flow](https://blog.example/_astro/post/flow.png)");
  });

  it("makes Details its summary in bold, then its content", () => {
    expect(mdx('<Details summary="Why not transactions?">\nBecause.\n\n1. First\n</Details>').markdown).toBe(
      "**Why not transactions?**\n\nBecause.\n\n1. First",
    );
  });

  it("makes a Diagram its description and caption, without the drawing", () => {
    const { markdown } = mdx(
      '<Diagram caption="Three stages" description="Source, engine and sink, left to right.">\n  <svg viewBox="0 0 10 10"><rect class="d-box" /><text>Source</text></svg>\n</Diagram>',
    );
    expect(markdown).toBe("**Diagram:** Source, engine and sink, left to right.\n\n*Three stages*");
  });

  it("keeps the text of literal expressions and drops any other code", () => {
    expect(mdx('Costs {"5 €"} or {42}, {1 + 2} not.{/* a note */}\n\n{`A line`}\n\n{items.map(String)}').markdown).toBe(
      "Costs 5 € or 42,  not.\n\nA line",
    );
    expect(literalValue("'it\\'s'")).toBe("it's");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the template literal with a placeholder, as MDX code
    expect(literalValue("`${x}`")).toBeUndefined();
    expect(literalValue("true")).toBe(true);
  });

  it('reads literal attributes: a title given as {"…"}', () => {
    expect(mdx('<Callout title={"From code"}>X</Callout>').markdown).toBe("> **From code**\n>\n> X");
  });

  it("turns HTML elements into Markdown and keeps the content of others", () => {
    expect(
      mdx('Press <kbd>Ctrl</kbd>, see <a href="/tags/kafka/">tags</a>, <span>kept</span> and <sup>2</sup>.').markdown,
    ).toBe("Press `Ctrl`, see [tags](https://blog.example/tags/kafka/), kept and 2.");
    expect(mdx("<div>\n\nInside a div.\n\n</div>").markdown).toBe("Inside a div.");
  });

  it("makes every local URL absolute and shows a script link as its text", () => {
    const { markdown } = mdx(
      "[Up](../other/), [anchor](#setup), [root](/archive/), [web](https://kafka.apache.org/) and [bad](javascript:alert(1)).",
    );
    expect(markdown).toBe(
      "[Up](https://blog.example/blog/other/), [anchor](https://blog.example/blog/a-post/#setup), [root](https://blog.example/archive/), [web](https://kafka.apache.org/) and bad.",
    );
  });

  it("keeps Markdown as Markdown: tables, code, footnotes, math, alerts", () => {
    const body = [
      "| a | b |\n| - | -: |\n| 1 | 2 |",
      '```python title="x.py"\nprint("<&>")\n```',
      "A claim.[^1]\n\n[^1]: A source.",
      "$a_b$ and\n\n$$\nx^2\n$$",
      "> [!WARNING]\n> Careful.",
    ].join("\n\n");
    const { markdown } = mdx(body);
    expect(markdown).toContain("| a |  b |\n| - | -: |\n| 1 |  2 |");
    expect(markdown).toContain('```python title="x.py"\nprint("<&>")\n```');
    expect(markdown).toContain("A claim.[^1]\n\n[^1]: A source.");
    expect(markdown).toContain("$a_b$ and\n\n$$\nx^2\n$$");
    expect(markdown).toContain("> [!WARNING]\n> Careful.");
  });

  it("drops a leading # Title that repeats the post title, as the page does", () => {
    expect(mdx("# A Post\n\nBody.").markdown).toBe("Body.");
    expect(mdx("# Another Title\n\nBody.").markdown).toBe("# Another Title\n\nBody.");
  });

  it("still has a twin when the post nests deeper than the converter can follow: the source without its imports", () => {
    const deep = `import x from './images/x.png';\n\n${">".repeat(3000)} deep\n`;
    const { markdown } = mdx(deep);
    expect(markdown.startsWith(">>>")).toBe(true);
    expect(markdown).not.toContain("import");
  });
});

describe("a Markdown post's twin", () => {
  it("is the body as written, with a relative image at the URL the site serves", () => {
    const body = 'Intro with *emphasis* and a_b.\n\n![A chart](./images/chart.png "Title")\n\n* star list\n';
    const { images, markdown } = md(body);
    expect(images).toEqual([{ written: "./images/chart.png", from: "post" }]);
    expect(markdown).toBe(
      'Intro with *emphasis* and a_b.\n\n![A chart](https://blog.example/_astro/post/chart.png "Title")\n\n* star list',
    );
  });

  it("makes local links absolute, keeping their text as written, and reference definitions too", () => {
    const { markdown } = md(
      "See [the *other* post](../other/) and [ref][r].\n\n[r]: /archive/\n[img]: ./images/a.png\n",
    );
    expect(markdown).toBe(
      "See [the *other* post](https://blog.example/blog/other/) and [ref][r].\n\n[r]: https://blog.example/archive/\n[img]: https://blog.example/_astro/post/a.png",
    );
  });

  it("shows what the page shows as text as text: raw HTML with a script, a script link", () => {
    const { markdown } = md("<script>alert(1)</script>\n\nA [bad](javascript:alert(1)) link and <kbd>Ctrl</kbd>.\n");
    expect(markdown).toBe("\\<script>alert(1)\\</script>\n\nA bad link and <kbd>Ctrl</kbd>.");
  });

  it("drops a leading # Title that repeats the post title", () => {
    expect(md("# A post\n\nBody.\n").markdown).toBe("Body.");
  });

  it("reads a list 2,100 levels deep (tests/build/hostile-nesting.test.ts builds one) in well under a second", () => {
    const deep = Array.from({ length: 2100 }, (_, index) => `${"  ".repeat(index)}- level`).join("\n");
    const start = performance.now();
    expect(md(deep).markdown).toBe(deep);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe("the twin's header", () => {
  const header = {
    title: "Exactly-Once [Really]",
    url: PAGE,
    date: new Date("2024-02-06T00:00:00Z"),
    updated: new Date("2024-03-01T10:30:00Z"),
    author: "Ada",
    category: "Data Engineering",
    tags: ["Apache Kafka", "Spark"],
    excerpt: "What the guarantee\ncovers.",
  };

  it("gives the title, URL, dates, author, category, tags and excerpt", () => {
    expect(twinHeader(header)).toBe(
      [
        "# Exactly-Once \\[Really]",
        "",
        `- **URL:** <${PAGE}>`,
        "- **Published:** 2024-02-06",
        "- **Updated:** 2024-03-01T10:30:00.000Z",
        "- **Author:** Ada",
        "- **Category:** Data Engineering",
        "- **Tags:** Apache Kafka, Spark",
        "",
        "> What the guarantee covers.",
      ].join("\n"),
    );
  });

  it("parses back as one heading, one list and one quote, then the body after a rule", () => {
    const twin = markdownTwin({ ...header, updated: undefined, tags: [] }, "Body.\n");
    const tree = markdownToMdast(twin) as { children: { type: string }[] };
    expect(tree.children.map((node) => node.type)).toEqual([
      "heading",
      "list",
      "blockquote",
      "thematicBreak",
      "paragraph",
    ]);
    expect(twin).not.toContain("Updated");
    expect(twin).not.toContain("Tags");
  });
});

describe("llms.txt", () => {
  const text = renderLlmsTxt({
    title: "Dataflow Notes",
    description: "Notes on\nstreaming.",
    details: ["Each post is linked as Markdown."],
    sections: [
      {
        title: "Posts",
        links: [
          { title: "Kafka [and] *Spark*", url: "https://blog.example/blog/a.md", notes: "An excerpt\nover two lines." },
          { title: "Plain", url: "https://blog.example/blog/b.md", notes: "Short." },
        ],
      },
      { title: "Optional", links: [{ title: "RSS", url: "https://blog.example/rss.xml" }] },
    ],
  });

  it("is the name, the description, details, then sections of links with notes", () => {
    expect(text).toBe(
      [
        "# Dataflow Notes",
        "",
        "> Notes on streaming.",
        "",
        "Each post is linked as Markdown.",
        "",
        "## Posts",
        "",
        "- [Kafka \\[and\\] \\*Spark\\*](https://blog.example/blog/a.md): An excerpt over two lines.",
        "- [Plain](https://blog.example/blog/b.md): Short.",
        "",
        "## Optional",
        "",
        "- [RSS](https://blog.example/rss.xml)",
        "",
      ].join("\n"),
    );
  });

  it("keeps each link on one line, its text whole", () => {
    const tree = markdownToMdast(text) as {
      children: { type: string; children?: { children?: { children?: { type: string; url?: string }[] }[] }[] }[];
    };
    const list = tree.children.find((node) => node.type === "list");
    const links = list?.children?.map((item) => item.children?.[0]?.children?.[0]);
    expect(links?.map((link) => link?.url)).toEqual([
      "https://blog.example/blog/a.md",
      "https://blog.example/blog/b.md",
    ]);
    expect(oneLine(" a\n\tb \u202Ec")).toBe("a b c");
  });
});
