/** The allocation map of a site: every rack's nodes counted by holder, and the leases that hold them. */
import type { AllocationState } from "./allocation-state.js";
import { at, SPARE, UNASSIGNED } from "./node-codes.js";
import { domainPath } from "./topology-domains.js";

export interface RackHolders {
  /** Racks in path order; holders are `house`, `spare`, `out` (failed or maintenance) or a lease id. */
  racks: Array<{ path: string; holders: Record<string, number> }>;
  /** Every lease on the site with its tenant and the nodes it holds. */
  leases: Array<{ leaseId: string; tenantId: string; nodes: number }>;
}

/** Who holds node `i`: `house`, `spare`, `out` (failed or maintenance) or a lease id. */
function holderOf(state: AllocationState, i: number): string {
  const owner = at(state.owner, i);
  if (owner >= 0) return state.leases[owner]?.leaseId ?? "house";
  if (owner === SPARE) return "spare";
  return owner === UNASSIGNED ? "out" : "house";
}

/**
 * Every node under the topology path `path` (a block, a rack, a hall) with its holder, in path
 * order; none when no domain has that path.
 */
export function nodeHolders(state: AllocationState, path: string): Array<{ name: string; holder: string }> {
  const { index } = state;
  const { domains } = index;
  const nodes: Array<{ name: string; holder: string }> = [];
  const last = at(domains.levelStart, domains.depth + 1);
  for (let leaf = at(domains.levelStart, domains.depth); leaf < last; leaf++) {
    const leafPath = domainPath(domains, leaf);
    if (leafPath !== path && !leafPath.startsWith(`${path}/`)) continue;
    for (let i = at(domains.start, leaf); i < at(domains.end, leaf); i++)
      nodes.push({ name: index.nodeNames[i] ?? String(i), holder: holderOf(state, i) });
  }
  return nodes;
}

export function rackHolders(state: AllocationState): RackHolders {
  const { index } = state;
  const racks = new Map<number, Record<string, number>>();
  for (let i = 0; i < index.nodeCount; i++) {
    const holder = holderOf(state, i);
    const leaf = at(index.domains.nodeLeaf, i);
    const holders = racks.get(leaf) ?? {};
    holders[holder] = (holders[holder] ?? 0) + 1;
    racks.set(leaf, holders);
  }
  return {
    racks: [...racks].map(([leaf, holders]) => ({ path: domainPath(index.domains, leaf), holders })),
    leases: state.leases.flatMap((r) =>
      r ? [{ leaseId: r.leaseId, tenantId: r.tenantId, nodes: r.nodes.length }] : [],
    ),
  };
}
