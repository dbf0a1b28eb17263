/**
 * Issue #18: the taxonomy file (src/content/taxonomy.yaml): its schema and errors with lines, the names and
 * descriptions it gives the blog index's terms, and what `npm run check` says of tags it lacks.
 */
import { describe, expect, it } from "vitest";
import { checkContent, formatProblem } from "#src/domain/content-check.ts";
import { describeTerms, groupByTerm } from "#src/domain/taxonomy.ts";
import { readTaxonomyFile, taxonomyFileFor, taxonomyProblemsMessage } from "#src/domain/taxonomy-file.ts";

const VALID = `tags:
  apache-kafka:
    name: "Apache Kafka"
    description: "The log most pipelines start from."
  spark: {}
categories:
  data-engineering:
    description: "Building and running pipelines."
`;

describe("the taxonomy file", () => {
  it("sits beside the posts' folder", () => {
    expect(taxonomyFileFor("src/content/blog")).toBe("src/content/taxonomy.yaml");
    expect(taxonomyFileFor("/tmp/site/src/content/blog/")).toBe("/tmp/site/src/content/taxonomy.yaml");
  });

  it("reads names and descriptions by slug", () => {
    const { taxonomy, problems, sections } = readTaxonomyFile(VALID);
    expect(problems).toEqual([]);
    expect(sections).toEqual({ tags: true, categories: true });
    expect(taxonomy).toEqual({
      tags: {
        "apache-kafka": { name: "Apache Kafka", description: "The log most pipelines start from." },
        spark: {},
      },
      categories: { "data-engineering": { description: "Building and running pipelines." } },
    });
    expect(readTaxonomyFile("").taxonomy).toEqual({ tags: {}, categories: {} });
  });

  it("names each problem's line and field, with what to write instead", () => {
    const { taxonomy, problems } = readTaxonomyFile(`tags:
  Apache Kafka:
    name: "Apache Kafka"
  spark:
    descripton: "Typo"
  flink: "Stream processing"
  beam:
    description: ""
categorys:
  x: {}
`);
    expect(taxonomy).toBeUndefined();
    const lines = problems.map((problem) => `${problem.line} ${problem.field}: ${problem.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2 tags\.Apache Kafka: expected the tag's slug as its key .*write "apache-kafka"/),
        expect.stringMatching(/^5 tags\.spark\.descripton: unknown field "descripton": did you mean "description"\?/),
        expect.stringMatching(
          /^6 tags\.flink: expected an object with name and description, found the text "Stream processing"/,
        ),
        expect.stringMatching(
          /^8 tags\.beam\.description: expected a one- or two-sentence description, found empty text/,
        ),
        expect.stringMatching(/^9 categorys: unknown field "categorys": did you mean "categories"\?/),
      ]),
    );
    expect(taxonomyProblemsMessage("src/content/taxonomy.yaml", problems)).toContain(
      'src/content/taxonomy.yaml:9  categorys  unknown field "categorys"',
    );
  });

  it("refuses YAML read two ways, as frontmatter does", () => {
    const { problems } = readTaxonomyFile("tags:\n  a: &x { name: A }\n  b: *x\n");
    expect(problems.map((problem) => problem.message).join(" ")).toMatch(/anchors .* are not allowed/);
    expect(readTaxonomyFile("tags: [unclosed\n").problems[0]?.message).toMatch(/^malformed YAML/);
  });

  it("gives the index's terms their display names and descriptions", () => {
    const terms = groupByTerm([{ tags: ["apache kafka", "Spark"] }], (post) => post.tags);
    const { taxonomy } = readTaxonomyFile(VALID);
    describeTerms(terms, taxonomy?.tags ?? {});
    expect(terms.map(({ slug, name, description }) => ({ slug, name, description }))).toEqual([
      { slug: "apache-kafka", name: "Apache Kafka", description: "The log most pipelines start from." },
      { slug: "spark", name: "Spark", description: undefined },
    ]);
  });
});

describe("npm run check with a taxonomy file", () => {
  const post = (name: string, tags: string[], category = "Data Engineering") => ({
    path: `src/content/blog/${name}.md`,
    source: `---\ntitle: "${name}"\nexcerpt: "An excerpt."\ndate: "2024-01-01"\ncategory: "${category}"\ntags:\n${tags.map((tag) => `  - "${tag}"`).join("\n")}\n---\n\nBody.\n`,
  });
  const check = (taxonomy: string | undefined) =>
    checkContent([post("first", ["Apache Kafka", "Flink"]), post("second", ["Spark"], "Architecture")], {
      fileExists: () => true,
      ...(taxonomy === undefined ? {} : { taxonomy: { path: "src/content/taxonomy.yaml", text: taxonomy } }),
    });

  it("warns at each tag the file lacks, with its file, line and field", async () => {
    const problems = (await check(VALID)).map(formatProblem);
    expect(problems).toContain(
      'src/content/blog/first.md:8  tags.1  warning: the tag "Flink" is not in src/content/taxonomy.yaml: add it under tags as flink (with a description)',
    );
    expect(problems.join("\n")).not.toMatch(/"Apache Kafka" is not in|"Spark" is not in/);
    // It has a categories section, so a category it lacks is named too.
    expect(problems).toContain(
      'src/content/blog/second.md:5  category  warning: the category "Architecture" is not in src/content/taxonomy.yaml: add it under categories as architecture (with a description)',
    );
  });

  it("asks nothing of categories when the file has no categories section, and nothing at all without the file", async () => {
    const tagsOnly = (await check("tags:\n  apache-kafka: {}\n  flink: {}\n  spark: {}\n")).map(formatProblem);
    expect(tagsOnly.filter((line) => / warning: /.test(line))).toEqual([]);
    expect(await check(undefined)).toEqual([]);
  });

  it("reports the file's own problems as errors, and entries no post uses as warnings", async () => {
    const problems = (await check("tags:\n  apache-kafka: {}\n  flink: {}\n  spark: {}\n  storm: {}\n")).map(
      formatProblem,
    );
    expect(problems).toContain(
      "src/content/taxonomy.yaml:5  tags.storm  warning: no post has the tag storm: remove the entry, or fix its slug",
    );
    expect((await check("tags:\n  Flink: {}\n")).map(formatProblem)).toContain(
      'src/content/taxonomy.yaml:2  tags.Flink  error: expected the tag\'s slug as its key (the last part of its URL), found "Flink": write "flink"',
    );
  });
});
