/**
 * A lease's charges by month, as `contractSchedule` (leasing/contract-value.ts) computes them, to
 * the micro — the same cuts, the same fractions, the same rounding — but on epoch milliseconds
 * parsed once per lease instead of ISO strings at every cut, so a portfolio of thousands of leases
 * is summed in milliseconds. A property test holds the two equal.
 * @module
 */
import type { LeaseTerms } from "../leasing/lease.js";

const HOUR_MS = 3_600_000n;
const MICROS_PER_CENT = 10_000n;

function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** Months since 1970-01 of an instant. */
function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

const monthStartMs = (index: number) => Date.UTC(Math.floor(index / 12), index % 12, 1);

export interface MonthChargeAt {
  /** Months since 1970-01 (UTC). */
  monthIndex: number;
  micros: bigint;
  gpuHours: bigint;
}

/** The lease's charges per month over [first tranche, endsAt). */
export function monthCharges(terms: LeaseTerms): MonthChargeAt[] {
  const tranches = terms.tranches.map((t) => ({ at: Date.parse(t.startsAt), gpus: t.gpusByLine }));
  if (tranches.length === 0) return [];
  const start = Math.min(...tranches.map((t) => t.at));
  const end = Date.parse(terms.endsAt);
  if (!(start < end)) return [];
  const discounts = terms.rampDiscounts.map((d) => ({
    from: Date.parse(d.from),
    until: Date.parse(d.until),
    bps: d.discountBps,
  }));
  const cuts = new Set<number>([start, end]);
  for (const t of tranches) cuts.add(t.at);
  for (const d of discounts) {
    cuts.add(d.from);
    cuts.add(d.until);
  }
  const first = monthIndex(start);
  const last = monthIndex(end);
  for (let m = first + 1; m <= last; m++) {
    const at = monthStartMs(m);
    if (at < end) cuts.add(at);
  }
  const points = [...cuts].filter((x) => x >= start && x <= end).sort((a, b) => a - b);
  const lines = terms.lines.map((l) => ({ key: l.key, price: l.price }));
  const months = new Map<number, { numerator: bigint; gpuHoursMs: bigint; coveredMs: bigint }>();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] ?? 0;
    const b = points[i + 1] ?? 0;
    const spanMs = BigInt(b - a);
    let bps = 0;
    for (const d of discounts) if (d.from <= a && a < d.until && d.bps > bps) bps = d.bps;
    const keep = BigInt(10_000 - bps);
    const index = monthIndex(a);
    const monthMs = BigInt(monthStartMs(index + 1) - monthStartMs(index));
    const entry = months.get(index) ?? { numerator: 0n, gpuHoursMs: 0n, coveredMs: 0n };
    entry.coveredMs += spanMs;
    for (const line of lines) {
      let due = 0;
      for (const t of tranches) if (t.at <= a) due += t.gpus[line.key] ?? 0;
      const gpus = BigInt(due);
      entry.gpuHoursMs += gpus * spanMs;
      if (line.price.kind === "per_gpu_hour")
        entry.numerator += line.price.microsPerGpuHour * gpus * spanMs * keep * monthMs;
      else if (gpus > 0n) entry.numerator += line.price.microsPerMonth * spanMs * keep * HOUR_MS;
    }
    months.set(index, entry);
  }
  const minimum = terms.commitment?.minimumMicrosPerMonth ?? 0n;
  return [...months.entries()].map(([index, e]) => {
    const monthMs = BigInt(monthStartMs(index + 1) - monthStartMs(index));
    const micros = roundDiv(e.numerator, HOUR_MS * monthMs * 10_000n * MICROS_PER_CENT) * MICROS_PER_CENT;
    const floor = roundDiv(minimum * e.coveredMs, monthMs * MICROS_PER_CENT) * MICROS_PER_CENT;
    return { monthIndex: index, micros: micros > floor ? micros : floor, gpuHours: e.gpuHoursMs / HOUR_MS };
  });
}
