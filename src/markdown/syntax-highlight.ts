/**
 * Code blocks highlighted by Shiki with its JavaScript regular-expression engine. Astro's
 * own Shiki (turned off in astro.config.mjs) always uses the Oniguruma WebAssembly engine,
 * which was slower on the benchmark's posts for the same output (docs/performance.md), and it warns on
 * every build that Shiki's inline styles break the CSP (code-block.ts turns them into classes).
 * A grammar the JavaScript engine cannot run is highlighted with Oniguruma instead.
 */
import { satteriHighlightPlugin } from "@astrojs/markdown-satteri";
import type { Element } from "hast";
import { createHighlighter, isSpecialLang, type RegexEngine, type ShikiTransformer } from "shiki";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import { createOnigurumaEngine } from "shiki/engine/oniguruma";

type Highlighter = Awaited<ReturnType<typeof createHighlighter>>;

export interface SyntaxHighlightOptions {
  themes: { light: string; dark: string };
  transformers: ShikiTransformer[];
}

/** What Astro's highlighter adds: the `astro-code` class and the language on the <pre>. */
const astroMarkup: ShikiTransformer = {
  name: "astro-markup",
  pre(node) {
    node.properties.class = String(node.properties.class ?? "").replace(/shiki/g, "astro-code");
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
  return satteriHighlightPlugin(highlight, undefined);
}
