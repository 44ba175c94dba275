import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMicros, MICROS_PER_UNIT, parseMicros } from "./money.js";

describe("parseMicros", () => {
  it.each([
    ["0", 0n],
    ["67", 67_000_000n],
    ["67.00", 67_000_000n],
    ["67.5", 67_500_000n],
    ["0.000001", 1n],
    ["3.11", 3_110_000n],
    ["1250000000.000000", 1_250_000_000_000_000n],
    ["999999999999999.999999", 999_999_999_999_999_999_999n],
    ["-1.25", -1_250_000n],
    ["  12.34  ", 12_340_000n],
  ])("reads %j as %s micros", (text, micros) => {
    expect(parseMicros(text)).toBe(micros);
  });

  it.each([
    ["more than 6 fractional digits", "1.0000001"],
    ["a float in exponent form", "1e6"],
    ["a trailing dot", "1."],
    ["a leading dot", ".5"],
    ["an explicit plus sign", "+1"],
    ["a thousands separator", "1,000.00"],
    ["more than 15 whole digits", "1000000000000000"],
    ["a currency symbol", "$5.00"],
    ["letters", "abc"],
    ["an empty string", ""],
    ["a lone minus", "-"],
    ["two dots", "1.2.3"],
  ])("refuses %s (%j)", (_why, text) => {
    expect(parseMicros(text)).toBeUndefined();
  });
});

describe("formatMicros", () => {
  it.each([
    [0n, 2, "0.00"],
    [67_000_000n, 2, "67.00"],
    [67_500_000n, 2, "67.50"],
    [3_110_000n, 2, "3.11"],
    [1n, 2, "0.000001"],
    [1_234_567n, 2, "1.234567"],
    [1_230_000n, 4, "1.2300"],
    [1_000_000n, 6, "1.000000"],
    [-1_250_000n, 2, "-1.25"],
    [-1n, 2, "-0.000001"],
  ])("writes %s micros with %i decimals as %j", (micros, decimals, text) => {
    expect(formatMicros(micros, decimals)).toBe(text);
  });

  it("never drops a significant digit, so parsing what it wrote gives back the same micros", () => {
    const limit = 10n ** 15n * MICROS_PER_UNIT - 1n;
    fc.assert(
      fc.property(fc.bigInt({ min: -limit, max: limit }), fc.integer({ min: 2, max: 6 }), (micros, d) => {
        expect(parseMicros(formatMicros(micros, d))).toBe(micros);
      }),
    );
  });

  it("writes a canonical string that reads back to itself for any decimal it accepts", () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 999_999 }))
      .map(([whole, frac]) => `${whole}.${String(frac).padStart(6, "0")}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const micros = parseMicros(text);
        expect(micros).toBeDefined();
        const written = formatMicros(micros ?? 0n, 6);
        expect(written).toBe(text);
      }),
    );
  });
});
