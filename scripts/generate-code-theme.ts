/** `npm run code-theme`: writes src/styles/code-theme.css from the two Shiki themes the site uses. */
import { writeFileSync } from "node:fs";
import { bundledThemes } from "shiki";
import { CODE_THEMES, codeThemeCss, themeColors } from "#src/markdown/code-theme.ts";

const load = async (name: keyof typeof bundledThemes) => (await bundledThemes[name]()).default;
const [light, dark] = await Promise.all([load(CODE_THEMES.light), load(CODE_THEMES.dark)]);
writeFileSync("src/styles/code-theme.css", codeThemeCss(themeColors(light), themeColors(dark)));
console.log("Wrote src/styles/code-theme.css");
