/**
 * Keeping every block's spare pool at its target as nodes come and go: a spare that replaced a
 * failed leased node, or a lease that ended, leaves room that healthy house nodes of the same block
 * fill (nearest the block's end first, as the pool was first chosen).
 * @module
 */
import type { AllocationState } from "./allocation-state.js";
import { at, HEALTHY, HOUSE, SPARE } from "./node-codes.js";
import { moveNode } from "./node-ownership.js";
import { ancestorAt } from "./topology-domains.js";

/** The block holding `node`. */
export function blockOf(state: AllocationState, node: number): number {
  const { domains, blockDepth } = state.index;
  return ancestorAt(domains, at(domains.nodeLeaf, node), blockDepth);
}

function sparesIn(state: AllocationState, block: number): number {
  let spares = 0;
  for (let m = 0; m < state.index.models.length; m++)
    spares += at(state.spare, block * state.index.models.length + m);
  return spares;
}

/**
 * Moves healthy full house nodes of `block` to its spare pool until the pool is back at its
 * target: first from the rack `node` is in (the rack whose spare was just used, so spares stay
 * spread over racks), then from the block's end.
 */
export function topUpSpares(state: AllocationState, block: number, node?: number): void {
  const { index } = state;
  const { domains } = index;
  const eligible = (i: number) =>
    at(state.owner, i) === HOUSE && at(state.nodeState, i) === HEALTHY && at(index.nodeFull, i) === 1;
  const fill = (from: number, to: number) => {
    for (let i = to - 1; i >= from; i--) {
      if (sparesIn(state, block) >= at(state.spareTarget, block)) return;
      if (eligible(i)) moveNode(state, i, SPARE, HEALTHY);
    }
  };
  if (sparesIn(state, block) >= at(state.spareTarget, block)) return;
  if (node !== undefined) {
    const rack = at(domains.nodeLeaf, node);
    fill(at(domains.start, rack), at(domains.end, rack));
  }
  fill(at(domains.start, block), at(domains.end, block));
}

/** Whether a healthy full `node` would go to its block's spare pool (the pool is below its target). */
export function spareWanted(state: AllocationState, node: number): boolean {
  if (at(state.index.nodeFull, node) !== 1) return false;
  const block = blockOf(state, node);
  return sparesIn(state, block) < at(state.spareTarget, block);
}

/** Tops up the spare pool of every block holding one of `nodes` (see `topUpSpares`). */
export function topUpSparesAround(state: AllocationState, nodes: Iterable<number>): void {
  const blocks = new Set<number>();
  for (const node of nodes) blocks.add(blockOf(state, node));
  for (const block of blocks) topUpSpares(state, block);
}
