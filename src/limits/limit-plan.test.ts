import { describe, expect, it } from "vitest";
import { LeaseholdError } from "../shared/errors.js";
import { checkPlanAmong, parseLimitPlan } from "./limit-plan.js";
import { parseServingProfile } from "./serving-profile.js";

const issuesOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof LeaseholdError) return error.issues.map((i) => `${i.field}: ${i.bound}`);
    throw error;
  }
  return [];
};

const pro = {
  kind: "subscription",
  subscribers: 10,
  expectedUsage: 0.1,
  limits: [{ modelClass: "large", dimension: "output_tokens", window: "five_hours", limit: 1000 }],
};

describe("plans as sent", () => {
  it("parses a subscription plan and fills what was left out", () => {
    expect(parseLimitPlan(pro, "pro")).toEqual({ name: "pro", ...pro, pinnedWindows: [] });
  });

  it.each([
    [{ ...pro, subscribers: -1 }, "subscribers: >= 0"],
    [{ ...pro, expectedUsage: 2 }, "expectedUsage: <= 1"],
    [
      { ...pro, limits: [{ ...pro.limits[0], window: "minute" }] },
      "limits[0].window: one of five_hours|week",
    ],
    [{ ...pro, pinnedWindows: ["minute"] }, "pinnedWindows[0]: one of five_hours|week"],
    [{ ...pro, limits: [] }, "limits: >= 1"],
    [{ ...pro, multipleOf: { plan: "base", factor: 5 } }, "limits: empty with multipleOf"],
    [
      { ...pro, limits: [pro.limits[0], pro.limits[0]] },
      "limits[1]: one limit per model class, dimension and window",
    ],
  ])("refuses %j naming the field and bound", (raw, issue) => {
    expect(issuesOf(() => parseLimitPlan(raw, "pro"))).toContain(issue);
  });

  it("refuses a multiple of a plan that does not exist, or of another multiple", () => {
    const base = parseLimitPlan(pro, "pro");
    const max = parseLimitPlan({ ...pro, limits: [], multipleOf: { plan: "pro", factor: 5 } }, "max-5x");
    expect(checkPlanAmong(max, [base])).toEqual([]);
    expect(checkPlanAmong(max, [])[0]?.bound).toBe("an existing plan");
    const chain = parseLimitPlan(
      { ...pro, limits: [], multipleOf: { plan: "max-5x", factor: 4 } },
      "max-20x",
    );
    expect(checkPlanAmong(chain, [base, max])[0]?.bound).toBe("a subscription plan that is not a multiple");
  });
});

describe("serving profiles as sent", () => {
  it("takes defaults for fields left out", () => {
    const p = parseServingProfile({ targetUtilisation: 0.7 });
    expect(p.targetUtilisation).toBe(0.7);
    expect(p.peakToAverageByHourUtc).toHaveLength(24);
  });

  it.each([
    [{ targetUtilisation: 0 }, "targetUtilisation: > 0"],
    [{ peakToAverageByHourUtc: [1, 2] }, "peakToAverageByHourUtc: = 24 items"],
  ])("refuses %j", (raw, issue) => {
    const issues = issuesOf(() => parseServingProfile(raw));
    expect(issues.length).toBe(1);
    expect(issues[0]?.split(":")[0]).toBe(issue.split(":")[0]);
  });
});
