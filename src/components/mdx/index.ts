import Callout from "./Callout.astro";

/** Components every MDX post can use without importing them. */
export const mdxComponents = { Callout };
