/** The spare pool: healthy nodes held back in every block for replacing failed leased nodes, never leased. */
import type { FleetIndex } from "./fleet-index.js";
import { at, HEALTHY, HOUSE, SPARE } from "./node-codes.js";
import { descendantsAt } from "./topology-domains.js";

/**
 * Spare nodes per block: the larger of a fixed count and a fraction of the block's full nodes
 * (rounded up). A block with fewer eligible nodes keeps what it has.
 */
export interface SparePolicy {
  nodesPerBlock?: number;
  /** 0..1, e.g. 0.02 keeps 11 of a 512-node block. */
  fractionOfBlock?: number;
}

/** One rack's worth (8 nodes) in every block: 1.6% of a 512-node H100 block. */
export const DEFAULT_SPARE_POLICY: SparePolicy = { nodesPerBlock: 8 };

/** The spare target of every domain: non-zero only at the block level. */
export function spareTargets(index: FleetIndex, policy: SparePolicy): Int32Array {
  const { domains, models } = index;
  const targets = new Int32Array(domains.count);
  const fixed = Math.max(0, Math.floor(policy.nodesPerBlock ?? 0));
  const fraction = Math.min(1, Math.max(0, policy.fractionOfBlock ?? 0));
  const end = at(domains.levelStart, index.blockDepth + 1);
  for (let b = at(domains.levelStart, index.blockDepth); b < end; b++) {
    let full = 0;
    for (let m = 0; m < models.length; m++) full += at(index.capacity, b * models.length + m);
    targets[b] = Math.min(full, Math.max(fixed, Math.ceil(fraction * full)));
  }
  return targets;
}

/**
 * Marks spares in `owner` (before any counter is built): in each block, the last eligible node of
 * evenly spaced racks, round after round, so a failure finds a spare in its own rack as often as
 * possible; then any eligible node of the block. Eligible: healthy, full, owned by the house.
 */
export function reserveSpares(
  index: FleetIndex,
  targets: Int32Array,
  state: Uint8Array,
  owner: Int32Array,
): void {
  const { domains } = index;
  const eligible = (i: number) => owner[i] === HOUSE && state[i] === HEALTHY && index.nodeFull[i] === 1;
  const lastEligible = (from: number, to: number) => {
    for (let i = to - 1; i >= from; i--) if (eligible(i)) return i;
    return -1;
  };
  const end = at(domains.levelStart, index.blockDepth + 1);
  for (let b = at(domains.levelStart, index.blockDepth); b < end; b++) {
    const target = at(targets, b);
    const [firstLeaf, endLeaf] = descendantsAt(domains, b, domains.depth);
    const racks = endLeaf - firstLeaf;
    let picked = 0;
    let progress = true;
    while (picked < target && progress && racks > 0) {
      progress = false;
      const count = Math.min(racks, target - picked);
      for (let j = 0; j < count; j++) {
        const rack = firstLeaf + Math.floor((j * racks) / count);
        const node = lastEligible(at(domains.start, rack), at(domains.end, rack));
        if (node < 0) continue;
        owner[node] = SPARE;
        picked++;
        progress = true;
      }
    }
    for (let i = at(domains.end, b) - 1; picked < target && i >= at(domains.start, b); i--) {
      if (!eligible(i)) continue;
      owner[i] = SPARE;
      picked++;
    }
  }
}
