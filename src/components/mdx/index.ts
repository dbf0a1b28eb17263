import Callout from "#src/components/mdx/Callout.astro";
import Details from "#src/components/mdx/Details.astro";
import Diagram from "#src/components/mdx/Diagram.astro";
import Figure from "#src/components/mdx/Figure.astro";

/** Components every MDX post can use without importing them (passed to <Content components>). */
export const mdxComponents = { Callout, Details, Diagram, Figure };
