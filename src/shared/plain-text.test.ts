import { describe, expect, it } from "vitest";
import { plainText } from "./plain-text.js";

describe("plainText", () => {
  it.each(["", "Memphis, Tennessee, US", "LEO 550 km", "XID 79: GPU fell off the bus\n", "Zürich 🚀 東京"])(
    "accepts %j",
    (text) => {
      expect(plainText().safeParse(text).success).toBe(true);
    },
  );

  it.each([
    ["a NUL character", "a\u0000b"],
    ["a lone high surrogate", "a\ud800b"],
    ["a lone low surrogate", "\udc00"],
    ["a reversed surrogate pair", "\ude80\ud83d"],
    ["a terminal escape sequence", "moving out\u001b[2J\u001b[31mPAID"],
    ["a carriage return that overwrites the line", "ok\rFAILED"],
    ["a C1 control (CSI)", "a\u009b31mb"],
    ["DEL", "a\u007f"],
    ["a bidirectional override", "invoice \u202e fdp.exe"],
  ])("refuses %s", (_why, text) => {
    const result = plainText().safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: "invalid_format", format: "plain-text" });
  });
});
