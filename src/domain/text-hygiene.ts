/**
 * Author-supplied text (titles, tags, categories, excerpts) on its way into places that cannot isolate it.
 * Pages isolate such text (`<bdi>`, `dir="auto"`); a `<title>`, a meta tag's content, JSON-LD and the feeds
 * hold only text, so there the controls that reorder text are removed instead.
 */

/**
 * Unicode's bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they
 * can show text in another order than it is written ("Invoice ‮fdp.exe" shows as "Invoice exe.pdf").
 * The marks U+200E, U+200F and U+061C are not here: they only set the direction of what is next to them,
 * reorder nothing beyond it, and mixed-direction text needs them.
 */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, "g");

/** `text` without its bidirectional embedding, override and isolate controls; all else as it was. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}
