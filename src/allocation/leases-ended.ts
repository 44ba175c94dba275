/**
 * The site as it will be once some leases have ended: they come off, a piece of work runs, and they
 * go back exactly, in one synchronous step (nothing else ever sees the state in between).
 * @module
 */
import type { Lease } from "../leasing/lease.js";
import { type AllocationState, leaseOf } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import { at } from "./node-codes.js";
import { releaseLease } from "./release-lease.js";
import { type LeaseSnapshot, restoreLease } from "./restore-lease.js";

/**
 * Runs `work` on the state as it will be once `leases` have ended: those on the site are taken off,
 * `work` runs, and they are put back with the same nodes and requests. Used to quote a start that
 * only fits after other leases end, and to place a lease on the fleet as it will be over its term.
 */
export function withLeasesEnded<T>(
  state: AllocationState,
  leases: readonly Pick<Lease, "id" | "tenantId" | "isolation">[],
  work: () => T,
): T {
  const { index } = state;
  const saved: LeaseSnapshot[] = [];
  for (const lease of leases) {
    const record = leaseOf(state, lease.id);
    if (!record) continue;
    const requestedGpusByModel: Record<string, number> = {};
    index.models.forEach((model, m) => {
      const nodes = at(record.requestedNodes, m);
      if (nodes > 0) requestedGpusByModel[model.name] = nodes * model.gpusPerNode;
    });
    saved.push({
      leaseId: lease.id,
      tenantId: lease.tenantId,
      isolation: lease.isolation,
      requestedGpusByModel,
      nodeIds: nodeIdsOf(index, record.nodes),
    });
    releaseLease(state, lease.id);
  }
  try {
    return work();
  } finally {
    for (const snapshot of saved) restoreLease(state, snapshot);
  }
}
