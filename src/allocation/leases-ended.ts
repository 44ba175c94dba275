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
  const saved: LeaseSnapshot[] = [];
  for (const lease of leases) {
    const snapshot = takeOff(state, lease);
    if (snapshot) saved.push(snapshot);
  }
  try {
    return work();
  } finally {
    for (const snapshot of saved) restoreLease(state, snapshot);
  }
}

/**
 * Takes a lease off the site as if it had ended, returning what `restoreLease` needs to put it back
 * with the same nodes and requests; undefined when the lease is not on the site.
 */
export function takeOff(
  state: AllocationState,
  lease: Pick<Lease, "id" | "tenantId" | "isolation">,
): LeaseSnapshot | undefined {
  const { index } = state;
  const record = leaseOf(state, lease.id);
  if (!record) return undefined;
  const requestedGpusByModel: Record<string, number> = {};
  index.models.forEach((model, m) => {
    const nodes = at(record.requestedNodes, m);
    if (nodes > 0) requestedGpusByModel[model.name] = nodes * model.gpusPerNode;
  });
  const snapshot = {
    leaseId: lease.id,
    tenantId: lease.tenantId,
    isolation: lease.isolation,
    requestedGpusByModel,
    nodeIds: nodeIdsOf(index, record.nodes),
  };
  releaseLease(state, lease.id);
  return snapshot;
}
