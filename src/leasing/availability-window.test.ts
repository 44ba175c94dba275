import { describe, expect, it } from "vitest";
import { availabilityWindow } from "./availability-window.js";

const NOW = "2027-01-01T00:00:00.000Z";

describe("availabilityWindow", () => {
  it.each([
    { asked: {}, from: NOW, until: "2028-01-01T00:00:00.000Z" },
    {
      asked: { from: "2027-06-01T02:00:00+02:00" },
      from: "2027-06-01T00:00:00.000Z",
      until: "2028-05-31T00:00:00.000Z",
    },
    { asked: { until: "2027-02-01T00:00:00Z" }, from: NOW, until: "2027-02-01T00:00:00.000Z" },
    { asked: { until: "2036-12-29T00:00:00Z" }, from: NOW, until: "2036-12-29T00:00:00.000Z" },
  ])("$asked is [$from, $until)", ({ asked, from, until }) => {
    expect(availabilityWindow(asked, NOW)).toEqual({ from, until });
  });

  it.each([
    { asked: { until: NOW }, bound: `> ${NOW}` },
    { asked: { until: "2036-12-30T00:00:00Z" }, bound: "<= 2036-12-29T00:00:00.000Z (3650 days)" },
  ])("refuses until $asked.until with the bound $bound", ({ asked, bound }) => {
    expect(() => availabilityWindow(asked, NOW)).toThrowError(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        issues: [expect.objectContaining({ field: "until", bound })],
      }),
    );
  });
});
