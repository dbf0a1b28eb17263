import { describe, expect, it } from "vitest";
import { slugFromTitle, slugProblem } from "#src/domain/new-post.ts";
import { POST_SLUG_PATTERN } from "#src/schemas/post.ts";

describe("slugFromTitle", () => {
  it.each([
    ["Données en temps réel", "donnees-en-temps-reel"],
    ["Crème brûlée, naïve café", "creme-brulee-naive-cafe"],
    ["Straße und Cæsar", "strasse-und-caesar"],
    ["Øresund, Łódź and Œuvre", "oresund-lodz-and-oeuvre"],
    ["İstanbul", "istanbul"],
    ["Exactly-Once Sinks: “Idempotent” Writes & <Upserts>", "exactly-once-sinks-idempotent-writes-and-upserts"],
    ["Don't stop: Kafka’s log!!!", "dont-stop-kafkas-log"],
    ["C++ & C# -- tips", "c-and-c-tips"],
    ["snake_case and kebab-case", "snake-case-and-kebab-case"],
    ["  --Hello   World--  ", "hello-world"],
    ["🚀 Launch day 🎉", "launch-day"],
    ["Kafka 日本語 guide", "kafka-guide"],
    ["ﬁle Ａｂｃ ２", "file-abc-2"],
    ["2024 in review", "2024-in-review"],
  ])("%s → %s", (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
    expect(slug).toMatch(POST_SLUG_PATTERN);
  });

  it.each(["日本語", "Привет мир", "🎉🎉", "!!!"])("gives nothing for %s, so the CLI asks for --slug", (title) => {
    expect(slugFromTitle(title)).toBe("");
    expect(slugProblem(slugFromTitle(title), new Set())).toMatch(/pass --slug/);
  });
});
