/**
 * Projected demand as a share of live capacity. Each plan's demand comes from its shortest
 * window (a minute for API tiers, the 5-hour session for subscriptions): subscribers × expected
 * usage × the window's output tokens (plus input tokens at their cost) ÷ the window's seconds,
 * over what the leased GPUs serve of that model class. Longer windows (the weekly cap) only
 * bound a subscriber's total, so leaving them out overestimates demand, never under.
 * @module
 */
import type { LimitPlan } from "./limit-plan.js";
import { PLAN_WINDOWS } from "./limit-plan.js";
import { type LimitDimension, type LimitWindow, WINDOW_SECONDS } from "./limit-set.js";

/** Output tokens per second the live GPUs serve of each model class, if they served only it. */
export type ClassCapacity = ReadonlyMap<string, number>;

/** The window whose limits set how fast a plan's subscribers can spend. */
export function demandWindow(plan: Pick<LimitPlan, "kind">): LimitWindow {
  return PLAN_WINDOWS[plan.kind][0] ?? "minute";
}

/** What one unit of a limit costs in output tokens: input tokens at `inputTokenCost`, requests nothing. */
export function tokenWeight(dimension: LimitDimension, inputTokenCost: number): number {
  if (dimension === "output_tokens") return 1;
  if (dimension === "input_tokens") return inputTokenCost;
  return 0;
}

/**
 * The share of live capacity one unit of a limit on (plan, class) takes on average: how much
 * demand the limit admits. Infinity when no live GPU serves the class (any demand overloads it).
 */
export function shareOfOneUnit(
  plan: Pick<LimitPlan, "subscribers" | "expectedUsage" | "kind">,
  modelClass: string,
  dimension: LimitDimension,
  inputTokenCost: number,
  capacity: ClassCapacity,
): number {
  const weight = tokenWeight(dimension, inputTokenCost);
  const perSecond = (plan.subscribers * plan.expectedUsage * weight) / WINDOW_SECONDS[demandWindow(plan)];
  if (perSecond === 0) return 0;
  const served = capacity.get(modelClass) ?? 0;
  return served > 0 ? perSecond / served : Number.POSITIVE_INFINITY;
}

/** The demand factor of a plan in an hour: the hour's peak-to-average, times its reduction if on. */
export function hourFactor(
  peakToAverage: readonly number[],
  hour: number,
  reduction: { hoursUtc: readonly number[]; factor: number } | undefined,
): number {
  const ratio = peakToAverage[hour] ?? 1;
  return reduction?.hoursUtc.includes(hour) ? ratio * reduction.factor : ratio;
}
