import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./duration.js";

describe("parseDurationMs", () => {
  it.each([
    ["10s", 10_000],
    ["500ms", 500],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["15", 15_000],
    ["0.5s", 500],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(["", "0s", "-1s", "ten seconds", "10d"])("refuses %j", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});
