import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatMicros,
  formatMoney,
  formatMoneyShort,
  formatRate,
  MICROS_PER_UNIT,
  parseMicros,
  wireAmount,
  wireRate,
} from "./money.js";

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

describe("money for people, in the CLI and on the dashboard", () => {
  it.each([
    ["2.10", "$2.10"],
    ["0", "$0.00"],
    ["0.004999", "$0.00"],
    ["0.005", "$0.01"],
    ["0.994999", "$0.99"],
    ["0.995", "$1.00"],
    ["999.995000", "$1,000.00"],
    ["1250000000.00", "$1,250,000,000.00"],
    ["2406734400.5", "$2,406,734,400.50"],
    ["509287366.189597", "$509,287,366.19"],
    ["180931712.962963", "$180,931,712.96"],
    ["-1234.5", "-$1,234.50"],
    ["-0.005", "-$0.01"],
    ["-0.004", "$0.00"],
    ["123456789012345.123456", "$123,456,789,012,345.12"],
    ["9007199254740993.995", "$9,007,199,254,740,994.00"],
    ["n/a", "n/a"],
  ])("shows the exact amount %s as %s, rounded half up to the cent without a float", (amount, text) => {
    expect(formatMoney(amount)).toBe(text);
  });

  it.each([
    ["2.10", "$2.10"],
    ["2.105000", "$2.105"],
    ["3", "$3.00"],
    ["1250.000001", "$1,250.000001"],
  ])("shows the unit price %s exactly as %s", (amount, text) => {
    expect(formatRate(amount)).toBe(text);
  });

  it.each([
    ["2406734400.00", "$2.41B"],
    ["509287366.189597", "$509.29M"],
    ["1234999.999999", "$1.23M"],
    ["1235000", "$1.24M"],
    ["999999.999999", "$1.00M"],
    ["999.994", "$999.99"],
    ["999.995", "$1.00K"],
    ["1004.995", "$1.00K"],
    ["1500", "$1.50K"],
    ["-2500000", "-$2.50M"],
    ["12.345", "$12.35"],
    ["200000000", "$200.00M"],
    ["n/a", "n/a"],
  ])("shortens %s to %s for headlines", (amount, text) => {
    expect(formatMoneyShort(amount)).toBe(text);
  });
});

describe("money on the wire", () => {
  it.each([
    [12_189_696_000_000n, "12189696.00"],
    [509_287_366_189_597n, "509287366.19"],
    [5_000n, "0.01"],
    [4_999n, "0.00"],
    [0n, "0.00"],
    [-1_234_500_000n, "-1234.50"],
    [-4_000n, "0.00"],
  ])("an amount of %s micros is %s, always to the cent", (micros, text) => {
    expect(wireAmount(micros)).toBe(text);
  });

  it.each([
    [2_100_000n, "2.100000"],
    [2_105_001n, "2.105001"],
    [0n, "0.000000"],
    [67_000_000n, "67.000000"],
  ])("a rate of %s micros is %s, always to the micro", (micros, text) => {
    expect(wireRate(micros)).toBe(text);
  });
});
