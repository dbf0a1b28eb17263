/** The shape Astro's `render()` gives for each heading. */
export interface HeadingLike {
  depth: number;
  slug: string;
  text: string;
}

/** Ids Markdown adds for its own machinery (the footnotes section), never listed in a table of contents. */
const GENERATED_HEADING_IDS = new Set(["footnote-label"]);

/** Headings worth listing in a table of contents: h2 and h3, minus generated ones. */
export function tableOfContents<H extends HeadingLike>(headings: readonly H[]): H[] {
  return headings.filter(
    (heading) => (heading.depth === 2 || heading.depth === 3) && !GENERATED_HEADING_IDS.has(heading.slug),
  );
}
