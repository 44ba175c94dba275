/** The capacity the calendar counts: what a site can lease at all, per GPU model. */
import type { AllocationState } from "./allocation-state.js";
import { at } from "./node-codes.js";

/**
 * GPUs of each model the site can lease at all: healthy full nodes that are not spares, whether a
 * lease holds them now or the house runs on them. Failed, degraded and partial nodes do not count.
 */
export function leasableGpus(state: AllocationState): Map<string, number> {
  const out = new Map<string, number>();
  state.index.models.forEach((model, m) => {
    let leased = 0;
    for (const record of state.leases) if (record) leased += at(record.heldNodes, m);
    out.set(model.name, (at(state.free, m) + leased) * model.gpusPerNode);
  });
  return out;
}
