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
import {
  bundledThemes,
  createHighlighter,
  isSpecialLang,
  type RegexEngine,
  type ShikiTransformer,
  type ThemeRegistration,
} from "shiki";
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

type ThemeRule = NonNullable<ThemeRegistration["tokenColors"]>[number];

/** Both themes' colours at once: one theme for Shiki to tokenize with, and what each of its colours stands for. */
interface PairedThemes {
  theme: ThemeRegistration;
  /** A colour of `theme` (lower case) → the light and dark colours it stands for, as "#LIGHT|#DARK". */
  styleOf: Map<string, string>;
}

const sameRules = (light: ThemeRule[], dark: ThemeRule[]) =>
  light.length === dark.length &&
  light.every((rule, index) => {
    const other = dark[index] as ThemeRule;
    return (
      JSON.stringify(rule.scope) === JSON.stringify(other.scope) &&
      (rule.settings.fontStyle ?? "") === (other.settings.fontStyle ?? "") &&
      (rule.settings.foreground === undefined) === (other.settings.foreground === undefined)
    );
  });

/**
 * Shiki tokenizes a block once per theme, and tokenizing was most of highlighting's time. The GitHub themes have
 * the same token rules in the same order, only their colours differ: a theme whose colour for each rule stands for
 * that rule's pair of colours gives both themes' colours in one pass, as the same style Shiki writes for two
 * themes. Themes that differ in their rules are tokenized twice, as Shiki does (undefined).
 */
async function pairThemes(themes: SyntaxHighlightOptions["themes"]): Promise<PairedThemes | undefined> {
  const load = async (name: string) =>
    (await bundledThemes[name as keyof typeof bundledThemes]()).default as ThemeRegistration;
  const [light, dark] = await Promise.all([load(themes.light), load(themes.dark)]);
  const lightRules = light.tokenColors ?? [];
  const darkRules = dark.tokenColors ?? [];
  if (!sameRules(lightRules, darkRules)) return undefined;
  const styleOf = new Map<string, string>();
  const colorOfPair = new Map<string, string>();
  const colorFor = (lightColor: string | undefined, darkColor: string | undefined): string => {
    // As Shiki writes a token's colours (upper case, like its tokenizer's colour map).
    const pair = `${lightColor?.toUpperCase()}|${darkColor?.toUpperCase()}`;
    let color = colorOfPair.get(pair);
    if (!color) {
      color = `#${(colorOfPair.size + 1).toString(16).padStart(6, "0")}`;
      colorOfPair.set(pair, color);
      styleOf.set(color, pair);
    }
    return color;
  };
  const foreground = (theme: ThemeRegistration) => theme.fg ?? theme.colors?.["editor.foreground"];
  const tokenColors = lightRules.map((rule, index) => {
    const { foreground: lightColor, ...settings } = rule.settings;
    if (lightColor === undefined) return rule;
    return {
      ...rule,
      settings: { ...settings, foreground: colorFor(lightColor, darkRules[index]?.settings.foreground) },
    };
  });
  const fg = colorFor(foreground(light), foreground(dark));
  const theme: ThemeRegistration = {
    name: `${themes.light}+${themes.dark}`,
    type: "light",
    fg,
    bg: light.bg ?? light.colors?.["editor.background"] ?? "#ffffff",
    colors: { ...light.colors, "editor.foreground": fg },
    tokenColors,
  };
  return { theme, styleOf };
}

/** Writes the pair theme's colours as the two themes' (pairThemes), and the <pre> as Shiki marks two themes. */
function pairedColors({ theme, styleOf }: PairedThemes, themes: SyntaxHighlightOptions["themes"]): ShikiTransformer {
  // The pair theme's style of a token → the two themes' (a few dozen of them, for every token of every block).
  const written = new Map<string, string>();
  return {
    name: "paired-theme-colors",
    pre(node) {
      // The class Shiki gives the theme, beside those other transformers' `code` hooks added (has-diff).
      const classes = node.properties.class;
      const names = Array.isArray(classes) ? classes.map(String) : String(classes ?? "").split(/\s+/);
      node.properties.class = names
        .flatMap((name) => (name === theme.name ? ["shiki-themes", themes.light, themes.dark] : [name]))
        .join(" ");
      delete node.properties.style;
    },
    span(node) {
      const style = node.properties.style;
      if (typeof style !== "string") return;
      let twoThemes = written.get(style);
      if (twoThemes === undefined) {
        let pair: string[] = [];
        const fontStyles: string[] = [];
        for (const declaration of style.split(";")) {
          const [name = "", value = ""] = declaration.split(":");
          if (name === "color") pair = styleOf.get(value.toLowerCase())?.split("|") ?? [value, value];
          else fontStyles.push(`${name}:${value}`);
        }
        // Each theme's colour, then its font style (the rules of both agree on it), as Shiki writes two themes.
        twoThemes = ["light", "dark"]
          .flatMap((theme, index) => [
            `--shiki-${theme}:${pair[index]}`,
            ...fontStyles.map((declaration) => `--shiki-${theme}-${declaration}`),
          ])
          .join(";");
        written.set(style, twoThemes);
      }
      node.properties.style = twoThemes;
    },
  };
}

export function syntaxHighlightPlugin({ themes, transformers }: SyntaxHighlightOptions) {
  const paired = pairThemes(themes);
  const pairing = paired.then((pair) => (pair ? [pairedColors(pair, themes)] : []));
  const highlighters = new Map<"javascript" | "oniguruma", Promise<Highlighter>>();
  const highlighter = (engine: "javascript" | "oniguruma") => {
    let created = highlighters.get(engine);
    if (!created) {
      const regexEngine: RegexEngine | Promise<RegexEngine> =
        engine === "javascript" ? createJavaScriptRegexEngine() : createOnigurumaEngine(import("shiki/wasm"));
      created = paired.then((pair) =>
        createHighlighter({ themes: pair ? [pair.theme] : Object.values(themes), langs: [], engine: regexEngine }),
      );
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
      const pair = await paired;
      const tree = shiki.codeToHast(code.replace(/(?:\r\n|\r|\n)$/, ""), {
        lang: language,
        ...(pair ? { theme: pair.theme } : { themes, defaultColor: false as const }),
        tokenizeTimeLimit: TOKENIZE_TIME_LIMIT_MS,
        ...(meta ? { meta: { __raw: meta } } : {}),
        transformers: [...(await pairing), astroMarkup, ...transformers],
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
