import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEMO_PLANS } from "./demo-plans.js";
import { diffLimits } from "./limit-diff.js";
import type { LimitPlan } from "./limit-plan.js";
import type { PlanModelLimits } from "./limit-set.js";
import { planLimits } from "./planner.js";
import { DEFAULT_SERVING_PROFILE, type ServingProfile } from "./serving-profile.js";

const EARLIER = { H100: 270_000 };
/** The demo site's mix on top of the earlier capacity. */
const WITH_DEMO_SITE = { H100: 270_000 + 150_000, H200: 50_000, GB200: 20_000 };

const limitOf = (
  set: readonly PlanModelLimits[],
  plan: string,
  modelClass: string,
  dimension: string,
  window: string,
) =>
  set
    .find((p) => p.plan === plan && p.modelClass === modelClass)
    ?.limits.find((l) => l.dimension === dimension && l.window === window)?.limit;

describe("the planner on the demo's plans", () => {
  const before = planLimits({ plans: DEMO_PLANS, profile: DEFAULT_SERVING_PROFILE, gpusByModel: EARLIER });
  const after = planLimits({
    plans: DEMO_PLANS,
    profile: DEFAULT_SERVING_PROFILE,
    gpusByModel: WITH_DEMO_SITE,
    inForce: before.plans,
  });

  it("applies peak-hour reductions while capacity is short, and removes them once it is not", () => {
    expect(before.peakReductions).toBe(true);
    expect(before.plans.find((p) => p.plan === "pro")?.peak?.factor).toBe(0.75);
    expect(after.peakReductions).toBe(false);
    expect(after.plans.every((p) => p.peak === undefined)).toBe(true);
  });

  it("roughly doubles the 5-hour limits when the demo site's capacity comes on top, weekly ones stay", () => {
    for (const plan of ["pro", "max-5x", "max-20x"]) {
      const was = limitOf(before.plans, plan, "large", "output_tokens", "five_hours") ?? 0;
      const now = limitOf(after.plans, plan, "large", "output_tokens", "five_hours") ?? 0;
      expect(now / was).toBeGreaterThan(1.7);
      expect(now / was).toBeLessThan(2.3);
      expect(limitOf(after.plans, plan, "large", "output_tokens", "week")).toBe(
        limitOf(before.plans, plan, "large", "output_tokens", "week"),
      );
    }
  });

  it("keeps Max 5× and Max 20× at exactly 5 and 20 times Pro", () => {
    const pro = limitOf(after.plans, "pro", "large", "input_tokens", "five_hours") ?? 0;
    expect(limitOf(after.plans, "max-5x", "large", "input_tokens", "five_hours")).toBe(pro * 5);
    expect(limitOf(after.plans, "max-20x", "large", "input_tokens", "five_hours")).toBe(pro * 20);
  });

  it("raises API tiers' token limits, and the diff says so row by row", () => {
    const diff = diffLimits(before.plans, after.plans);
    const api = diff.rows.filter((r) => r.plan.startsWith("api-") && r.dimension !== "requests");
    expect(api.length).toBe(8);
    expect(api.every((r) => r.change === "raised")).toBe(true);
    expect(diff.rows.filter((r) => r.window === "week").every((r) => r.change === "unchanged")).toBe(true);
    expect(diff.peaks.map((p) => p.change)).toEqual(["removed", "removed", "removed"]);
  });

  it("projects peak demand at or under the target utilisation", () => {
    for (const r of [before, after]) {
      expect(Math.max(...r.demandByHour)).toBeLessThanOrEqual(DEFAULT_SERVING_PROFILE.targetUtilisation);
      expect(Math.max(...r.demandByHour)).toBeGreaterThan(DEFAULT_SERVING_PROFILE.targetUtilisation * 0.99);
    }
  });
});

