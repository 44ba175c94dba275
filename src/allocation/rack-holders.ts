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

export function rackHolders(state: AllocationState): RackHolders {
  const { index } = state;
  const racks = new Map<number, Record<string, number>>();
  for (let i = 0; i < index.nodeCount; i++) {
    const owner = at(state.owner, i);
    const holder =
      owner >= 0
        ? (state.leases[owner]?.leaseId ?? "house")
        : owner === SPARE
          ? "spare"
          : owner === UNASSIGNED
            ? "out"
            : "house";
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
