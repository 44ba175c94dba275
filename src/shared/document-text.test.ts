import { describe, expect, it } from "vitest";
import { describePosition, parseDocumentText } from "./document-text.js";

describe("parsing a document's text", () => {
  it("returns the value of good JSON and YAML", () => {
    expect(parseDocumentText('{"a":[1,2]}', "json")).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseDocumentText("a:\n  - 1\n  - 2\n", "yaml")).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it("names the line and column of a YAML syntax error, once", () => {
    const parsed = parseDocumentText("sites:\n  - name: a\n    nodes: [\n  bad: : x\n", "yaml");
    expect(parsed).toMatchObject({ ok: false, line: 4, column: 3 });
    if (parsed.ok) throw new Error("parsed");
    expect(parsed.message).not.toContain("\n");
    expect(parsed.message).not.toMatch(/at line/);
    expect(describePosition(parsed)).toBe("line 4, column 3");
  });

  it.each([
    ['{\n  "a" 1\n}', 2, 7, "Expected ':' after property name"],
    ["[1,\n2", 2, 2, "Expected ',' or ']' after array element"],
  ])("names the line and column of a JSON syntax error in %j", (text, line, column, message) => {
    expect(parseDocumentText(text, "json")).toEqual({ ok: false, message, line, column });
  });

  it("keeps a JSON error short when the parser does not say where", () => {
    const parsed = parseDocumentText('{"a": 1, "b": }', "json");
    expect(parsed).toMatchObject({ ok: false, message: "Unexpected token '}'" });
  });
});
