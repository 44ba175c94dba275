/**
 * SLA credits from measured availability: a lease's tiers say "below X% availability in a month,
 * Y% of the month's fee back". The tier that applies is the most severe one the month fell under.
 * @module
 */
import type { Sla, SlaCreditTier } from "../leasing/lease.js";

/** The tier earned at `availabilityBps`, or null when availability met every threshold. */
export function earnedTier(sla: Sla | null, availabilityBps: number): SlaCreditTier | null {
  if (!sla) return null;
  let earned: SlaCreditTier | null = null;
  for (const tier of sla.creditTiers) {
    if (availabilityBps >= tier.belowBps) continue;
    if (!earned || tier.belowBps < earned.belowBps) earned = tier;
  }
  return earned;
}

/** Basis points as a percentage for people: 9,990 → "99.90%". */
export function bpsText(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}
