/**
 * What isolation keeps from one tenant: the free nodes of a model that sit in domains another
 * tenant's lease holds (at the coarser of the two isolation levels), and which leases those are.
 * @module
 */
import type { AllocationState } from "./allocation-state.js";
import { computeAvailable } from "./available-capacity.js";
import { at } from "./node-codes.js";

/** A lease of another tenant and the free nodes (of the model asked) in the domains it keeps from the tenant. */
export interface IsolationBlocker {
  leaseId: string;
  tenantId: string;
  freeNodes: number;
}

export interface IsolationView {
  /** Free nodes of the model the tenant may take under its isolation level. */
  availableNodes: number;
  /** Free nodes of the model on the site (healthy full house nodes, spares excluded). */
  freeNodes: number;
  /** Free nodes no placement for this tenant may use: `freeNodes - availableNodes`. */
  blockedNodes: number;
  /** The leases that block them, most blocked nodes first; a node in a domain two leases share counts for both. */
  blockers: IsolationBlocker[];
}

/**
 * The tenant's code in `state` without assigning one: a tenant the site has never seen gets a code
 * no lease holds, so it counts as a tenant of its own.
 */
export function tenantCodeOrNew(state: AllocationState, tenantId: string | undefined): number {
  const known = tenantId === undefined ? undefined : state.tenants.get(tenantId);
  if (known !== undefined) return known;
  let next = 0;
  for (const code of state.tenants.values()) next = Math.max(next, code + 1);
  return next;
}

/**
 * What isolation keeps from tenant `tenant` (a code from `tenantCodeOrNew`) at isolation level
 * `level` for model `m`. One pass over the domains, then one walk up from each node of the other
 * tenants' leases, only when something is blocked.
 */
export function isolationView(
  state: AllocationState,
  tenant: number,
  level: number,
  m: number,
): IsolationView {
  const { domains } = state.index;
  const models = state.index.models.length;
  const available = at(computeAvailable(state, tenant, level, m), 0);
  const freeNodes = at(state.free, m);
  const blockedNodes = freeNodes - available;
  if (blockedNodes === 0) return { availableNodes: available, freeNodes, blockedNodes, blockers: [] };
  // A blocking root: a blocked domain whose parent is not; its free nodes are the ones kept away.
  const { blocked } = state.scratch;
  const isRoot = (d: number) => {
    const parent = at(domains.parent, d);
    return at(blocked, d) === 1 && (parent < 0 || at(blocked, parent) === 0);
  };
  const byLease = new Map<number, Set<number>>();
  state.leases.forEach((record, slot) => {
    if (!record || record.tenant === tenant) return;
    const roots = new Set<number>();
    for (const node of record.nodes) {
      for (let d = at(domains.nodeLeaf, node); d >= 0; d = at(domains.parent, d)) {
        if (!isRoot(d)) continue;
        roots.add(d);
        break;
      }
    }
    if (roots.size > 0) byLease.set(slot, roots);
  });
  const blockers: IsolationBlocker[] = [];
  for (const [slot, roots] of byLease) {
    const record = state.leases[slot];
    if (!record) continue;
    let nodes = 0;
    for (const d of roots) nodes += at(state.free, d * models + m);
    if (nodes > 0) blockers.push({ leaseId: record.leaseId, tenantId: record.tenantId, freeNodes: nodes });
  }
  blockers.sort((a, b) => b.freeNodes - a.freeNodes || a.leaseId.localeCompare(b.leaseId));
  return { availableNodes: available, freeNodes, blockedNodes, blockers };
}