describe("the planner's edge cases", () => {
  const plan = (over: Partial<LimitPlan> = {}): LimitPlan => ({
    name: "tier",
    kind: "api_tier",
    subscribers: 1000,
    expectedUsage: 0.5,
    limits: [{ modelClass: "medium", dimension: "output_tokens", window: "minute", limit: 60_000 }],
    pinnedWindows: [],
    ...over,
  });
  const flat: ServingProfile = { ...DEFAULT_SERVING_PROFILE, peakToAverageByHourUtc: new Array(24).fill(1) };

  it.each([
    // 1,000 × 0.5 × 60,000 / 60 s = 500,000 tokens/s at scale 1; one H100 serves 3,066.
    { gpus: 1000, expected: Math.floor(60_000 * ((1000 * 3066 * 0.8) / 500_000)) },
    { gpus: 100, expected: Math.floor(60_000 * ((100 * 3066 * 0.8) / 500_000)) },
  ])("sizes a flat demand to $gpus H100 at 80% utilisation", ({ gpus, expected }) => {
    const r = planLimits({ plans: [plan()], profile: flat, gpusByModel: { H100: gpus } });
    const got = r.plans[0]?.limits[0]?.limit ?? -1;
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(1);
  });

  it("gives 0 to a class no live GPU serves, and says so", () => {
    const r = planLimits({ plans: [plan()], profile: flat, gpusByModel: {} });
    expect(r.plans[0]?.limits[0]?.limit).toBe(0);
    expect(r.warnings.join(" ")).toContain("no live GPU serves medium");
  });

  it("keeps pinned limits even when they alone overload capacity, and zeroes the rest", () => {
    const pinned = plan({ name: "pinned", pinnedWindows: ["minute"] });
    const r = planLimits({ plans: [pinned, plan()], profile: flat, gpusByModel: { H100: 1 } });
    expect(r.plans[0]?.limits[0]?.limit).toBe(60_000);
    expect(r.plans[1]?.limits[0]?.limit).toBe(0);
    expect(r.warnings.join(" ")).toContain("pinned limits alone exceed");
  });

  it("uses the tenant's own rate over the default", () => {
    const own = {
      ...flat,
      rates: [{ gpuModel: "h100", modelClass: "medium", outputTokensPerSecondPerGpu: 6132 }],
    };
    const a = planLimits({ plans: [plan()], profile: flat, gpusByModel: { H100: 100 } });
    const b = planLimits({ plans: [plan()], profile: own, gpusByModel: { H100: 100 } });
    expect(b.scale / a.scale).toBeCloseTo(2, 6);
  });
});

const planArb = fc
  .record({
    subscribers: fc.integer({ min: 0, max: 5_000_000 }),
    expectedUsage: fc.double({ min: 0, max: 1, noNaN: true }),
    output: fc.integer({ min: 0, max: 10_000_000 }),
    input: fc.integer({ min: 0, max: 100_000_000 }),
    weekly: fc.integer({ min: 0, max: 100_000_000 }),
    pinFive: fc.boolean(),
    pinWeek: fc.boolean(),
    factors: fc.array(fc.integer({ min: 2, max: 40 }), { maxLength: 2 }),
    reduction: fc.option(fc.double({ min: 0.1, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map((r) => r);

describe("planner properties", () => {
  it("keeps ratios between plans and pins, and projected peak ≤ capacity × headroom", () => {
    fc.assert(
      fc.property(
        fc.array(planArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: 24, maxLength: 24 }),
        (specs, gpus, target, curve) => {
          const plans: LimitPlan[] = [];
          specs.forEach((s, i) => {
            const pins = [
              ...(s.pinFive ? (["five_hours"] as const) : []),
              ...(s.pinWeek ? (["week"] as const) : []),
            ];
            const peakReduction = s.reduction ? { hoursUtc: [12, 13, 14], factor: s.reduction } : undefined;
            const base: LimitPlan = {
              name: `p${i}`,
              kind: "subscription",
              subscribers: s.subscribers,
              expectedUsage: s.expectedUsage,
              limits: [
                { modelClass: "large", dimension: "output_tokens", window: "five_hours", limit: s.output },
                { modelClass: "large", dimension: "input_tokens", window: "five_hours", limit: s.input },
                { modelClass: "large", dimension: "output_tokens", window: "week", limit: s.weekly },
              ],
              pinnedWindows: [...pins],
              ...(peakReduction ? { peakReduction } : {}),
            };
            plans.push(base);
            s.factors.forEach((factor, j) => {
              plans.push({
                ...base,
                name: `p${i}x${j}`,
                limits: [],
                pinnedWindows: [],
                multipleOf: { plan: base.name, factor },
              });
            });
          });
          const profile = {
            ...DEFAULT_SERVING_PROFILE,
            targetUtilisation: target,
            peakToAverageByHourUtc: curve,
          };
          const inForce = planLimits({ plans, profile, gpusByModel: { H100: Math.floor(gpus / 2) } }).plans;
          const r = planLimits({ plans, profile, gpusByModel: { H100: gpus }, inForce });
          const pinnedOver = r.warnings.some((w) => w.includes("pinned"));
          if (!pinnedOver) expect(Math.max(...r.demandByHour)).toBeLessThanOrEqual(target * (1 + 1e-9));
          for (const p of plans) {
            const mine = r.plans.find((x) => x.plan === p.name)?.limits ?? [];
            for (const l of mine) {
              if (p.pinnedWindows.includes(l.window))
                expect(l.limit).toBe(limitOf(inForce, p.name, "large", l.dimension, l.window));
              else if (p.multipleOf)
                expect(l.limit).toBe(
                  Math.floor(
                    Math.floor(
                      (plans
                        .find((b) => b.name === p.multipleOf?.plan)
                        ?.limits.find((b) => b.dimension === l.dimension && b.window === l.window)?.limit ??
                        0) * r.scale,
                    ) * p.multipleOf.factor,
                  ),
                );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
