/** Ending a lease on a site: its nodes go back to the house and its committed power is freed. */
import { type AllocationState, leaseOf } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import { at } from "./node-codes.js";
import { moveNodesInBulk } from "./node-ownership.js";
import { topUpSparesAround } from "./spare-refill.js";

export type ReleaseResult =
  | { ok: true; leaseId: string; releasedNodes: number; releasedGpus: number; releasedMw: number }
  | { ok: false; reason: "LEASE_NOT_FOUND"; message: string };

/** Returns every node of the lease to the house (they are healthy by invariant) and forgets the lease. */
export function releaseLease(state: AllocationState, leaseId: string): ReleaseResult {
  const slot = state.leaseSlots.get(leaseId);
  const lease = slot === undefined ? undefined : state.leases[slot];
  if (slot === undefined || !lease) {
    return {
      ok: false,
      reason: "LEASE_NOT_FOUND",
      message: `no lease ${leaseId} on site ${state.index.siteName}`,
    };
  }
  const { index } = state;
  const releasedNodes = lease.nodes.length;
  let releasedGpus = 0;
  const buffer = new Int32Array(releasedNodes);
  index.models.forEach((_, m) => {
    if (at(lease.heldNodes, m) === 0) return;
    let length = 0;
    for (const i of lease.nodes) {
      if (at(index.nodeModel, i) !== m) continue;
      buffer[length++] = i;
      releasedGpus += at(index.nodeGpus, i);
    }
    moveNodesInBulk(state, buffer, length, slot, -1);
  });
  lease.nodes.length = 0;
  state.committedKw = Math.max(0, state.committedKw - lease.committedKw);
  state.leases[slot] = undefined;
  state.leaseSlots.delete(leaseId);
  state.freeSlots.push(slot);
  return { ok: true, leaseId, releasedNodes, releasedGpus, releasedMw: lease.committedKw / 1000 };
}

/**
 * Ends a lease on the site (see `releaseLease`), tops up the spare pools of the blocks it held
 * from the nodes it gave back, and gives the ids of the nodes it held; none when it holds nothing here.
 */
export function releaseLeaseNodes(state: AllocationState, leaseId: string): string[] {
  const record = leaseOf(state, leaseId);
  if (!record) return [];
  const nodes = [...record.nodes];
  const nodeIds = nodeIdsOf(state.index, nodes);
  releaseLease(state, leaseId);
  topUpSparesAround(state, nodes);
  return nodeIds;
}
