/**
 * The colours of a Mermaid diagram, by role. In a page each role is a custom property (`--diagram-text`…) that
 * src/styles/diagram.css sets from the site's theme tokens, so a diagram follows light and dark mode; a
 * standalone diagram file (the feeds' image) has no page CSS, so there each role is the light theme's colour.
 * `light` is the light half of the token's light-dark() in src/styles/global.css (tests/unit/mermaid.test.ts
 * checks they agree).
 */
export const DIAGRAM_COLOURS = {
  text: { token: "--text", light: "#161d26" },
  muted: { token: "--text-muted", light: "#515c69" },
  stroke: { token: "--text-muted", light: "#515c69" },
  fill: { token: "--surface", light: "#ffffff" },
  accent: { token: "--accent", light: "#0a6973" },
  canvas: { token: "--bg-soft", light: "#f2f3ef" },
  tint: { token: "--border", light: "#e1e3de" },
  faint: { token: "--border-strong", light: "#c9cdc6" },
} as const;

export type DiagramColour = keyof typeof DIAGRAM_COLOURS;

/** The custom property a role is read from in a page: `--diagram-text`. */
export const colourProperty = (role: DiagramColour) => `--diagram-${role}`;

/** The role of each colour variable beautiful-mermaid draws with. */
export const RENDERER_COLOURS: Readonly<Record<string, DiagramColour>> = {
  "--fg": "text",
  "--_text": "text",
  "--_text-sec": "muted",
  "--_text-muted": "muted",
  "--_text-faint": "muted",
  "--_line": "stroke",
  "--_arrow": "stroke",
  "--_node-fill": "fill",
  "--_node-stroke": "accent",
  "--bg": "canvas",
  "--_group-fill": "canvas",
  "--_group-hdr": "tint",
  "--_key-badge": "tint",
  "--_inner-stroke": "faint",
};
