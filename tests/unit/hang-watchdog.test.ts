import { describe, expect, it } from "vitest";
import { type StackFrame, stuckPost } from "#build/watchdog/hang-watchdog.ts";

// A chunk as Rolldown writes it: a region comment above each module it bundled.
const CHUNK = [
  "var createVNode = runtime.createVNode;",
  "// src/content/blog/never-finishes.mdx",
  "function _createMdxContent(props) {",
  "\treturn createVNode(Fragment, { children: [(() => {",
  "\t\tfor (;;);",
  "\t})()] });",
  "}",
  "// src/components/mdx/Callout.astro",
  "function Callout() {}",
].join("\n");
const chunks: Record<string, string> = { "/site/dist/.prerender/chunks/never-finishes_X.mjs": CHUNK };
const read = (path: string) => {
  const text = chunks[path];
  if (text === undefined) throw new Error(`ENOENT ${path}`);
  return text;
};
const frame = (url: string, line: number, functionName = ""): StackFrame => ({ functionName, url, line });

describe("the hang watchdog's reading of a stuck stack", () => {
  it("names the post whose compiled code is on top, with the line it is stuck on", () => {
    const frames = [
      frame("file:///site/dist/.prerender/chunks/never-finishes_X.mjs", 5),
      frame("file:///site/dist/.prerender/chunks/never-finishes_X.mjs", 4, "_createMdxContent"),
      frame("file:///site/node_modules/astro/dist/runtime/server/jsx.js", 106, "renderJSXVNode"),
    ];
    expect(stuckPost(frames, read)).toEqual({ file: "src/content/blog/never-finishes.mdx", code: "for (;;);" });
  });

  it("finds the post below framework frames, and names nothing when no post is on the stack", () => {
    const frames = [
      frame("file:///site/node_modules/astro/dist/runtime/server/jsx.js", 106),
      frame("file:///site/dist/.prerender/chunks/never-finishes_X.mjs", 4),
    ];
    expect(stuckPost(frames, read)?.file).toBe("src/content/blog/never-finishes.mdx");
    // A component's module in the same chunk, a missing chunk, and a script that is not a file: no post.
    expect(stuckPost([frame("file:///site/dist/.prerender/chunks/never-finishes_X.mjs", 9)], read)).toBeUndefined();
    expect(stuckPost([frame("file:///site/dist/.prerender/chunks/gone.mjs", 3)], read)).toBeUndefined();
    expect(stuckPost([frame("node:internal/timers", 617)], read)).toBeUndefined();
  });
});
