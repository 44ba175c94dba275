/**
 * The before/after table a lab publishes with new limits: every limit of every plan and model
 * class in either set, what it was, what it is now and how it changed, and every peak-hour
 * reduction added or removed.
 * @module
 */
import type {
  DimensionLimit,
  LimitDimension,
  LimitWindow,
  PeakReduction,
  PlanModelLimits,
} from "./limit-set.js";

export const LIMIT_CHANGES = ["raised", "lowered", "unchanged", "added", "removed"] as const;
export type LimitChange = (typeof LIMIT_CHANGES)[number];

export interface LimitDiffRow {
  plan: string;
  modelClass: string;
  dimension: LimitDimension;
  window: LimitWindow;
  before: number | null;
  after: number | null;
  change: LimitChange;
  /** after ÷ before, when both exist and before is not 0. */
  ratio: number | null;
}

export interface PeakDiffRow {
  plan: string;
  modelClass: string;
  before: PeakReduction | null;
  after: PeakReduction | null;
  change: "added" | "removed" | "changed" | "unchanged";
}

export interface LimitDiff {
  rows: LimitDiffRow[];
  peaks: PeakDiffRow[];
}

const rowKey = (plan: string, modelClass: string, dimension: string, window: string) =>
  `${plan}\u0000${modelClass}\u0000${dimension}\u0000${window}`;

/** The diff from `before` (the set in force, or nothing) to `after`, rows in `after`'s order then removed ones. */
export function diffLimits(before: readonly PlanModelLimits[], after: readonly PlanModelLimits[]): LimitDiff {
  const old = new Map<string, { entry: PlanModelLimits; limit: DimensionLimit }>();
  for (const entry of before)
    for (const l of entry.limits)
      old.set(rowKey(entry.plan, entry.modelClass, l.dimension, l.window), { entry, limit: l });
  const rows: LimitDiffRow[] = [];
  for (const entry of after)
    for (const l of entry.limits) {
      const k = rowKey(entry.plan, entry.modelClass, l.dimension, l.window);
      const was = old.get(k);
      old.delete(k);
      rows.push(row(entry, l.dimension, l.window, was?.limit.limit ?? null, l.limit));
    }
  for (const { entry, limit } of old.values())
    rows.push(row(entry, limit.dimension, limit.window, limit.limit, null));
  return { rows, peaks: diffPeaks(before, after) };
}

function row(
  entry: Pick<PlanModelLimits, "plan" | "modelClass">,
  dimension: LimitDimension,
  window: LimitWindow,
  before: number | null,
  after: number | null,
): LimitDiffRow {
  const change: LimitChange =
    before === null
      ? "added"
      : after === null
        ? "removed"
        : after > before
          ? "raised"
          : after < before
            ? "lowered"
            : "unchanged";
  const ratio = before !== null && after !== null && before !== 0 ? after / before : null;
  return { plan: entry.plan, modelClass: entry.modelClass, dimension, window, before, after, change, ratio };
}

function diffPeaks(before: readonly PlanModelLimits[], after: readonly PlanModelLimits[]): PeakDiffRow[] {
  const k = (e: PlanModelLimits) => `${e.plan}\u0000${e.modelClass}`;
  const old = new Map(before.map((e) => [k(e), e]));
  const rows: PeakDiffRow[] = [];
  const seen = new Set<string>();
  for (const entry of after) {
    seen.add(k(entry));
    const was = old.get(k(entry))?.peak ?? null;
    const now = entry.peak ?? null;
    if (!was && !now) continue;
    const change = !was ? "added" : !now ? "removed" : samePeak(was, now) ? "unchanged" : "changed";
    rows.push({ plan: entry.plan, modelClass: entry.modelClass, before: was, after: now, change });
  }
  for (const entry of before)
    if (!seen.has(k(entry)) && entry.peak)
      rows.push({
        plan: entry.plan,
        modelClass: entry.modelClass,
        before: entry.peak,
        after: null,
        change: "removed",
      });
  return rows;
}

function samePeak(a: PeakReduction, b: PeakReduction): boolean {
  return (
    a.factor === b.factor &&
    a.hoursUtc.length === b.hoursUtc.length &&
    a.hoursUtc.every((h, i) => b.hoursUtc[i] === h)
  );
}
