import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSearchIndex } from "#build/search/search-index.ts";
import { toSearchHit, trimTitleFromExcerpt } from "#src/islands/search-client.ts";

const root = mkdtempSync(join(tmpdir(), "search-index-"));
const dist = join(root, "dist");
const cache = join(root, "cache");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writePost(slug: string, text: string): void {
  mkdirSync(join(dist, "blog", slug), { recursive: true });
  writeFileSync(
    join(dist, "blog", slug, "index.html"),
    `<!doctype html><html lang="en"><head><title>${slug}</title></head><body><article data-pagefind-body><h1>${slug}</h1><p>${text}</p></article></body></html>`,
  );
}
const indexFiles = () => readdirSync(join(dist, "pagefind"), { recursive: true }).map(String).sort();

describe("the search index (real Pagefind)", () => {
  it("indexes the post pages, reuses the index while they stay the same, and indexes again when one changes", async () => {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Home</title>");
    writePost("kafka", "Partitions and consumer groups.");
    writePost("spark", "Structured streaming and watermarks.");

    expect(await buildSearchIndex(dist, cache)).toEqual({ pages: 2, reused: false });
    const first = indexFiles();
    expect(first).toContain("pagefind-entry.json");
    expect(first.filter((file) => file.startsWith("fragment/"))).toHaveLength(2);

    expect(await buildSearchIndex(dist, cache)).toEqual({ pages: undefined, reused: true });
    expect(indexFiles()).toEqual(first);

    writePost("spark", "Structured streaming, watermarks and late data.");
    expect(await buildSearchIndex(dist, cache)).toEqual({ pages: 2, reused: false });
    // Two fragments again: the ones of the index copied in before are gone.
    expect(indexFiles().filter((file) => file.startsWith("fragment/"))).toHaveLength(2);
    expect(indexFiles()).not.toEqual(first);
  });

  it("refuses a folder that holds no built site", async () => {
    await expect(buildSearchIndex(join(root, "nothing"), cache)).rejects.toThrow(/no built site/);
  });
});

describe("excerpts without the title (trimTitleFromExcerpt)", () => {
  // Excerpts as Pagefind writes them: the h1 is followed by a "." unless the title ends in punctuation.
  const TITLE = "Building Real-Time Data Pipelines with Kafka and Spark";
  const BODY = "Learn how to design <mark>Kafka</mark> pipelines.";

  it("drops the whole title, or a tail of it, word by word and case-insensitively", () => {
    expect(trimTitleFromExcerpt(`${TITLE}. ${BODY}`, TITLE)).toBe(BODY);
    expect(trimTitleFromExcerpt(`Pipelines with Kafka and Spark. ${BODY}`, TITLE)).toBe(BODY);
    expect(trimTitleFromExcerpt("pipelines WITH kafka AND spark. Learn how", TITLE)).toBe("Learn how");
    expect(trimTitleFromExcerpt("Spark. Learn how", TITLE)).toBe("Learn how");
    expect(
      trimTitleFromExcerpt(
        "Kafka to Spark: What the Guarantee Really Covers. Exactly-once from Kafka",
        "Exactly-Once from Kafka to Spark: What the Guarantee Really Covers",
      ),
    ).toBe("Exactly-once from Kafka");
  });

  it("ignores <mark> tags, entities and punctuation in the title part, and keeps the marks of the rest", () => {
    expect(trimTitleFromExcerpt(`Data <mark>Pipelines</mark> with <mark>Kafka</mark> and Spark. ${BODY}`, TITLE)).toBe(
      BODY,
    );
    expect(
      trimTitleFromExcerpt(
        "Format for <mark>Kafka.</mark> Your <mark>Kafka</mark> message format",
        "Avro, Protobuf or JSON? Choosing a Serialization Format for Kafka",
      ),
    ).toBe("Your <mark>Kafka</mark> message format");
    expect(
      trimTitleFromExcerpt(`&quot;Quotes&quot; &amp; &lt;b&gt;. <mark>Body</mark>`, `Hostile "Quotes" & <b>`),
    ).toBe("<mark>Body</mark>");
    // A title that ends in its own mark gets no "." from Pagefind.
    expect(trimTitleFromExcerpt("Does it <mark>work?</mark> Yes", "Does it work?")).toBe("Yes");
    expect(trimTitleFromExcerpt("Rocket 🚀 Launch day", "Hostile rocket 🚀")).toBe("Launch day");
  });

  it("leaves an excerpt that does not start with the title's tail alone", () => {
    expect(trimTitleFromExcerpt(BODY, TITLE)).toBe(BODY);
    expect(trimTitleFromExcerpt("Building pipelines is hard.", TITLE)).toBe("Building pipelines is hard.");
    expect(trimTitleFromExcerpt("Data Pipelines with Kafka. Then", TITLE)).toBe("Data Pipelines with Kafka. Then");
  });

  it("leaves title words that run on into the body alone: the title's tail must end where the h1 does", () => {
    // The seed post's description: "…using Apache Kafka and Spark Streaming for…".
    expect(trimTitleFromExcerpt("Kafka and Spark Streaming for", TITLE)).toBe("Kafka and Spark Streaming for");
    expect(trimTitleFromExcerpt("Streams are <mark>Kafka</mark>'s answer", "Kafka Streams")).toBe(
      "Streams are <mark>Kafka</mark>'s answer",
    );
    expect(trimTitleFromExcerpt("<mark>Kafka</mark> partitions", "Kafka")).toBe("<mark>Kafka</mark> partitions");
    expect(trimTitleFromExcerpt("Kafka and Spark, and more", TITLE)).toBe("Kafka and Spark, and more");
    // …while one closed word is the h1's end.
    expect(trimTitleFromExcerpt("<mark>Streams.</mark> They are", "Kafka Streams")).toBe("They are");
  });

  it("keeps an excerpt that is nothing but the title", () => {
    expect(trimTitleFromExcerpt("with <mark>Kafka</mark> and Spark.", TITLE)).toBe(
      "with <mark>Kafka</mark> and Spark.",
    );
    expect(trimTitleFromExcerpt("", TITLE)).toBe("");
  });

  it("is applied to every search hit", () => {
    const hit = toSearchHit({ url: "/blog/x/", excerpt: `and <mark>Spark.</mark> ${BODY}`, meta: { title: TITLE } });
    expect(hit).toMatchObject({ title: TITLE, excerpt: BODY, tags: [] });
  });
});
