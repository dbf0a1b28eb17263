/**
 * `/llms.txt`, as llmstxt.org describes it: the site's name as an `# H1`, its description as a `> quote`, a
 * paragraph of details, then `## Sections` of `- [name](url): notes` links. Here the links are the public
 * posts' Markdown twins (src/domain/markdown-twin.ts), newest first, each with its excerpt. Titles and
 * excerpts are flattened to one line and printed by mdast-util-to-markdown, which escapes what Markdown
 * would read as syntax (a `]` in a title cannot end the link text). Pure: the caller gives absolute URLs.
 */
import type { Root } from "mdast";
import { toMarkdown } from "mdast-util-to-markdown";
import { stripBidiControls } from "#src/domain/text-hygiene.ts";

export interface LlmsTxtLink {
  title: string;
  url: string;
  notes?: string | undefined;
}

export interface LlmsTxtSection {
  title: string;
  links: LlmsTxtLink[];
}

export interface LlmsTxt {
  title: string;
  description: string;
  /** Paragraphs between the description and the sections, as Markdown. */
  details?: string[] | undefined;
  sections: LlmsTxtSection[];
}

/** Text for one line: white space runs (newlines too) become one space, and no bidirectional controls. */
export function oneLine(value: string): string {
  return stripBidiControls(value).replace(/\s+/g, " ").trim();
}

type Phrasing = { type: "text"; value: string } | { type: "link"; url: string; children: Phrasing[] };

const print = (tree: unknown) => toMarkdown(tree as Root, { bullet: "-", emphasis: "*", strong: "*" }).trimEnd();

function linkItem(link: LlmsTxtLink) {
  const notes = link.notes === undefined ? "" : oneLine(link.notes);
  const children: Phrasing[] = [
    { type: "link", url: link.url, children: [{ type: "text", value: oneLine(link.title) || link.url }] },
    ...(notes ? [{ type: "text" as const, value: `: ${notes}` }] : []),
  ];
  return { type: "listItem", spread: false, children: [{ type: "paragraph", children }] };
}

export function renderLlmsTxt(file: LlmsTxt): string {
  const head = print({
    type: "root",
    children: [
      { type: "heading", depth: 1, children: [{ type: "text", value: oneLine(file.title) }] },
      {
        type: "blockquote",
        children: [{ type: "paragraph", children: [{ type: "text", value: oneLine(file.description) }] }],
      },
    ],
  });
  const sections = file.sections.map((section) =>
    print({
      type: "root",
      children: [
        { type: "heading", depth: 2, children: [{ type: "text", value: oneLine(section.title) }] },
        ...(section.links.length > 0
          ? [{ type: "list", ordered: false, spread: false, children: section.links.map(linkItem) }]
          : []),
      ],
    }),
  );
  return `${[head, ...(file.details ?? []).map((detail) => detail.trim()), ...sections].join("\n\n")}\n`;
}
