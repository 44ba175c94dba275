/**
 * Rebuilding a lease's hold from what was persisted: the exact nodes it held and the GPUs its
 * placed tranches asked for, so a restarted server continues from the same allocation rather than
 * re-planning it.
 * @module
 */
import { type AllocationState, tenantCode } from "./allocation-state.js";
import { modelCodeOf, nodeIndexOf } from "./fleet-index.js";
import { type Isolation, isolationLevel } from "./isolation.js";
import { at, HEALTHY, HOUSE, SPARE } from "./node-codes.js";
import { moveNode } from "./node-ownership.js";
import { leaseFor } from "./place-tranche.js";
import { nodesKw } from "./power.js";

export interface LeaseSnapshot {
  leaseId: string;
  tenantId: string;
  isolation: Isolation;
  /** GPUs its placed tranches asked for, per model. */
  requestedGpusByModel: Readonly<Record<string, number>>;
  /** The nodes it holds now (ids). */
  nodeIds: readonly string[];
}

export interface RestoreResult {
  leaseId: string;
  /** Nodes taken back into the lease. */
  restoredNodes: number;
  /** Persisted nodes that are no longer healthy house or spare nodes here (unknown, failed, taken). */
  skippedNodeIds: string[];
}

/** Puts a persisted lease back on the state: its record, requested GPUs and committed power, and its nodes. */
export function restoreLease(state: AllocationState, snapshot: LeaseSnapshot): RestoreResult {
  const { index } = state;
  const tenant = tenantCode(state, snapshot.tenantId);
  const { slot, record } = leaseFor(
    state,
    snapshot,
    { isolationLevel: isolationLevel(index, snapshot.isolation) },
    tenant,
  );
  for (const [model, gpus] of Object.entries(snapshot.requestedGpusByModel)) {
    const m = modelCodeOf(index, model);
    const perNode = m === undefined ? undefined : index.models[m]?.gpusPerNode;
    if (m === undefined || !perNode) continue;
    const nodes = Math.ceil(gpus / perNode);
    record.requestedNodes[m] = at(record.requestedNodes, m) + nodes;
    const kw = nodesKw(index, m, nodes);
    record.committedKw += kw;
    state.committedKw += kw;
  }
  const skippedNodeIds: string[] = [];
  let restoredNodes = 0;
  for (const id of snapshot.nodeIds) {
    const i = nodeIndexOf(index, id);
    const owner = i === undefined ? undefined : at(state.owner, i);
    if (i === undefined || (owner !== HOUSE && owner !== SPARE) || at(state.nodeState, i) !== HEALTHY) {
      skippedNodeIds.push(id);
      continue;
    }
    moveNode(state, i, slot, HEALTHY);
    restoredNodes++;
  }
  return { leaseId: snapshot.leaseId, restoredNodes, skippedNodeIds };
}

/**
 * The snapshots of stored leases: each lease's placed tranche lines summed per model (what it
 * asked for) and the nodes it holds. Leases with nothing placed yet are left out: they are not on
 * the fleet.
 */
export function leaseSnapshots(
  leases: readonly { id: string; tenantId: string; isolation: Isolation }[],
  placed: readonly { leaseId: string; gpuModel: string; gpus: number }[],
  held: ReadonlyMap<string, readonly string[]>,
): LeaseSnapshot[] {
  const out: LeaseSnapshot[] = [];
  for (const lease of leases) {
    const requested: Record<string, number> = {};
    for (const p of placed)
      if (p.leaseId === lease.id) requested[p.gpuModel] = (requested[p.gpuModel] ?? 0) + p.gpus;
    if (Object.keys(requested).length === 0) continue;
    out.push({
      leaseId: lease.id,
      tenantId: lease.tenantId,
      isolation: lease.isolation,
      requestedGpusByModel: requested,
      nodeIds: held.get(lease.id) ?? [],
    });
  }
  return out;
}
