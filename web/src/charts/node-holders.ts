/**
 * Who holds the nodes of a rack or a block, as the server's allocation map says: a lease (named
 * `tenant/name`), the spare pool, the owner's house work, or out of service.
 * @module
 */
import type { AllocationMap } from "../../../src/contract/generated/api.js";
import { HOLDER_STYLES, leaseColours } from "../lease-styles.js";
import type { TipRow } from "./rack-colouring.js";

const FIXED = ["house", "spare", "out"] as const;

/** Ties go to a lease, then out of service, then spare, then house: what the eye should not miss. */
export function holderRank(holder: string): number {
  const fixed = FIXED.indexOf(holder as (typeof FIXED)[number]);
  return fixed < 0 ? 3 : fixed;
}

export interface NodeHolders {
  /** A holder key (`house`, `spare`, `out` or a lease id) as a label and a colour. */
  describe(holder: string): { label: string; colour: string };
  /** The rack's nodes by holder, leases first, then most nodes. */
  rackRows(rackPath: string): TipRow[];
  /** The same, summed over several racks (a block). */
  rowsOf(rackPaths: readonly string[]): TipRow[];
}

export function nodeHolders(map: AllocationMap): NodeHolders {
  const byPath = new Map(map.racks.map((r) => [r.path, r.holders]));
  const colours = leaseColours(map.leases);
  const leases = new Map(map.leases.map((l) => [l.leaseId, l]));
  const describe = (holder: string) => {
    const fixed = HOLDER_STYLES[holder as keyof typeof HOLDER_STYLES];
    if (fixed) return { label: fixed.label, colour: fixed.colour };
    const lease = leases.get(holder);
    return {
      label: lease ? `${lease.tenantName}/${lease.name}` : holder,
      colour: colours.get(holder) ?? HOLDER_STYLES.house.colour,
    };
  };
  const rowsOf = (paths: readonly string[]): TipRow[] => {
    const sums = new Map<string, number>();
    for (const path of paths)
      for (const [holder, nodes] of Object.entries(byPath.get(path) ?? {}))
        sums.set(holder, (sums.get(holder) ?? 0) + nodes);
    return [...sums]
      .filter(([, nodes]) => nodes > 0)
      .sort((a, b) => holderRank(b[0]) - holderRank(a[0]) || b[1] - a[1])
      .map(([holder, nodes]) => ({ ...describe(holder), value: nodes }));
  };
  return { describe, rowsOf, rackRows: (path) => rowsOf([path]) };
}
