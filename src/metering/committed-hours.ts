/**
 * Committed GPU-hours of a lease, hour by hour: what its tranches promise from their starts until
 * the lease ends (its end moves earlier on an early termination), by GPU model, in GPU-ms.
 * @module
 */
import { gpusDueAt, type LeaseTerms, leaseStartsAt } from "../leasing/lease.js";
import type { HourlyGpuMs } from "./delivered-hours.js";
import { periodEndMs, spreadOverHours, type UsagePeriod } from "./usage-period.js";

/** Committed GPU-ms per hour of `period`, by GPU model. */
export function committedByHour(
  terms: Pick<LeaseTerms, "lines" | "tranches" | "endsAt">,
  period: UsagePeriod,
  asOfMs = Number.POSITIVE_INFINITY,
): HourlyGpuMs {
  const byModel: HourlyGpuMs = new Map();
  for (const line of terms.lines)
    if (!byModel.has(line.gpuModel)) byModel.set(line.gpuModel, new Float64Array(period.hours));
  const start = Date.parse(leaseStartsAt(terms));
  const end = Math.min(Date.parse(terms.endsAt), periodEndMs(period), asOfMs);
  const cuts = [start, end, ...terms.tranches.map((t) => Date.parse(t.startsAt))]
    .filter((x) => x >= start && x <= end)
    .sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] ?? 0;
    const until = cuts[i + 1] ?? 0;
    if (!(from < until)) continue;
    const due = gpusDueAt(terms, new Date(from).toISOString());
    for (const line of terms.lines) {
      const gpus = due.get(line.key) ?? 0;
      const buckets = byModel.get(line.gpuModel);
      if (buckets && gpus > 0) spreadOverHours(buckets, period, from, until, gpus);
    }
  }
  return byModel;
}

/**
 * Availability in basis points of 100% (rounded down, so 99.995% reads 9,999 and never flatters
 * the landlord): delivered over committed GPU-time; 10,000 when nothing was committed.
 */
export function availabilityBps(deliveredGpuMs: number, committedGpuMs: number): number {
  if (committedGpuMs <= 0) return 10_000;
  const bps = Math.floor((Math.min(deliveredGpuMs, committedGpuMs) * 10_000) / committedGpuMs);
  return Math.max(0, Math.min(10_000, bps));
}
