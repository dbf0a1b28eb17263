/**
 * The Open Graph card: what it says (pure data from a post or page) and how it
 * is laid out (a satori element tree). No fonts or rendering here.
 */

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;

export interface OgCard {
  /** Output file under dist/og/, e.g. "my-post.png". */
  file: string;
  title: string;
  /** Small line above the title: the category, or the site tagline. */
  eyebrow: string;
  /** Facts under the title: date, reading time. */
  details: string[];
  siteName: string;
  /** The cover image file (in public/ or beside the post). */
  coverFile?: string | undefined;
}

export interface SatoriNode {
  type: string;
  props: { style?: Record<string, unknown>; children?: (SatoriNode | string)[] | SatoriNode | string; src?: string };
}

const h = (type: string, style: Record<string, unknown>, children?: SatoriNode["props"]["children"]): SatoriNode => ({
  type,
  props: { style, ...(children === undefined ? {} : { children }) },
});

/** Smaller type for longer titles, so up to ~160 characters fit in four lines. */
export function titleFontSize(title: string, hasCover: boolean): number {
  const length = [...title].length * (hasCover ? 1.45 : 1);
  if (length <= 40) return 68;
  if (length <= 70) return 58;
  if (length <= 110) return 48;
  return 40;
}

/** The card layout: text on the left, the cover (if any) on the right. */
/** The cover as embedded in the card: a data URI and its size after fitting into the cover box. */
export interface CardCover {
  dataUri: string;
  width: number;
  height: number;
}

/** The box a cover is fitted into, keeping its aspect ratio. */
export const COVER_BOX = { width: 440, height: 440 };
const PADDING = 64;
const GAP = 48;
const ACCENT_BAR = 12;

export function cardElement(card: OgCard, cover?: CardCover): SatoriNode {
  const hasCover = Boolean(cover);
  const innerWidth = OG_WIDTH - 2 * PADDING;
  const text = h(
    "div",
    {
      display: "flex",
      flexDirection: "column",
      justifyContent: "space-between",
      width: hasCover ? innerWidth - COVER_BOX.width - GAP : innerWidth,
      height: OG_HEIGHT - ACCENT_BAR - 2 * PADDING,
    },
    [
      h("div", { display: "flex", flexDirection: "column" }, [
        h(
          "div",
          { fontSize: 26, color: "#7cb7f5", fontWeight: 700, letterSpacing: 1, textTransform: "uppercase" },
          card.eyebrow,
        ),
        h(
          "div",
          {
            marginTop: 24,
            fontSize: titleFontSize(card.title, hasCover),
            fontWeight: 700,
            lineHeight: 1.15,
            color: "#ffffff",
            lineClamp: 5,
            wordBreak: "break-word",
          },
          card.title,
        ),
      ]),
      h("div", { display: "flex", flexDirection: "column" }, [
        h("div", { fontSize: 26, color: "#cbd5e1" }, card.details.join("  ·  ")),
        h("div", { marginTop: 14, fontSize: 28, fontWeight: 700, color: "#ffffff" }, card.siteName),
      ]),
    ],
  );
  const children: SatoriNode[] = [text];
  if (cover) {
    children.push(
      h(
        "div",
        { display: "flex", marginLeft: GAP, width: COVER_BOX.width, alignItems: "center", justifyContent: "center" },
        [
          {
            type: "img",
            props: {
              src: cover.dataUri,
              style: { width: cover.width, height: cover.height, borderRadius: 14, border: "2px solid #334155" },
            },
          },
        ],
      ),
    );
  }
  // The accent bar is a plain box, not a CSS border, and the title clamps its lines without
  // `overflow: hidden` (which also clipped Arabic descenders): satori draws borders and
  // overflow with masks and clip paths (docs/performance.md), which made resvg
  // spend most of a card's time compositing them over the whole canvas.
  return h(
    "div",
    { display: "flex", flexDirection: "column", width: OG_WIDTH, height: OG_HEIGHT, background: "#0f172a" },
    [
      h(
        "div",
        {
          display: "flex",
          // satori sizes boxes like CSS content-box: the padding comes on top of width and height.
          width: OG_WIDTH - 2 * PADDING,
          height: OG_HEIGHT - ACCENT_BAR - 2 * PADDING,
          padding: PADDING,
          fontFamily: "Inter",
        },
        children,
      ),
      h("div", { display: "flex", width: OG_WIDTH, height: ACCENT_BAR, background: "#0b5fb3" }),
    ],
  );
}

/** Bump when the layout or fonts change, so cached images are redrawn. */
export const OG_RENDERER_VERSION = 9;
