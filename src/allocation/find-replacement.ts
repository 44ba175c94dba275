/** Finding a replacement node for a lease near a given node: same rack, then block, hall and site. */
import type { AllocationState, LeaseRecord } from "./allocation-state.js";
import { isBlocked } from "./isolation.js";
import { at, HEALTHY, HOUSE, SPARE } from "./node-codes.js";
import { ancestorAt } from "./topology-domains.js";

export type ReplacementSource = "spare" | "house";

export interface Replacement {
  node: number;
  /** Level of the smallest domain holding both the replaced node and its replacement (rack … site). */
  level: number;
  source: ReplacementSource;
}

/**
 * The closest node of model `m` the lease may take, searching outward from leaf domain `fromLeaf`
 * (rack, block, hall, site; `fromLeaf` may be any domain). At each level a spare is preferred to a house node, but a house node
 * in the same block beats a spare in another hall: keeping a tenant's job inside its fabric matters
 * more than sparing the house, whose work is preemptible by design. Domains another tenant's
 * isolation forbids are pruned. Undefined when nothing in the site fits.
 */
export function findReplacement(
  state: AllocationState,
  lease: LeaseRecord,
  fromLeaf: number,
  m: number,
): Replacement | undefined {
  const { domains } = state.index;
  let searched = -1;
  for (let level = domains.depth; level >= 0; level--) {
    const domain = ancestorAt(domains, fromLeaf, level);
    if (domain === searched || chainBlocked(state, lease, domain)) continue;
    searched = domain;
    for (const source of ["spare", "house"] as const) {
      const node = search(state, lease, domain, m, source);
      if (node >= 0) return { node, level, source };
    }
  }
  return undefined;
}

function chainBlocked(state: AllocationState, lease: LeaseRecord, domain: number): boolean {
  for (let d = domain; d >= 0; d = at(state.index.domains.parent, d)) {
    if (isBlocked(state, d, lease.tenant, lease.isolationLevel)) return true;
  }
  return false;
}

/** Depth-first, in path order, skipping domains with no candidate of the source or blocked for the lease. */
function search(
  state: AllocationState,
  lease: LeaseRecord,
  d: number,
  m: number,
  source: "spare" | "house",
): number {
  const { domains, models } = state.index;
  const counter = source === "spare" ? state.spare : state.free;
  if (at(counter, d * models.length + m) === 0) return -1;
  if (isBlocked(state, d, lease.tenant, lease.isolationLevel)) return -1;
  if (at(domains.level, d) === domains.depth) {
    const { owner, nodeState } = state;
    const { nodeModel, nodeFull } = state.index;
    for (let i = at(domains.start, d); i < at(domains.end, d); i++) {
      if (nodeModel[i] !== m) continue;
      if (
        source === "spare"
          ? owner[i] === SPARE
          : owner[i] === HOUSE && nodeState[i] === HEALTHY && nodeFull[i] === 1
      ) {
        return i;
      }
    }
    return -1;
  }
  for (let c = at(domains.childStart, d); c < at(domains.childEnd, d); c++) {
    const found = search(state, lease, c, m, source);
    if (found >= 0) return found;
  }
  return -1;
}
