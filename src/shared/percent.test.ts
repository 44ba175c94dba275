import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatBps, parseBps } from "./percent.js";

describe("parseBps", () => {
  it.each([
    ["0", 0],
    ["25", 2_500],
    ["50", 5_000],
    ["99.95", 9_995],
    ["99.9", 9_990],
    ["0.01", 1],
    ["0.5", 50],
    ["100", 10_000],
    ["100.00", 10_000],
    ["007", 700],
    ["  12.5  ", 1_250],
  ])("reads %j as %i basis points", (text, bps) => {
    expect(parseBps(text)).toBe(bps);
  });

  it.each([
    ["a value above 100", "100.01"],
    ["a three-digit value above 100", "150"],
    ["more than three whole digits", "1000"],
    ["more than two decimals", "99.999"],
    ["a negative value", "-5"],
    ["a trailing dot", "5."],
    ["a leading dot", ".5"],
    ["a percent sign", "25%"],
    ["a decimal comma", "99,95"],
    ["an exponent", "1e2"],
    ["letters", "abc"],
    ["an empty string", ""],
  ])("refuses %s (%j)", (_why, text) => {
    expect(parseBps(text)).toBeUndefined();
  });
});

describe("formatBps", () => {
  it.each([
    [0, "0"],
    [1, "0.01"],
    [50, "0.5"],
    [105, "1.05"],
    [1_250, "12.5"],
    [2_500, "25"],
    [9_990, "99.9"],
    [9_995, "99.95"],
    [10_000, "100"],
  ])("writes %i basis points as %j", (bps, text) => {
    expect(formatBps(bps)).toBe(text);
  });

  it("round-trips every basis-point value from 0 to 100% through its text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bps) => {
        expect(parseBps(formatBps(bps))).toBe(bps);
      }),
    );
  });

  it("writes the shortest text: no trailing zero in the decimals", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (bps) => {
        expect(formatBps(bps)).not.toMatch(/\.\d*0$/);
      }),
    );
  });
});
