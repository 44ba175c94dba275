/**
 * The demo's plans, shaped like a lab's published ones: a coding subscription (Pro, Max 5× and
 * Max 20× Pro) with 5-hour session budgets and pinned weekly caps on the large model class, a
 * peak-hour reduction for when capacity is short, and two API tiers over the large and medium
 * classes. Subscriber counts and usage are illustrative, not anyone's real figures.
 * @module
 */
import type { LimitPlan } from "./limit-plan.js";
import type { PeakReduction } from "./limit-set.js";

const PEAK_HOURS: PeakReduction = { hoursUtc: [13, 14, 15, 16, 17, 18], factor: 0.75 };

const subscription = (output5h: number, outputWeek: number) => [
  { modelClass: "large", dimension: "requests" as const, window: "five_hours" as const, limit: 45 },
  {
    modelClass: "large",
    dimension: "input_tokens" as const,
    window: "five_hours" as const,
    limit: output5h * 10,
  },
  {
    modelClass: "large",
    dimension: "output_tokens" as const,
    window: "five_hours" as const,
    limit: output5h,
  },
  { modelClass: "large", dimension: "requests" as const, window: "week" as const, limit: 900 },
  {
    modelClass: "large",
    dimension: "input_tokens" as const,
    window: "week" as const,
    limit: outputWeek * 10,
  },
  { modelClass: "large", dimension: "output_tokens" as const, window: "week" as const, limit: outputWeek },
];

const apiTier = (rpm: number, itpm: number, otpm: number) =>
  (["large", "medium"] as const).flatMap((modelClass) => {
    const k = modelClass === "medium" ? 2 : 1;
    return [
      { modelClass, dimension: "requests" as const, window: "minute" as const, limit: rpm * k },
      { modelClass, dimension: "input_tokens" as const, window: "minute" as const, limit: itpm * k },
      { modelClass, dimension: "output_tokens" as const, window: "minute" as const, limit: otpm * k },
    ];
  });

export const DEMO_PLANS: readonly LimitPlan[] = [
  {
    name: "pro",
    kind: "subscription",
    subscribers: 4_000_000,
    expectedUsage: 0.25,
    limits: subscription(200_000, 2_000_000),
    pinnedWindows: ["week"],
    peakReduction: PEAK_HOURS,
  },
  {
    name: "max-5x",
    kind: "subscription",
    subscribers: 600_000,
    expectedUsage: 0.3,
    multipleOf: { plan: "pro", factor: 5 },
    limits: [],
    pinnedWindows: ["week"],
    peakReduction: PEAK_HOURS,
  },
  {
    name: "max-20x",
    kind: "subscription",
    subscribers: 150_000,
    expectedUsage: 0.3,
    multipleOf: { plan: "pro", factor: 20 },
    limits: [],
    pinnedWindows: ["week"],
    peakReduction: PEAK_HOURS,
  },
  {
    name: "api-tier-1",
    kind: "api_tier",
    subscribers: 200_000,
    expectedUsage: 0.05,
    limits: apiTier(50, 30_000, 8_000),
    pinnedWindows: [],
  },
  {
    name: "api-tier-4",
    kind: "api_tier",
    subscribers: 8_000,
    expectedUsage: 0.125,
    limits: apiTier(4_000, 2_000_000, 400_000),
    pinnedWindows: [],
  },
];
