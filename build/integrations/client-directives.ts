import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

/** Registers `client:interaction` (see src/directives/interaction.ts). */
export function clientDirectives(): AstroIntegration {
  return {
    name: "client-directives",
    hooks: {
      "astro:config:setup": ({ addClientDirective }) => {
        addClientDirective({
          name: "interaction",
          entrypoint: fileURLToPath(new URL("../../src/directives/interaction.ts", import.meta.url)),
        });
      },
    },
  };
}

declare module "astro" {
  interface AstroClientDirectives {
    "client:interaction"?: boolean | string;
  }
}
