import { describe, expect, it } from "vitest";
import { jsonTextDepth, MAX_NESTING, valueDepth } from "./nesting.js";

describe("nesting depth", () => {
  it.each([
    ["1", 0],
    ["[]", 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['"[[[["', 0],
    ['["\\"[[", [2]]', 2],
    ["[[[", 3],
  ])("of the JSON text %s is %i", (text, depth) => {
    expect(jsonTextDepth(text)).toBe(depth);
  });

  it("stops counting once past the bound, however deep the text goes", () => {
    expect(jsonTextDepth("[".repeat(100_000), MAX_NESTING)).toBe(MAX_NESTING + 1);
  });

  it("of a parsed value agrees with the text it came from", () => {
    for (const text of ["[]", '{"a":[1,{"b":[[]]}]}', '{"x":1,"y":{"z":{}}}', "3"])
      expect(valueDepth(JSON.parse(text))).toBe(jsonTextDepth(text));
  });

  it("of a value nested 100,000 deep is measured without overflowing the stack", () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(valueDepth(value)).toBe(MAX_NESTING + 1);
  });
});
