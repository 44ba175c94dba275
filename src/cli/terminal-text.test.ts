import { describe, expect, it } from "vitest";
import { renderFields, renderTable } from "./output.js";
import { terminalSafe } from "./terminal-text.js";

describe("text shown on a terminal", () => {
  it.each([
    ["plain text", "reseat NVLink cable", "reseat NVLink cable"],
    ["an escape sequence", "a\u001b[2Jb", "a\\u{1b}[2Jb"],
    ["a carriage return", "ok\rFAILED", "ok\\u{d}FAILED"],
    ["a C1 control", "a\u009bb", "a\\u{9b}b"],
    ["a bidirectional override", "x\u202ey", "x\\u{202e}y"],
  ])("escapes %s", (_why, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
  });

  it("keeps newlines in free text but not inside a table cell", () => {
    expect(terminalSafe("a\nb")).toBe("a\nb");
    expect(terminalSafe("a\nb\tc", true)).toBe("a\\nb\\tc");
  });

  it("tables and field blocks never pass a control character through", () => {
    const table = renderTable(
      [{ header: "REASON", value: (r: { reason: string }) => r.reason }],
      [{ reason: "moving\u001b[31m out\nnow" }],
    );
    expect(table).not.toContain("\u001b");
    expect(table.trimEnd().split("\n")).toHaveLength(2);
    const fields = renderFields([["Reason", "x\u001b]0;pwned\u0007"]]);
    expect(fields).not.toContain("\u001b");
    expect(fields).not.toContain("\u0007");
  });
});
