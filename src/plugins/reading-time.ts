import { defineMdastPlugin } from "satteri";
import { countMdastWords, formatReadingTime } from "../lib/reading-time.ts";

/**
 * Adds `readingTime` ("7 min read") to the frontmatter Astro hands back from
 * `render()` when the author did not write one.
 */
export const readingTimePlugin = defineMdastPlugin({
  name: "reading-time",
  after(root, ctx) {
    const frontmatter = ctx.data.astro?.frontmatter;
    if (!frontmatter || frontmatter.readingTime) return;
    frontmatter.readingTime = formatReadingTime(countMdastWords(root));
  },
});
