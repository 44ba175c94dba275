/**
 * Plans as labs sell them. An API tier states requests, input tokens and output tokens per minute
 * per model class; a subscription plan (Pro, Max 5×, Max 20×) states a 5-hour session budget and a
 * weekly budget per model class. Either may be a multiple of another plan (Max 5× = 5 × Pro), pin
 * windows the planner must leave as they are ("weekly unchanged"), and carry the peak-hour
 * reduction it applies when capacity runs short. Each plan says how many subscribers it has and
 * how much of its budget the average subscriber uses. The stated limits are the plan's reference:
 * the planner scales them to live capacity.
 * @module
 */
import { z } from "zod";
import { type FieldIssue, validationError } from "../shared/errors.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { LIMIT_DIMENSIONS, LIMIT_WINDOWS, type LimitWindow, type PeakReduction } from "./limit-set.js";
import { NAME_PATTERN } from "./serving-profile.js";

export const PLAN_KINDS = ["api_tier", "subscription"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** The windows each kind of plan states its limits over. */
export const PLAN_WINDOWS: Record<PlanKind, readonly LimitWindow[]> = {
  api_tier: ["minute"],
  subscription: ["five_hours", "week"],
};

export const PlanLimitSchema = z.strictObject({
  modelClass: z.string().regex(NAME_PATTERN),
  dimension: z.enum(LIMIT_DIMENSIONS),
  window: z.enum(LIMIT_WINDOWS),
  limit: z.number().int().min(0).max(1e15),
});
export type PlanLimit = z.infer<typeof PlanLimitSchema>;

export const PeakReductionSchema = z.strictObject({
  hoursUtc: z.array(z.number().int().min(0).max(23)).min(1).max(24),
  factor: z.number().gt(0).max(1),
});

export const LimitPlanSchema = z.strictObject({
  name: z.string().regex(NAME_PATTERN),
  kind: z.enum(PLAN_KINDS),
  /** Subscribers (or, for an API tier, organisations) on the plan. */
  subscribers: z.number().int().min(0).max(1e10),
  /**
   * The share of the plan's shortest window the average subscriber spends, round the clock, in
   * [0, 1]: 0.05 on a 5-hour budget means a twentieth of the budget every five hours.
   */
  expectedUsage: z.number().min(0).max(1),
  /** This plan's limits are `factor` × the named plan's (which is not itself a multiple). */
  multipleOf: z
    .strictObject({ plan: z.string().regex(NAME_PATTERN), factor: z.number().gt(0).max(1000) })
    .optional(),
  /** The reference limits; empty for a multiple of another plan. */
  limits: z.array(PlanLimitSchema).max(300).default([]),
  /** Windows the planner leaves as they were in the set in force (or as stated, at first). */
  pinnedWindows: z.array(z.enum(LIMIT_WINDOWS)).max(3).default([]),
  /** The reduction in peak hours, applied only while capacity cannot carry the plans without it. */
  peakReduction: PeakReductionSchema.optional(),
});

export interface LimitPlan {
  name: string;
  kind: PlanKind;
  subscribers: number;
  expectedUsage: number;
  multipleOf?: { plan: string; factor: number };
  limits: PlanLimit[];
  pinnedWindows: LimitWindow[];
  peakReduction?: PeakReduction;
}

/** Parses one plan (named `name` by the path it was sent to) and checks it on its own. */
export function parseLimitPlan(raw: unknown, name: string): LimitPlan {
  const isObject = raw !== null && typeof raw === "object" && !Array.isArray(raw);
  const sent = isObject ? (raw as { name?: unknown }).name : undefined;
  if (sent !== undefined && sent !== name)
    throw validationError([
      {
        field: "name",
        message: `name must match the plan in the path, ${name} (got ${String(sent)})`,
        bound: name,
      },
    ]);
  const withName = isObject ? { ...raw, name } : raw;
  const parsed = LimitPlanSchema.safeParse(withName, { reportInput: true });
  if (!parsed.success) throw validationError(toFieldIssues(parsed.error, [], raw));
  const p = parsed.data;
  const plan: LimitPlan = {
    name: p.name,
    kind: p.kind,
    subscribers: p.subscribers,
    expectedUsage: p.expectedUsage,
    limits: p.limits,
    pinnedWindows: [...new Set(p.pinnedWindows)],
    ...(p.multipleOf ? { multipleOf: p.multipleOf } : {}),
    ...(p.peakReduction
      ? {
          peakReduction: {
            hoursUtc: [...new Set(p.peakReduction.hoursUtc)].sort((a, b) => a - b),
            factor: p.peakReduction.factor,
          },
        }
      : {}),
  };
  const issues = ownIssues(plan);
  if (issues.length > 0) throw validationError(issues);
  return plan;
}

function ownIssues(plan: LimitPlan): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const windows = PLAN_WINDOWS[plan.kind];
  const seen = new Set<string>();
  plan.limits.forEach((l, i) => {
    if (!windows.includes(l.window))
      issues.push({
        field: `limits[${i}].window`,
        message: `limits[${i}].window must be one of ${windows.join("|")} for ${plan.kind} (got ${l.window})`,
        bound: `one of ${windows.join("|")}`,
      });
    const key = `${l.modelClass}/${l.dimension}/${l.window}`;
    if (seen.has(key))
      issues.push({
        field: `limits[${i}]`,
        message: `limits[${i}] repeats ${l.dimension} per ${l.window} on ${l.modelClass}`,
        bound: "one limit per model class, dimension and window",
      });
    seen.add(key);
  });
  if (plan.multipleOf && plan.limits.length > 0)
    issues.push({
      field: "limits",
      message: `limits must be empty for a multiple of ${plan.multipleOf.plan} (got ${plan.limits.length})`,
      bound: "empty with multipleOf",
    });
  if (plan.multipleOf?.plan === plan.name)
    issues.push({
      field: "multipleOf.plan",
      message: "multipleOf.plan must name another plan",
      bound: "another plan",
    });
  if (!plan.multipleOf && plan.limits.length === 0)
    issues.push({
      field: "limits",
      message: "limits must hold at least one limit (or give multipleOf)",
      bound: ">= 1",
    });
  plan.pinnedWindows.forEach((w, i) => {
    if (!windows.includes(w))
      issues.push({
        field: `pinnedWindows[${i}]`,
        message: `pinnedWindows[${i}] must be one of ${windows.join("|")} for ${plan.kind} (got ${w})`,
        bound: `one of ${windows.join("|")}`,
      });
  });
  return issues;
}

