/**
 * A plan's limits on one model class in the shape a check reads them: one slot per dimension and
 * window (3 × 3), each with its limit and its replenish rate, for ordinary and for peak hours.
 * @module
 */
import {
  LIMIT_DIMENSIONS,
  LIMIT_WINDOWS,
  type LimitDimension,
  type LimitWindow,
  type PlanModelLimits,
  WINDOW_SECONDS,
} from "./limit-set.js";

/** Slots per subject: every dimension over every window. */
export const SLOT_COUNT = LIMIT_DIMENSIONS.length * LIMIT_WINDOWS.length;

/** The slot of a dimension and window: `dimension × 3 + window`. */
export function slotOf(dimension: LimitDimension, window: LimitWindow): number {
  return LIMIT_DIMENSIONS.indexOf(dimension) * LIMIT_WINDOWS.length + LIMIT_WINDOWS.indexOf(window);
}

export function dimensionOfSlot(slot: number): LimitDimension {
  return LIMIT_DIMENSIONS[Math.floor(slot / LIMIT_WINDOWS.length)] as LimitDimension;
}

export function windowOfSlot(slot: number): LimitWindow {
  return LIMIT_WINDOWS[slot % LIMIT_WINDOWS.length] as LimitWindow;
}

/** Limits per slot (0: no limit on that slot) and their rates, units per ms. */
export interface SlotLimits {
  /** Slots that carry a limit, in slot order. */
  slots: Int8Array;
  limit: Float64Array;
  ratePerMs: Float64Array;
}

export interface CompiledLimits {
  plan: string;
  modelClass: string;
  normal: SlotLimits;
  /** The reduced limits of peak hours; `normal` when the plan has no reduction. */
  peak: SlotLimits;
  /** Bit h set when hour h (UTC) is a peak hour. */
  peakHours: number;
}

function slotLimits(limits: PlanModelLimits["limits"], factor: number): SlotLimits {
  const limit = new Float64Array(SLOT_COUNT);
  const ratePerMs = new Float64Array(SLOT_COUNT);
  for (const l of limits) {
    const slot = slotOf(l.dimension, l.window);
    // The tightest limit wins when a set names one slot twice.
    const value = Math.max(1, Math.floor(l.limit * factor));
    if (limit[slot] === 0 || value < (limit[slot] as number)) {
      limit[slot] = value;
      ratePerMs[slot] = value / (WINDOW_SECONDS[l.window] * 1000);
    }
  }
  const slots: number[] = [];
  for (let s = 0; s < SLOT_COUNT; s++) if ((limit[s] as number) > 0) slots.push(s);
  return { slots: Int8Array.from(slots), limit, ratePerMs };
}

/** Compiles a plan's published limits once; checks then only index arrays. */
export function compileLimits(plan: PlanModelLimits): CompiledLimits {
  const normal = slotLimits(plan.limits, 1);
  let peakHours = 0;
  for (const h of plan.peak?.hoursUtc ?? []) if (h >= 0 && h < 24) peakHours |= 1 << h;
  const peak = plan.peak && peakHours !== 0 ? slotLimits(plan.limits, plan.peak.factor) : normal;
  return { plan: plan.plan, modelClass: plan.modelClass, normal, peak, peakHours };
}

/** The limits in force at `nowMs`: the peak ones in a peak hour (UTC). */
export function limitsAt(compiled: CompiledLimits, nowMs: number): SlotLimits {
  if (compiled.peakHours === 0) return compiled.normal;
  const hour = Math.floor(nowMs / 3_600_000) % 24;
  return (compiled.peakHours >>> hour) & 1 ? compiled.peak : compiled.normal;
}
