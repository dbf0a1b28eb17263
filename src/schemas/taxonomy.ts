import { z } from "zod";
import { termSlug } from "#src/domain/taxonomy.ts";
import { controlCharacterProblem, describeValue, TERM_NAME_LIMIT, unknownFieldMessage } from "#src/schemas/post.ts";

/**
 * `src/content/taxonomy.yaml` (optional): a display name and a description for tags and categories, keyed by
 * the slug of their URL (`/tags/apache-kafka/` is `apache-kafka`):
 *
 *   tags:
 *     apache-kafka:
 *       name: "Apache Kafka"
 *       description: "The distributed log most pipelines here start from."
 *   categories:
 *     data-engineering:
 *       description: "Building and running pipelines."
 */

/** The longest description, in characters: it is the page's meta description and its feed's, which search results cut near 160. */
export const TERM_DESCRIPTION_LIMIT = 300;

export const TERM_ENTRY_FIELDS = ["name", "description"] as const;
export const TAXONOMY_FIELDS = ["tags", "categories"] as const;

function expected(what: string) {
  return (issue: { input?: unknown }) => `expected ${what}, found ${describeValue(issue.input)}`;
}

function rejectUnknownFields(fields: readonly string[]) {
  return z.unknown().refine(() => false, { error: (issue) => unknownFieldMessage(issue.path?.at(-1), fields) });
}

const termText = (what: string, limit: number) =>
  z
    .string({ error: expected(what) })
    .superRefine((value, ctx) => {
      const problem = controlCharacterProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .trim()
    .min(1, { error: `expected ${what}, found empty text` })
    .refine((value) => value.length <= limit, {
      error: (issue) => `expected ${what} of at most ${limit} characters, found ${String(issue.input).length}`,
    });

export const termEntrySchema = z
  .object(
    {
      name: termText("a display name", TERM_NAME_LIMIT)
        .optional()
        .describe(
          'How the term is written everywhere on the site, e.g. "Apache Kafka". Defaults to the posts\' most used spelling.',
        ),
      description: termText("a one- or two-sentence description", TERM_DESCRIPTION_LIMIT)
        .optional()
        .describe("Shown under the term's heading on its page, and the description of its page and feed."),
    },
    { error: expected("an object with name and description") },
  )
  .catchall(rejectUnknownFields(TERM_ENTRY_FIELDS))
  .meta({ additionalProperties: false });

/** Tags or categories by slug; a key that is no slug says which slug to write. */
const termsBySlug = (kind: "tag" | "category") =>
  z
    .record(
      z.string().refine((key) => termSlug(key) === key, {
        error: (issue) =>
          `expected the ${kind}'s slug as its key (the last part of its URL), found "${String(issue.input)}": write "${termSlug(String(issue.input))}"`,
      }),
      termEntrySchema,
      { error: expected(`${kind === "tag" ? "tags" : "categories"} by slug`) },
    )
    .default({});

export const taxonomySchema = z
  .object(
    {
      tags: termsBySlug("tag").describe("Tags by slug: { apache-kafka: { name, description } }."),
      categories: termsBySlug("category").describe("Categories by slug: { data-engineering: { name, description } }."),
    },
    { error: expected("tags and categories") },
  )
  .catchall(rejectUnknownFields(TAXONOMY_FIELDS))
  .meta({ additionalProperties: false });

/** taxonomy.yaml as written. */
export type TaxonomyInput = z.input<typeof taxonomySchema>;
/** taxonomy.yaml after validation: both sections present. */
export type Taxonomy = z.output<typeof taxonomySchema>;
export type TermEntry = z.output<typeof termEntrySchema>;
