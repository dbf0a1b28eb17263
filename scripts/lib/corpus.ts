/**
 * A synthetic blog for the benchmark, modelled on the seed post: its frontmatter
 * fields, MDX bodies of realistic length with headings, lists, links and 2–4 code
 * blocks (Python, Scala, SQL, Bash), tags from a pool of 20, one of 5 categories.
 * Deterministic: the same N gives the same posts.
 */

const TAGS = [
  "Apache Kafka",
  "Spark Streaming",
  "Flink",
  "Data Engineering",
  "Real-time Processing",
  "Schema Registry",
  "Avro",
  "Protobuf",
  "Delta Lake",
  "Iceberg",
  "Airflow",
  "dbt",
  "PostgreSQL",
  "Kubernetes",
  "Observability",
  "Exactly-once",
  "Watermarks",
  "CDC",
  "Data Quality",
  "Performance",
];
const CATEGORIES = ["Data Engineering", "Stream Processing", "Architecture", "Operations", "Analytics"];
const TOPICS = [
  "consumer lag",
  "partition skew",
  "late events",
  "schema evolution",
  "backpressure",
  "checkpointing",
  "idempotent sinks",
  "compaction",
  "retention",
  "rebalancing",
  "state stores",
  "windowed joins",
];
const WORDS = (
  "the a pipeline stream event broker partition offset consumer producer batch window state checkpoint " +
  "latency throughput schema record topic sink source replay commit watermark join aggregate metric alert cluster " +
  "replica leader follower backlog retry queue dead letter format serializer compaction retention storage query"
).split(" ");

const CODE = {
  python: `from kafka import KafkaConsumer\nimport json\n\nconsumer = KafkaConsumer(\n    "user_events",\n    bootstrap_servers=["kafka1:9092"],\n    group_id="analytics",\n    value_deserializer=lambda v: json.loads(v.decode("utf-8")),\n)\nfor message in consumer:\n    print(message.offset, message.value["action"])`,
  scala: `val events = spark.readStream\n  .format("kafka")\n  .option("subscribe", "orders")\n  .load()\n  .selectExpr("CAST(value AS STRING) AS json")\n\nevents.writeStream\n  .option("checkpointLocation", "/checkpoints/orders")\n  .start()`,
  sql: `SELECT window_start, currency, SUM(amount_cents) AS revenue\nFROM orders\nWHERE event_time >= NOW() - INTERVAL '1 hour'\nGROUP BY window_start, currency\nORDER BY window_start DESC;`,
  bash: `kafka-consumer-groups.sh --bootstrap-server kafka1:9092 \\\n  --describe --group analytics\nkafka-topics.sh --bootstrap-server kafka1:9092 --describe --topic orders`,
} as const;

/** mulberry32: a small, fast, seeded PRNG. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedPost {
  fileName: string;
  slug: string;
  source: string;
}

export function generateCorpus(count: number): GeneratedPost[] {
  const next = random(count);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const sentence = (min = 10, max = 22) => {
    const length = min + Math.floor(next() * (max - min));
    const words = Array.from({ length }, () => pick(WORDS));
    return `${words.join(" ").replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(next() * 3) }, () => sentence()).join(" ");
  const posts: GeneratedPost[] = [];
  for (let index = 0; index < count; index++) {
    const slug = `generated-post-${String(index + 1).padStart(5, "0")}`;
    const topic = pick(TOPICS);
    const title = `${topic[0]?.toUpperCase()}${topic.slice(1)} in practice, part ${index + 1}`;
    const date = new Date(Date.UTC(2020, 0, 1) + index * 3_600_000 * 11).toISOString().slice(0, 10);
    const tags = [...new Set(Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(TAGS)))];
    const languages = Object.keys(CODE) as (keyof typeof CODE)[];
    const blocks = 2 + Math.floor(next() * 3);
    const sections: string[] = [];
    for (let section = 0; section < blocks; section++) {
      const language = languages[(index + section) % languages.length] as keyof typeof CODE;
      const other = `generated-post-${String(1 + Math.floor(next() * count)).padStart(5, "0")}`;
      sections.push(
        `## ${sentence(3, 6).slice(0, -1)}\n\n${paragraph()}\n\n- ${sentence(5, 9)}\n- ${sentence(5, 9)}\n- See [a related post](/blog/${other}/) and [the Kafka documentation](https://kafka.apache.org/documentation/).\n\n\`\`\`${language} title="example-${section + 1}.${language === "bash" ? "sh" : language === "python" ? "py" : language}"\n${CODE[language]}\n\`\`\`\n\n${paragraph()}`,
      );
    }
    const source = `---
title: ${JSON.stringify(title)}
excerpt: ${JSON.stringify(sentence(12, 18))}
date: "${date}"
author: "Benchmark Author"
featured: ${index % 50 === 0}
published: true
tags:
${tags.map((tag) => `  - ${JSON.stringify(tag)}`).join("\n")}
category: ${JSON.stringify(pick(CATEGORIES))}
seo:
  keywords: "${topic}, streaming"
---

${paragraph()}

${sections.join("\n\n")}

## Conclusion

${paragraph()}
`;
    posts.push({ fileName: `${slug}.mdx`, slug, source });
  }
  return posts;
}
