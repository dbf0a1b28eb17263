import Callout from "./Callout.astro";
import Details from "./Details.astro";
import Diagram from "./Diagram.astro";
import Figure from "./Figure.astro";

/** Components every MDX post can use without importing them (passed to <Content components>). */
export const mdxComponents = { Callout, Details, Diagram, Figure };
