import { describe, expect, it } from "vitest";
import { earliestNewStart, latestEndOfTerm } from "./lease-term.js";

describe("the longest term", () => {
  it.each([
    ["a plain date", "2026-05-15T00:00:00.000Z", "2046-05-15T00:00:00.000Z"],
    ["the time of day kept", "2026-12-01T13:45:30.250Z", "2046-12-01T13:45:30.250Z"],
    ["29 February into a year that has one", "2028-02-29T00:00:00.000Z", "2048-02-29T00:00:00.000Z"],
    ["29 February into a year that has none", "2080-02-29T06:00:00.000Z", "2100-02-28T06:00:00.000Z"],
    ["31 December", "2026-12-31T23:00:00.000Z", "2046-12-31T23:00:00.000Z"],
  ])("ends twenty calendar years after the start: %s", (_why, startsAt, latest) => {
    expect(latestEndOfTerm(startsAt)).toBe(latest);
  });
});

describe("the earliest start of a new lease", () => {
  it("is one hour before now", () => {
    expect(earliestNewStart("2026-12-01T00:30:00.000Z")).toBe("2026-11-30T23:30:00.000Z");
  });
});
