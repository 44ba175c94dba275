/**
 * What a tenant holds at a moment, for its unit economics: the GPUs of its leases in this system
 * (a tranche in force from its start until its lease ends, as the leased-GPUs read model counts)
 * and the live GPUs of its portfolio's other deals, each with what it costs a year.
 * @module
 */
import { contractSchedule } from "../leasing/contract-value.js";
import { gpusDueAt, holdsCapacity, type Lease } from "../leasing/lease.js";
import { type Deal, fullCapacity } from "./deal.js";
import { liveShare } from "./deal-months.js";
import type { GpuHolding } from "./unit-economics.js";

/** GPUs by model of the leases holding capacity at `at`. */
export function leaseHoldings(leases: readonly Lease[], at: string): GpuHolding[] {
  const out: GpuHolding[] = [];
  for (const lease of leases) {
    if (!holdsCapacity(lease.status) || lease.endsAt <= at) continue;
    const due = gpusDueAt(lease, at);
    for (const line of lease.lines) {
      const gpus = due.get(line.key) ?? 0;
      if (gpus > 0) out.push({ chip: line.gpuModel, gpus, from: "lease" });
    }
  }
  return out;
}

/** What the leases holding capacity charge over the twelve months from `at`'s month, micros. */
export function annualLeaseSpend(leases: readonly Lease[], at: string): bigint {
  const first = at.slice(0, 7);
  const d = new Date(at);
  const end = new Date(Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), 1)).toISOString().slice(0, 7);
  let micros = 0n;
  for (const lease of leases) {
    if (!holdsCapacity(lease.status)) continue;
    for (const m of contractSchedule(lease)) if (m.month >= first && m.month < end) micros += m.micros;
  }
  return micros;
}

/** The live GPUs at `at` of the deals that do not stand for a lease (those are counted as leases). */
export function dealHoldings(deals: readonly Deal[], at: string): GpuHolding[] {
  const atMs = Date.parse(at);
  const out: GpuHolding[] = [];
  for (const deal of deals) {
    if (deal.leaseId !== null) continue;
    const gpus = Math.floor(fullCapacity(deal).gpus * liveShare(deal, atMs));
    if (gpus > 0) out.push({ chip: deal.chip, gpus, from: "deal" });
  }
  return out;
}

/**
 * A year of the committed spend of the deals live at `at` (spend × 12 / term months); deals
 * without a term or a spend, or standing for a lease, add nothing.
 */
export function annualDealSpend(deals: readonly Deal[], at: string): bigint {
  const atMs = Date.parse(at);
  let micros = 0n;
  for (const deal of deals) {
    if (deal.leaseId !== null || deal.termMonths === null || deal.committedSpendMicros === null) continue;
    if (liveShare(deal, atMs) === 0) continue;
    micros += (deal.committedSpendMicros * 12n) / BigInt(deal.termMonths);
  }
  return micros;
}
