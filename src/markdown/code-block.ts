import type { Element, ElementContent } from "hast";
import type { ShikiTransformer } from "shiki";
import { tokenClasses } from "#src/markdown/code-theme.ts";
import knownClassesCss from "#src/styles/code-theme.css?raw";

const KNOWN_CLASSES = new Set([...knownClassesCss.matchAll(/\.(t[ld]-[0-9a-z]+)/g)].map((match) => match[1]));

/** Reads `title="producer.py"` (or title='…') from a code fence's meta string. */
export function parseFenceTitle(meta: string | undefined): string | undefined {
  const match = meta?.match(/(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/);
  const title = match?.[1] ?? match?.[2] ?? match?.[3];
  return title?.trim() || undefined;
}

const LANGUAGE_LABELS: Record<string, string> = {
  js: "JavaScript",
  javascript: "JavaScript",
  ts: "TypeScript",
  typescript: "TypeScript",
  py: "Python",
  python: "Python",
  sh: "Shell",
  bash: "Bash",
  shell: "Shell",
  sql: "SQL",
  scala: "Scala",
  java: "Java",
  json: "JSON",
  yaml: "YAML",
  yml: "YAML",
  html: "HTML",
  css: "CSS",
  markdown: "Markdown",
  md: "Markdown",
  mdx: "MDX",
  plaintext: "Text",
  text: "Text",
  txt: "Text",
};

export function languageLabel(lang: string): string {
  return LANGUAGE_LABELS[lang.toLowerCase()] ?? lang;
}

/**
 * Wraps each highlighted block in a frame with a header naming the file
 * (from `title="…"`) and the language; the copy button script hooks onto it.
 */
export function codeBlockTransformer(): ShikiTransformer {
  return {
    name: "code-block-frame",
    // Token colours become classes (see src/markdown/code-theme.ts) so pages need no inline styles.
    span(node) {
      const style = node.properties.style;
      if (typeof style !== "string") return;
      const classes = tokenClasses(style);
      const unknown = classes.filter((name) => !KNOWN_CLASSES.has(name));
      if (unknown.length > 0) {
        throw new Error(
          `Code colours ${unknown.join(", ")} are not in src/styles/code-theme.css: run npm run code-theme`,
        );
      }
      node.properties.className = [...((node.properties.className as string[] | undefined) ?? []), ...classes];
      delete node.properties.style;
    },
    pre(node) {
      delete node.properties.style;
    },
    root(root) {
      const pre = root.children.find((child): child is Element => child.type === "element");
      if (!pre) return;
      const lang = this.options.lang || "text";
      const title = parseFenceTitle(this.options.meta?.__raw);
      pre.properties.dataLanguage = lang;
      const header: ElementContent[] = [];
      if (title) header.push(span("code-block__title", title));
      header.push(span("code-block__lang", languageLabel(lang)));
      // Shown by the page script; without JavaScript there is nothing to click.
      header.push({
        type: "element",
        tagName: "button",
        properties: { type: "button", className: ["copy-code"], hidden: true, ariaLabel: "Copy code" },
        children: [{ type: "text", value: "Copy" }],
      });
      root.children = [
        {
          type: "element",
          tagName: "div",
          properties: { className: ["code-block"], dataLanguage: lang },
          children: [
            { type: "element", tagName: "div", properties: { className: ["code-block__header"] }, children: header },
            pre,
          ],
        },
      ];
    },
  };
}

function span(className: string, text: string): Element {
  return {
    type: "element",
    tagName: "span",
    properties: { className: [className] },
    children: [{ type: "text", value: text }],
  };
}
