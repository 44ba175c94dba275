/**
 * What a lease is worth, month by month, if delivered in full: per-GPU-hour lines priced on the
 * GPUs due at each moment, monthly fees prorated by the time the line runs in the month, ramp
 * discounts applied to the time they cover, and the commitment as a monthly floor (prorated in
 * partial months). Each month's charge is rounded once, half up, to the cent, so the months add up
 * to the contract's value exactly as an invoice would show them.
 * @module
 */
import type { LeaseTerms } from "./lease.js";
import { gpusDueAt, leaseStartsAt } from "./lease.js";

const HOUR_MS = 3_600_000n;
const MICROS_PER_CENT = 10_000n;

export interface MonthCharge {
  /** `YYYY-MM` (UTC). */
  month: string;
  micros: bigint;
  /** GPU-hours due in the month (full delivery), summed over lines. */
  gpuHours: bigint;
}

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Rounds a non-negative rational n/d to the nearest integer, halves up. */
function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** The discount (bps) in force at `at`; overlapping discounts take the largest. */
function discountAt(terms: Pick<LeaseTerms, "rampDiscounts">, at: string): number {
  let bps = 0;
  for (const d of terms.rampDiscounts)
    if (d.from <= at && at < d.until && d.discountBps > bps) bps = d.discountBps;
  return bps;
}

/** The monthly schedule of a lease's charges over [first tranche, endsAt). */
export function contractSchedule(terms: LeaseTerms): MonthCharge[] {
  const start = Date.parse(leaseStartsAt(terms));
  const end = Date.parse(terms.endsAt);
  if (!(start < end)) return [];
  // Every instant where the charge rate can change.
  const cuts = new Set<number>([start, end]);
  for (const t of terms.tranches) cuts.add(Date.parse(t.startsAt));
  for (const d of terms.rampDiscounts) {
    cuts.add(Date.parse(d.from));
    cuts.add(Date.parse(d.until));
  }
  for (let m = nextMonth(start); m < end; m = nextMonth(m)) cuts.add(m);
  const points = [...cuts].filter((x) => x >= start && x <= end).sort((a, b) => a - b);

  const months = new Map<string, { numerator: bigint; gpuHoursMs: bigint; coveredMs: bigint }>();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] ?? 0;
    const b = points[i + 1] ?? 0;
    const spanMs = BigInt(b - a);
    const at = new Date(a).toISOString();
    const due = gpusDueAt(terms, at);
    const keep = BigInt(10_000 - discountAt(terms, at));
    const monthMs = BigInt(nextMonth(a) - monthStart(a));
    const key = at.slice(0, 7);
    const entry = months.get(key) ?? { numerator: 0n, gpuHoursMs: 0n, coveredMs: 0n };
    entry.coveredMs += spanMs;
    for (const line of terms.lines) {
      const gpus = BigInt(due.get(line.key) ?? 0);
      entry.gpuHoursMs += gpus * spanMs;
      if (line.price.kind === "per_gpu_hour") {
        // micros = price × gpus × hours × keep/10000, kept as a fraction over HOUR_MS × monthMs × 10000.
        entry.numerator += line.price.microsPerGpuHour * gpus * spanMs * keep * monthMs;
      } else if (gpus > 0n) {
        entry.numerator += line.price.microsPerMonth * spanMs * keep * HOUR_MS;
      }
    }
    months.set(key, entry);
  }
  const minimum = terms.commitment?.minimumMicrosPerMonth ?? 0n;
  return [...months.entries()].map(([month, e]) => {
    const first = Date.parse(`${month}-01T00:00:00.000Z`);
    const monthMs = BigInt(nextMonth(first) - first);
    const micros = roundDiv(e.numerator, HOUR_MS * monthMs * 10_000n * MICROS_PER_CENT) * MICROS_PER_CENT;
    // The take-or-pay floor is prorated for the part of the month the lease runs.
    const floor = roundDiv(minimum * e.coveredMs, monthMs * MICROS_PER_CENT) * MICROS_PER_CENT;
    return { month, micros: micros > floor ? micros : floor, gpuHours: e.gpuHoursMs / HOUR_MS };
  });
}

/** The whole term's value in micros. */
export function contractValue(terms: LeaseTerms): bigint {
  return contractSchedule(terms).reduce((sum, m) => sum + m.micros, 0n);
}

/** Hours in the longest calendar month (31 days). */
const LONGEST_MONTH_HOURS = 744n;

/**
 * The most one calendar month of the lease is worth at full delivery and list price (no ramp
 * discount, no commitment): per-GPU-hour lines over a 31-day month plus every monthly fee. A
 * take-or-pay minimum above this is more than the tenant could ever be charged for the GPUs.
 */
export function fullMonthlyValue(lines: LeaseTerms["lines"]): bigint {
  return lines.reduce(
    (sum, l) =>
      sum +
      (l.price.kind === "per_gpu_hour"
        ? l.price.microsPerGpuHour * BigInt(l.gpuCount) * LONGEST_MONTH_HOURS
        : l.price.microsPerMonth),
    0n,
  );
}
