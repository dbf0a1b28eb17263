/**
 * Issue #16, "Trust": the bidirectional controls that reorder text, one list for `npm run check`'s warning
 * and for the outputs that strip them (the head's texts, the feeds).
 */
import { describe, expect, it } from "vitest";
import { BIDI_CONTROL, stripBidiControls } from "#src/domain/text-hygiene.ts";

const CONTROLS = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];

describe("stripBidiControls", () => {
  it("removes every embedding, override and isolate control, wherever and however often it occurs", () => {
    expect(stripBidiControls("Invoice \u202efdp.exe")).toBe("Invoice fdp.exe");
    expect(stripBidiControls("Bidi\u2066Isolate")).toBe("BidiIsolate");
    expect(stripBidiControls(`${CONTROLS.join("")}a${CONTROLS.join("b")}c`)).toBe(`a${"b".repeat(8)}c`);
    for (const control of CONTROLS) {
      expect(BIDI_CONTROL.test(control), control).toBe(true);
      expect(stripBidiControls(`x${control}y`)).toBe("xy");
    }
  });

  it("keeps the direction marks, right-to-left text and everything else", () => {
    const kept = "LRM \u200E RLM \u200F ALM \u061C עברית العربية 日本語 🚀 \t tab, zero\u200Bwidth, \u2028 & <b>";
    expect(stripBidiControls(kept)).toBe(kept);
    expect(BIDI_CONTROL.test(kept)).toBe(false);
    expect(stripBidiControls("")).toBe("");
  });

  it("can be called again and again: the list is no stateful global pattern", () => {
    for (let round = 0; round < 3; round++) {
      expect(stripBidiControls("\u202eab\u202e")).toBe("ab");
      expect(BIDI_CONTROL.exec("a\u202eb")?.[0]).toBe("\u202e");
    }
  });
});
