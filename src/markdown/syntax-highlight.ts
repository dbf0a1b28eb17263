/**
 * Code blocks highlighted by Shiki with its JavaScript regular-expression engine. Astro's
 * own Shiki (turned off in astro.config.mjs) always uses the Oniguruma WebAssembly engine,
 * which was slower on the benchmark's posts for the same output (docs/performance.md), and it warns on
 * every build that Shiki's inline styles break the CSP (code-block.ts turns them into classes).
 * A grammar the JavaScript engine cannot run is highlighted with Oniguruma instead.
 */

import { satteriHighlightPlugin } from "@astrojs/markdown-satteri";
import type { Element } from "hast";
import type { HastFilteredVisitor, HastVisitorContext } from "satteri";
import { createHighlighter, isSpecialLang, type RegexEngine, type ShikiTransformer } from "shiki";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { createOnigurumaEngine } from "shiki/engine/oniguruma";
import { asksForAnnotations } from "#src/markdown/code-annotations.ts";
import { markStyledFeature } from "#src/markdown/styled-features.ts";

type Highlighter = Awaited<ReturnType<typeof createHighlighter>>;

/**
 * Shiki gives up on a line after 500 ms by default and paints the rest of it as one token. The first
 * lines of a language pay for compiling its grammar, and on a busy build machine they passed that,
 * so one theme's colours came out wrong in places (seen as light-theme colours shifted, run to run).
 * A limit no real line nears, which still ends a runaway pattern.
 */
const TOKENIZE_TIME_LIMIT_MS = 20_000;

export interface SyntaxHighlightOptions {
  themes: { light: string; dark: string };
  transformers: ShikiTransformer[];
}

/** What Astro's highlighter adds: the `astro-code` class and the language on the <pre>. */
const astroMarkup: ShikiTransformer = {
  name: "astro-markup",
  pre(node) {
    // A list once a transformer's `code` hook has added a class (has-diff): String() would join it with commas.
    const classes = node.properties.class;
    const names = Array.isArray(classes) ? classes.map(String) : String(classes ?? "").split(/\s+/);
    node.properties.class = names
      .filter(Boolean)
      .map((name) => name.replace(/shiki/g, "astro-code"))
      .join(" ");
    node.properties.dataLanguage = this.options.lang;
  },
};

export function syntaxHighlightPlugin({ themes, transformers }: SyntaxHighlightOptions) {
  const highlighters = new Map<"javascript" | "oniguruma", Promise<Highlighter>>();
  const highlighter = (engine: "javascript" | "oniguruma") => {
    let created = highlighters.get(engine);
    if (!created) {
      const regexEngine: RegexEngine | Promise<RegexEngine> =
        engine === "javascript" ? createJavaScriptRegexEngine() : createOnigurumaEngine(import("shiki/wasm"));
      created = createHighlighter({ themes: Object.values(themes), langs: [], engine: regexEngine });
      highlighters.set(engine, created);
    }
    return created;
  };
  const needsOniguruma = new Set<string>();

  async function highlight(code: string, lang: string, meta: string | undefined): Promise<Element> {
    const engine = needsOniguruma.has(lang) ? "oniguruma" : "javascript";
    const shiki = await highlighter(engine);
    let language = lang;
    if (!isSpecialLang(language) && !shiki.getLoadedLanguages().includes(language)) {
      try {
        await shiki.loadLanguage(language as Parameters<Highlighter["loadLanguage"]>[0]);
      } catch {
        console.warn(`[Shiki] The language "${lang}" doesn't exist, falling back to "plaintext".`);
        language = "plaintext";
      }
    }
    try {
      // Astro's highlighter drops one more line ending than Sätteri already has: kept for the same output.
      const tree = shiki.codeToHast(code.replace(/(?:\r\n|\r|\n)$/, ""), {
        lang: language,
        themes,
        defaultColor: false,
        tokenizeTimeLimit: TOKENIZE_TIME_LIMIT_MS,
        ...(meta ? { meta: { __raw: meta } } : {}),
        transformers: [astroMarkup, ...transformers],
      });
      return tree.children[0] as Element;
    } catch (error) {
      if (engine === "oniguruma") throw error;
      // A pattern the JavaScript engine cannot translate: this language uses Oniguruma from now on.
      needsOniguruma.add(lang);
      return highlight(code, lang, meta);
    }
  }

  // No languages beyond Astro's default exclusions (math) are left unhighlighted.
  const highlighting = satteriHighlightPlugin(highlight, undefined);
  const { filter, visit } = highlighting.element as HastFilteredVisitor<Element>;
  // A fence with line numbers, highlighted, added, removed or focused lines needs the annotations'
  // stylesheet (src/markdown/styled-features.ts).
  return {
    ...highlighting,
    element: {
      filter,
      visit(node: Readonly<Element>, ctx: HastVisitorContext) {
        // Before highlighting: once the visitor awaits, Astro may have read the frontmatter of a .md post already.
        const code = node.children.find(
          (child): child is Element => child.type === "element" && child.tagName === "code",
        );
        const meta = (code?.data as { meta?: string } | undefined)?.meta;
        if (code && asksForAnnotations(meta, ctx.textContent(code))) markStyledFeature(ctx.data, "annotated-code");
        return visit(node, ctx);
      },
    },
  };
}
