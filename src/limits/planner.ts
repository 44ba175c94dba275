/**
 * The planner: every plan's limits such that projected peak demand fits live capacity with the
 * headroom the serving profile keeps. It scales the plans' reference limits by one factor, so
 * ratios between plans (Max 5× = 5 × Pro) and between dimensions hold; pinned windows keep the
 * values in force; peak-hour reductions apply only while the plans cannot be carried at their
 * reference limits without them. Limits are whole numbers rounded down, so rounding never
 * pushes demand over capacity.
 * @module
 */
import type { RateTable } from "../serving/serving-rates.js";
import { rateTable } from "../serving/serving-rates.js";
import type { LimitPlan } from "./limit-plan.js";
import type { DimensionLimit, LimitDimension, LimitWindow, PlanModelLimits } from "./limit-set.js";
import { type ClassCapacity, demandWindow, hourFactor, shareOfOneUnit } from "./plan-demand.js";
import type { ServingProfile } from "./serving-profile.js";

/**
 * The most the planner raises a reference limit: 1,000×. Demand that rounds to nothing would
 * otherwise raise limits without bound.
 */
export const MAX_SCALE = 1000;

export interface PlanningInput {
  plans: readonly LimitPlan[];
  profile: ServingProfile;
  /** Live leased GPUs by GPU model. */
  gpusByModel: Readonly<Record<string, number>>;
  /** The limits in force: pinned windows keep their values. */
  inForce?: readonly PlanModelLimits[];
  /** Rates per GPU and class; by default the profile's overrides over the built-in table. */
  rates?: RateTable;
}

export interface PlanningResult {
  plans: PlanModelLimits[];
  /** The factor applied to every unpinned reference limit (1 = as the plans state them). */
  scale: number;
  /** Whether the plans' peak-hour reductions are in the set. */
  peakReductions: boolean;
  /** Output tokens/s the live GPUs serve of each model class the plans name, if they served only it. */
  capacityByClass: Record<string, number>;
  /** Projected demand per hour of the day (UTC) as a share of live capacity; at most the target utilisation. */
  demandByHour: number[];
  /** What the planner could not do as asked (pins over capacity, classes no GPU serves). */
  warnings: string[];
}

/** One limit of one plan as the planner works on it. */
interface Slot {
  plan: LimitPlan;
  modelClass: string;
  dimension: LimitDimension;
  window: LimitWindow;
  /** The stated limit (× the factor for a multiple). */
  reference: number;
  /** The value kept, when the window is pinned. */
  pinned: number | undefined;
  /** The index (among the slots) of the base plan's slot this one is a multiple of, and the factor. */
  base: { index: number; factor: number } | undefined;
}

const key = (plan: string, modelClass: string, dimension: string, window: string) =>
  `${plan}\u0000${modelClass}\u0000${dimension}\u0000${window}`;

export function planLimits(input: PlanningInput): PlanningResult {
  const { plans, profile } = input;
  const rates = input.rates ?? rateTable(profile.rates);
  const warnings: string[] = [];
  const slots = resolveSlots(plans, input.inForce ?? []);
  const capacity = classCapacity(slots, input.gpusByModel, rates);
  for (const [modelClass, served] of capacity)
    if (served === 0) warnings.push(`no live GPU serves ${modelClass}: its limits are 0`);

  const loads = (reduced: boolean) => hourlyLoads(slots, profile, capacity, reduced);
  const target = profile.targetUtilisation;
  const flat = scaleFor(loads(false), target);
  const hasReductions = plans.some((p) => p.peakReduction);
  const reduced = flat.scale < 1 && hasReductions;
  const chosen = reduced ? scaleFor(loads(true), target) : flat;
  if (chosen.pinsOverCapacity)
    warnings.push("the pinned limits alone exceed the target utilisation: every unpinned limit is 0");

  // Bases come before their multiples, so one pass in order sees every base's value first.
  const values = new Float64Array(slots.length);
  slots.forEach((slot, i) => {
    const base = slot.base ? slots[slot.base.index] : undefined;
    if (slot.pinned !== undefined) values[i] = slot.pinned;
    else if (slot.base && base) values[i] = Math.floor(unpinnedValue(base, chosen.scale) * slot.base.factor);
    else values[i] = unpinnedValue(slot, chosen.scale);
  });
  const result = toPlanLimits(plans, slots, values, reduced);
  return {
    plans: result,
    scale: chosen.scale,
    peakReductions: reduced,
    capacityByClass: Object.fromEntries(capacity),
    demandByHour: demandOf(result, plans, profile, capacity),
    warnings,
  };
}

function unpinnedValue(slot: Slot, scale: number): number {
  return Math.floor(slot.reference * scale);
}