/**
 * Checks a plan against the tenant's other plans: a multiple names an existing plan of its kind
 * that is not itself a multiple, and no plan another depends on is made a multiple.
 */
export function checkPlanAmong(plan: LimitPlan, others: readonly LimitPlan[]): FieldIssue[] {
  const byName = new Map(others.filter((o) => o.name !== plan.name).map((o) => [o.name, o]));
  const issues: FieldIssue[] = [];
  if (plan.multipleOf) {
    const base = byName.get(plan.multipleOf.plan);
    if (!base)
      issues.push({
        field: "multipleOf.plan",
        message: `multipleOf.plan names no plan of this tenant (got ${plan.multipleOf.plan})`,
        bound: "an existing plan",
      });
    else if (base.multipleOf || base.kind !== plan.kind)
      issues.push({
        field: "multipleOf.plan",
        message: `multipleOf.plan must be a ${plan.kind} plan with limits of its own (got ${base.name})`,
        bound: `a ${plan.kind} plan that is not a multiple`,
      });
    const dependent = [...byName.values()].find((o) => o.multipleOf?.plan === plan.name);
    if (dependent)
      issues.push({
        field: "multipleOf",
        message: `${plan.name} cannot be a multiple: ${dependent.name} is a multiple of it`,
        bound: "no chains of multiples",
      });
  }
  return issues;
}
