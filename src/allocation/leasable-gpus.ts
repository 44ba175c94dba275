/** The capacity the calendar counts: what a site can lease at all, per GPU model. */
import type { AllocationState } from "./allocation-state.js";
import { at } from "./node-codes.js";

/**
 * GPUs of each model the site can lease at all: healthy full nodes that are not spares, whether a
 * lease holds them now or the house runs on them. Failed, degraded and partial nodes do not count,
 * nor do the nodes a block's spare pool is short of: the pool takes them back first (a block whose
 * replacements used its spares while leases held every other node refills when a lease ends).
 */
export function leasableGpus(state: AllocationState): Map<string, number> {
  const out = new Map<string, number>();
  const owed = sparesOwed(state);
  state.index.models.forEach((model, m) => {
    let leased = 0;
    for (const record of state.leases) if (record) leased += at(record.heldNodes, m);
    const nodes = Math.max(0, at(state.free, m) + leased - at(owed, m));
    out.set(model.name, nodes * model.gpusPerNode);
  });
  return out;
}

/** Nodes of each model the blocks' spare pools are short of, each block's shortfall on its largest model. */
function sparesOwed(state: AllocationState): Int32Array {
  const { index } = state;
  const models = index.models.length;
  const owed = new Int32Array(models);
  const { levelStart } = index.domains;
  for (let b = at(levelStart, index.blockDepth); b < at(levelStart, index.blockDepth + 1); b++) {
    let spares = 0;
    let largest = 0;
    for (let m = 0; m < models; m++) {
      spares += at(state.spare, b * models + m);
      if (at(index.capacity, b * models + m) > at(index.capacity, b * models + largest)) largest = m;
    }
    const short = at(state.spareTarget, b) - spares;
    if (short > 0) owed[largest] = at(owed, largest) + short;
  }
  return owed;
}
