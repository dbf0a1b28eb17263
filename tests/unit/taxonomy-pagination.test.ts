import { describe, expect, it } from "vitest";
import { pageUrl, paginate, paginatedPaths } from "#src/domain/pagination.ts";
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

describe("paginate", () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it("splits into pages with URLs, page 1 at the list URL", () => {
    const pages = paginate(items, 3, "/blog/");
    expect(pages.map((page) => page.items)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(pages[0]?.url).toEqual({
      current: "/blog/",
      prev: undefined,
      next: "/blog/2/",
      first: "/blog/",
      last: "/blog/3/",
    });
    expect(pages[2]?.url.prev).toBe("/blog/2/");
    expect(pages[2]?.url.next).toBeUndefined();
    expect(pages.every((page) => page.lastPage === 3 && page.total === 7)).toBe(true);
  });

  it("still makes one page for an empty list, and rejects a bad page size", () => {
    expect(paginate([], 10, "/tags/x/")).toHaveLength(1);
    expect(() => paginate(items, 0, "/blog/")).toThrow(/positive integer/);
    expect(pageUrl("/blog/", 1)).toBe("/blog/");
  });

  it("makes getStaticPaths entries with an empty page param on page 1", () => {
    const paths = paginatedPaths(items, 5, "/tags/kafka/", { tag: "kafka" }, { term: "Kafka" });
    expect(paths.map((path) => path.params)).toEqual([
      { tag: "kafka", page: undefined },
      { tag: "kafka", page: "2" },
    ]);
    expect(paths[1]?.props.term).toBe("Kafka");
  });
});
