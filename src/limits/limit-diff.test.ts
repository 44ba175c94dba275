import { describe, expect, it } from "vitest";
import { diffLimits } from "./limit-diff.js";
import type { PlanModelLimits } from "./limit-set.js";

const entry = (
  plan: string,
  limits: Array<[string, string, number]>,
  peak?: PlanModelLimits["peak"],
): PlanModelLimits => ({
  plan,
  modelClass: "large",
  limits: limits.map(
    ([dimension, window, limit]) => ({ dimension, window, limit }) as PlanModelLimits["limits"][number],
  ),
  ...(peak ? { peak } : {}),
});

describe("the before/after table", () => {
  it.each([
    { before: 100, after: 200, change: "raised", ratio: 2 },
    { before: 200, after: 100, change: "lowered", ratio: 0.5 },
    { before: 100, after: 100, change: "unchanged", ratio: 1 },
    { before: 0, after: 5, change: "raised", ratio: null },
  ])("says $before → $after is $change", ({ before, after, change, ratio }) => {
    const diff = diffLimits(
      [entry("pro", [["output_tokens", "five_hours", before]])],
      [entry("pro", [["output_tokens", "five_hours", after]])],
    );
    expect(diff.rows).toEqual([
      {
        plan: "pro",
        modelClass: "large",
        dimension: "output_tokens",
        window: "five_hours",
        before,
        after,
        change,
        ratio,
      },
    ]);
  });

  it("lists limits only in the new set as added and only in the old as removed", () => {
    const diff = diffLimits(
      [entry("old", [["requests", "week", 10]])],
      [entry("new", [["requests", "week", 20]])],
    );
    expect(diff.rows.map((r) => [r.plan, r.change])).toEqual([
      ["new", "added"],
      ["old", "removed"],
    ]);
  });

  it("shows a peak-hour reduction removed, and none when neither set has one", () => {
    const peak = { hoursUtc: [13, 14], factor: 0.5 };
    const diff = diffLimits([entry("pro", [], peak), entry("max", [])], [entry("pro", []), entry("max", [])]);
    expect(diff.peaks).toEqual([
      { plan: "pro", modelClass: "large", before: peak, after: null, change: "removed" },
    ]);
  });

  it("compares against nothing for a tenant's first set", () => {
    const diff = diffLimits([], [entry("pro", [["requests", "week", 10]])]);
    expect(diff.rows[0]?.change).toBe("added");
  });
});
