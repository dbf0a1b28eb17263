import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { splitPostFile } from "#src/domain/frontmatter.ts";
import { importProblem, MAX_COMPONENT_NESTING, mdxCodeProblems } from "#src/domain/mdx-code.ts";

describe("MDX code in posts", () => {
  it("allows images beside the post, the site's MDX components and configured packages", () => {
    expect(importProblem("./images/chart.png", [])).toBeUndefined();
    expect(importProblem("../shared/diagram.svg", [])).toBeUndefined();
    expect(importProblem("#src/components/mdx/Callout.astro", [])).toBeUndefined();
    expect(importProblem("@acme/charts/bar", ["@acme/charts"])).toBeUndefined();
  });

  it("refuses Node built-ins, other packages and non-image files", () => {
    for (const source of ["node:fs", "fs", "child_process", "@acme/charts", "./data.json", "../../../../etc/passwd"]) {
      expect(importProblem(source, []), source).toMatch(/is not allowed in a post/);
    }
  });

  it("names each import and expression that reaches the machine, with its line", () => {
    const { body } = splitPostFile(readFileSync("tests/fixtures/hostile/mdx-code/reads-the-machine.mdx", "utf8"));
    expect(mdxCodeProblems(body, []).map((problem) => `${problem.line}: ${problem.message.split(": ")[0]}`)).toEqual([
      '2: import "node:fs" is not allowed in a post',
      '5: "process" is not allowed in a post\'s code',
      '7: "eval" is not allowed in a post\'s code',
    ]);
  });

  it("leaves the site's own MDX posts and code blocks that mention these words alone", () => {
    for (const file of [
      "src/content/blog/exactly-once-kafka-to-spark.mdx",
      "src/content/blog/building-real-time-data-pipelines.mdx",
    ]) {
      expect(mdxCodeProblems(splitPostFile(readFileSync(file, "utf8")).body, []), file).toEqual([]);
    }
    expect(mdxCodeProblems("```js\nrequire('fs'); process.exit(1)\n```\n\nText about `eval`.\n", [])).toEqual([]);
  });
});

describe("components nested too deep to render", () => {
  it("are a problem on the line where the nesting passes the limit, reported once", () => {
    const nested = (levels: number) => `${'<Details summary="a">\n'.repeat(levels)}x\n${"</Details>\n".repeat(levels)}`;
    expect(mdxCodeProblems(nested(MAX_COMPONENT_NESTING), [])).toEqual([]);
    expect(mdxCodeProblems(nested(1000), [])).toEqual([
      {
        line: MAX_COMPONENT_NESTING + 1,
        message: `components are nested more than ${MAX_COMPONENT_NESTING} levels deep here: rendering them would overflow the build's stack; nest less`,
      },
    ]);
  });
});
