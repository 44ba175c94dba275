import { describe, expect, it } from "vitest";
import { formatMoney, formatMoneyShort, formatRate } from "./format.js";

describe("money on the dashboard", () => {
  it.each([
    ["2.10", "$2.10"],
    ["0", "$0.00"],
    ["0.004999", "$0.00"],
    ["0.005", "$0.01"],
    ["0.995", "$1.00"],
    ["999.995000", "$1,000.00"],
    ["2406734400.5", "$2,406,734,400.50"],
    ["509287366.189597", "$509,287,366.19"],
    ["180931712.962963", "$180,931,712.96"],
    ["-1234.5", "-$1,234.50"],
    ["-0.005", "-$0.01"],
    ["-0.004", "$0.00"],
    ["9007199254740993.995", "$9,007,199,254,740,994.00"],
    ["n/a", "n/a"],
  ])("shows the exact amount %s as %s, rounded half up to the cent without a float", (amount, text) => {
    expect(formatMoney(amount)).toBe(text);
  });

  it.each([
    ["2.10", "$2.10"],
    ["2.105000", "$2.105"],
    ["3", "$3.00"],
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