/** Every limit of every plan, multiples resolved against their base, pins read from the set in force. */
function resolveSlots(plans: readonly LimitPlan[], inForce: readonly PlanModelLimits[]): Slot[] {
  const previous = new Map<string, number>();
  for (const p of inForce)
    for (const l of p.limits) previous.set(key(p.plan, p.modelClass, l.dimension, l.window), l.limit);
  const multiples = new Map<string, LimitPlan[]>();
  for (const p of plans)
    if (p.multipleOf) multiples.set(p.multipleOf.plan, [...(multiples.get(p.multipleOf.plan) ?? []), p]);
  const slot = (
    plan: LimitPlan,
    l: LimitPlan["limits"][number],
    reference: number,
    base: Slot["base"],
  ): Slot => {
    const pinned = plan.pinnedWindows.includes(l.window)
      ? (previous.get(key(plan.name, l.modelClass, l.dimension, l.window)) ?? Math.floor(reference))
      : undefined;
    return {
      plan,
      modelClass: l.modelClass,
      dimension: l.dimension,
      window: l.window,
      reference,
      pinned,
      base,
    };
  };
  const slots: Slot[] = [];
  for (const plan of plans) {
    if (plan.multipleOf) continue;
    for (const l of plan.limits) {
      const index = slots.length;
      slots.push(slot(plan, l, l.limit, undefined));
      for (const multiple of multiples.get(plan.name) ?? []) {
        const factor = multiple.multipleOf?.factor ?? 1;
        slots.push(slot(multiple, l, l.limit * factor, { index, factor }));
      }
    }
  }
  return slots;
}

/** Output tokens/s of each class the slots name: Σ GPUs × rate of their model. */
function classCapacity(
  slots: readonly Slot[],
  gpusByModel: Readonly<Record<string, number>>,
  rates: RateTable,
): Map<string, number> {
  const capacity = new Map<string, number>();
  for (const slot of slots) {
    if (capacity.has(slot.modelClass)) continue;
    let served = 0;
    for (const [model, gpus] of Object.entries(gpusByModel)) served += gpus * rates(model, slot.modelClass);
    capacity.set(slot.modelClass, served);
  }
  return capacity;
}

/** Per hour: the share of capacity the unpinned limits take at scale 1, and the pinned ones' share. */
function hourlyLoads(
  slots: readonly Slot[],
  profile: ServingProfile,
  capacity: ClassCapacity,
  reduced: boolean,
): { flexible: number[]; pinned: number[] } {
  const flexible = new Array<number>(24).fill(0);
  const pinned = new Array<number>(24).fill(0);
  for (const slot of slots) {
    if (slot.window !== demandWindow(slot.plan)) continue;
    const unit = shareOfOneUnit(slot.plan, slot.modelClass, slot.dimension, profile.inputTokenCost, capacity);
    if (unit === 0) continue;
    const amount = slot.pinned ?? slot.reference;
    if (amount === 0) continue;
    const reduction = reduced ? slot.plan.peakReduction : undefined;
    const into = slot.pinned === undefined ? flexible : pinned;
    for (let h = 0; h < 24; h++)
      into[h] = (into[h] ?? 0) + unit * amount * hourFactor(profile.peakToAverageByHourUtc, h, reduction);
  }
  return { flexible, pinned };
}

/** The largest scale at which every hour's load fits the target; 1 when nothing unpinned adds load. */
function scaleFor(
  loads: { flexible: number[]; pinned: number[] },
  target: number,
): { scale: number; pinsOverCapacity: boolean } {
  let scale = Number.POSITIVE_INFINITY;
  let pinsOverCapacity = false;
  for (let h = 0; h < 24; h++) {
    const flexible = loads.flexible[h] ?? 0;
    const room = target - (loads.pinned[h] ?? 0);
    if (room < 0) pinsOverCapacity = true;
    if (flexible > 0) scale = Math.min(scale, Math.max(0, room) / flexible);
  }
  if (pinsOverCapacity) return { scale: 0, pinsOverCapacity };
  return { scale: Number.isFinite(scale) ? Math.min(scale, MAX_SCALE) : 1, pinsOverCapacity };
}

function toPlanLimits(
  plans: readonly LimitPlan[],
  slots: readonly Slot[],
  values: Float64Array,
  reduced: boolean,
): PlanModelLimits[] {
  const out: PlanModelLimits[] = [];
  const byPlan = new Map<string, number[]>();
  slots.forEach((slot, i) => {
    const mine = byPlan.get(slot.plan.name);
    if (mine) mine.push(i);
    else byPlan.set(slot.plan.name, [i]);
  });
  for (const plan of plans) {
    const byClass = new Map<string, DimensionLimit[]>();
    for (const i of byPlan.get(plan.name) ?? []) {
      const slot = slots[i];
      if (!slot) continue;
      const limits = byClass.get(slot.modelClass) ?? [];
      limits.push({ dimension: slot.dimension, window: slot.window, limit: values[i] ?? 0 });
      byClass.set(slot.modelClass, limits);
    }
    for (const [modelClass, limits] of byClass) {
      const peak = reduced && plan.peakReduction ? { peak: plan.peakReduction } : {};
      out.push({ plan: plan.name, modelClass, limits, ...peak });
    }
  }
  return out;
}

/** The demand the published limits admit, per hour, as a share of live capacity. */
export function demandOf(
  limits: readonly PlanModelLimits[],
  plans: readonly LimitPlan[],
  profile: ServingProfile,
  capacity: ClassCapacity,
): number[] {
  const byName = new Map(plans.map((p) => [p.name, p]));
  const demand = new Array<number>(24).fill(0);
  for (const entry of limits) {
    const plan = byName.get(entry.plan);
    if (!plan) continue;
    for (const l of entry.limits) {
      if (l.window !== demandWindow(plan) || l.limit === 0) continue;
      const unit = shareOfOneUnit(plan, entry.modelClass, l.dimension, profile.inputTokenCost, capacity);
      for (let h = 0; h < 24; h++)
        demand[h] =
          (demand[h] ?? 0) + unit * l.limit * hourFactor(profile.peakToAverageByHourUtc, h, entry.peak);
    }
  }
  return demand;
}
