/** Giving recovered capacity back to the leases that run short of their tranches. */
import type { AllocationState } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import { refillLease } from "./node-events.js";

/**
 * Refills every short lease of the site as far as it allows (see `refillLease`), in lease slot
 * order, and names the nodes each one gained; leases that gained nothing are left out.
 */
export function refillShortLeases(state: AllocationState): Array<{ leaseId: string; nodeIds: string[] }> {
  const out: Array<{ leaseId: string; nodeIds: string[] }> = [];
  for (const record of state.leases) {
    if (!record) continue;
    const before = new Set(record.nodes);
    const result = refillLease(state, record.leaseId);
    if (!result.ok || result.addedNodes === 0) continue;
    const added = record.nodes.filter((n) => !before.has(n));
    out.push({ leaseId: record.leaseId, nodeIds: nodeIdsOf(state.index, added) });
  }
  return out;
}
