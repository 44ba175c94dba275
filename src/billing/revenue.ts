/**
 * Billed against recognised revenue, month by month. A lease whose lines are all fixed monthly
 * fees is an operating lease with fixed consideration (ASC 842 / IFRS 16): the whole term's
 * contracted fees, ramp discounts included, are recognised straight-line over the term, by time,
 * while billing follows the ramp; what billing adds beyond the contract (SLA credits, power,
 * corrections) is recognised in its month. A usage-priced lease recognises what it bills. The
 * running difference is accrued revenue (recognised before billed, > 0) or deferred revenue (< 0).
 * @module
 */
import { contractSchedule } from "../leasing/contract-value.js";
import type { LeaseTerms } from "../leasing/lease.js";
import { leaseStartsAt } from "../leasing/lease.js";
import { monthPeriod, periodEndMs } from "../metering/usage-period.js";
import { roundToCents } from "./cents.js";

export interface RevenueMonth {
  month: string;
  billedMicros: bigint;
  /** `issued` when the month's documents are issued, else `scheduled` (the contract's amount). */
  billedFrom: "issued" | "scheduled";
  recognisedMicros: bigint;
  /** Σ recognised − Σ billed up to and including this month: > 0 accrued, < 0 deferred. */
  balanceMicros: bigint;
}

export type RecognitionMethod = "straight_line" | "as_billed";

/** Whether the lease recognises straight-line (every line a fixed monthly fee). */
export function recognitionMethod(terms: Pick<LeaseTerms, "lines">): RecognitionMethod {
  return terms.lines.every((l) => l.price.kind === "monthly_fee") ? "straight_line" : "as_billed";
}

/**
 * The lease's months from its start to its end. `issuedByMonth` holds the net total of each
 * month's issued documents (invoice plus notes).
 */
export function revenueSchedule(
  terms: LeaseTerms,
  issuedByMonth: ReadonlyMap<string, bigint>,
): { method: RecognitionMethod; months: RevenueMonth[] } {
  const method = recognitionMethod(terms);
  const schedule = contractSchedule(terms);
  const startMs = Date.parse(leaseStartsAt(terms));
  const endMs = Date.parse(terms.endsAt);
  const termMs = BigInt(Math.max(1, endMs - startMs));
  const consideration = schedule.reduce((s, m) => s + m.micros, 0n);
  const months: RevenueMonth[] = [];
  let recognisedSoFar = 0n;
  let balance = 0n;
  let elapsedMs = 0n;
  for (const [i, m] of schedule.entries()) {
    const issued = issuedByMonth.get(m.month);
    const billed = issued ?? m.micros;
    let recognised: bigint;
    if (method === "straight_line") {
      const p = monthPeriod(m.month);
      elapsedMs += BigInt(Math.max(0, Math.min(endMs, periodEndMs(p)) - Math.max(startMs, p.startMs)));
      // Cumulative rounding: the months add up to the consideration exactly, the last takes the rest.
      const upTo =
        i === schedule.length - 1 ? consideration : roundToCents(consideration * elapsedMs, termMs);
      recognised = upTo - recognisedSoFar + (issued === undefined ? 0n : issued - m.micros);
      recognisedSoFar = upTo;
    } else recognised = billed;
    balance += recognised - billed;
    months.push({
      month: m.month,
      billedMicros: billed,
      billedFrom: issued === undefined ? "scheduled" : "issued",
      recognisedMicros: recognised,
      balanceMicros: balance,
    });
  }
  return { method, months };
}
