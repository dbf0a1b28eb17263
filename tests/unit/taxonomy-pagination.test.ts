import { describe, expect, it } from "vitest";
import { checkedPageSize } from "#src/domain/pagination.ts";
import { groupByTerm, sortTermsByCount, termSlug, uniqueTermSlugs } from "#src/domain/taxonomy.ts";

describe("termSlug", () => {
  it.each([
    ["Apache Kafka", "apache-kafka"],
    ["apache-kafka", "apache-kafka"],
    ["  Apache   Kafka ", "apache-kafka"],
    ["Real-time Processing", "real-time-processing"],
    ["Données & Flux", "données-flux"],
    ["日本語", "日本語"],
    ["!!!", "untitled"],
  ])("%s → %s", (name, slug) => {
    expect(termSlug(name)).toBe(slug);
    expect(termSlug(slug)).toBe(slug);
  });
});

describe("groupByTerm", () => {
  it("treats spellings that slug the same as one term, named by the most used spelling", () => {
    const posts = [{ tags: ["Apache Kafka"] }, { tags: ["apache-kafka"] }, { tags: ["Apache Kafka", "apache kafka"] }];
    const [term] = groupByTerm(posts, (post) => post.tags);
    expect(term?.slug).toBe("apache-kafka");
    expect(term?.name).toBe("Apache Kafka");
    expect(term?.posts).toHaveLength(3);
  });

  it("sorts by post count, then name", () => {
    const terms = groupByTerm([{ t: ["b", "a"] }, { t: ["c"] }, { t: ["c"] }], (p) => p.t);
    expect(sortTermsByCount(terms).map((term) => term.slug)).toEqual(["c", "a", "b"]);
    expect(uniqueTermSlugs(["Kafka", "kafka", "Spark"])).toEqual(["kafka", "spark"]);
  });
});

describe("checkedPageSize", () => {
  // The pages themselves come from Astro's paginate(); the page size they pass it is checked here.
  it("passes a positive integer through and rejects anything else", () => {
    expect(checkedPageSize(10)).toBe(10);
    expect(checkedPageSize(1)).toBe(1);
    for (const bad of [0, -2, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkedPageSize(bad)).toThrow(/positive integer/);
    }
  });
});
