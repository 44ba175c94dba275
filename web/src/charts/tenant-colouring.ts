/**
 * Colouring the site map by who holds each rack: the owner's house work, the spare pool, nodes out
 * of service, or a lease (one colour per lease, by tenant). A rack takes its dominant holder.
 * @module
 */
import type { AllocationMap, RackCell } from "../../../src/contract/generated/api.js";
import { formatCount } from "../format.js";
import { HOLDER_STYLES, leaseColours } from "../lease-styles.js";
import { holderRank } from "./node-holders.js";
import type { ColourCategory, RackColouring } from "./rack-colouring.js";

export const TENANT_COLOURING_ID = "tenant";

const FIXED = ["house", "spare", "out"] as const;

/** The holder with the most nodes in a rack. */
function dominant(holders: Record<string, number>): string {
  let best = "house";
  let most = -1;
  for (const [holder, nodes] of Object.entries(holders)) {
    if (nodes > most || (nodes === most && holderRank(holder) > holderRank(best))) {
      best = holder;
      most = nodes;
    }
  }
  return best;
}

export function tenantColouring(map: AllocationMap): RackColouring {
  const byPath = new Map(map.racks.map((r) => [r.path, r.holders]));
  const colours = leaseColours(map.leases);
  const leases = [...map.leases].sort((a, b) => b.nodes - a.nodes);
  const leaseCategories: ColourCategory[] = leases.map((lease) => ({
    key: lease.leaseId,
    label: lease.name ?? lease.leaseId,
    colour: colours.get(lease.leaseId) ?? "#6a3fc8",
    description: `Lease ${lease.name ?? lease.leaseId} of ${lease.tenantName ?? lease.tenantId}`,
    detail: `${lease.tenantName ?? lease.tenantId} · ${formatCount(lease.nodes)} nodes`,
  }));
  const nodesOf = (holder: string) => map.racks.reduce((n, r) => n + (r.holders[holder] ?? 0), 0);
  const categories: ColourCategory[] = [
    ...leaseCategories,
    ...FIXED.map((key) => ({ key, ...HOLDER_STYLES[key], detail: `${formatCount(nodesOf(key))} nodes` })),
  ];
  const known = new Set(categories.map((c) => c.key));
  return {
    id: TENANT_COLOURING_ID,
    label: "Tenant / lease",
    categories,
    categoryOf(rack: RackCell) {
      const holders = byPath.get(rack.path);
      const holder = holders ? dominant(holders) : "house";
      return known.has(holder) ? holder : "house";
    },
  };
}
