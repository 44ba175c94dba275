/**
 * A metering period: whole UTC hours from `startMs` for `hours`, the unit delivered GPU-hours are
 * bucketed by. A billing month is one (`monthPeriod("2026-12")`).
 * @module
 */

export const HOUR_MS = 3_600_000;

export interface UsagePeriod {
  /** Start, ms since the epoch, on a whole UTC hour. */
  startMs: number;
  hours: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for `YYYY-MM` with a real month. */
export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The UTC calendar month `YYYY-MM` as a period of its hours. */
export function monthPeriod(month: string): UsagePeriod {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`month must be YYYY-MM (got "${month}")`);
  const startMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  const endMs = Date.UTC(Number(m[1]), Number(m[2]), 1);
  return { startMs, hours: (endMs - startMs) / HOUR_MS };
}

/** The period's end (exclusive), ms. */
export function periodEndMs(p: UsagePeriod): number {
  return p.startMs + p.hours * HOUR_MS;
}

/** The month `YYYY-MM` an instant falls in (UTC). */
export function monthOf(at: string | number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/**
 * Adds `weight` for every millisecond of [fromMs, untilMs) into the hour buckets of `period`
 * (the span is clipped to the period): bucket h gets weight × (ms of the span inside hour h).
 */
export function spreadOverHours(
  buckets: Float64Array,
  period: UsagePeriod,
  fromMs: number,
  untilMs: number,
  weight: number,
): void {
  const from = Math.max(fromMs, period.startMs);
  const until = Math.min(untilMs, periodEndMs(period));
  if (!(from < until)) return;
  let h = Math.floor((from - period.startMs) / HOUR_MS);
  let at = from;
  while (at < until) {
    const hourEnd = period.startMs + (h + 1) * HOUR_MS;
    const end = Math.min(hourEnd, until);
    buckets[h] = (buckets[h] ?? 0) + (end - at) * weight;
    at = end;
    h++;
  }
}

/**
 * Spreads many spans over hour buckets in O(1) each: partial hours at either end go straight into
 * the buckets, whole hours in between into a difference array that `finish` sums once. The same
 * result as `spreadOverHours` per span, without a loop over every hour of every span.
 */
export class HourSpreader {
  private readonly wholeHours: Float64Array;

  constructor(
    private readonly buckets: Float64Array,
    private readonly period: UsagePeriod,
  ) {
    this.wholeHours = new Float64Array(period.hours + 1);
  }

  add(fromMs: number, untilMs: number, weight: number): void {
    const { period, buckets } = this;
    const from = Math.max(fromMs, period.startMs);
    const until = Math.min(untilMs, periodEndMs(period));
    if (!(from < until)) return;
    const firstWhole = Math.ceil((from - period.startMs) / HOUR_MS);
    const endWhole = Math.floor((until - period.startMs) / HOUR_MS);
    if (firstWhole > endWhole) {
      // Inside one hour.
      const h = Math.floor((from - period.startMs) / HOUR_MS);
      buckets[h] = (buckets[h] ?? 0) + (until - from) * weight;
      return;
    }
    const head = period.startMs + firstWhole * HOUR_MS - from;
    if (head > 0) buckets[firstWhole - 1] = (buckets[firstWhole - 1] ?? 0) + head * weight;
    const tail = until - (period.startMs + endWhole * HOUR_MS);
    if (tail > 0) buckets[endWhole] = (buckets[endWhole] ?? 0) + tail * weight;
    if (endWhole > firstWhole) {
      this.wholeHours[firstWhole] = (this.wholeHours[firstWhole] ?? 0) + weight * HOUR_MS;
      this.wholeHours[endWhole] = (this.wholeHours[endWhole] ?? 0) - weight * HOUR_MS;
    }
  }

  /** Adds the whole hours into the buckets; call once, after the last `add`. */
  finish(): void {
    let running = 0;
    for (let h = 0; h < this.buckets.length; h++) {
      running += this.wholeHours[h] ?? 0;
      this.buckets[h] = (this.buckets[h] ?? 0) + running;
    }
  }
}
