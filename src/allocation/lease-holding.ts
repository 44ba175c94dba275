/** What a lease holds on a site, as its tenant reads it: GPUs per model against its due tranches, nodes per block. */
import type { Lease } from "../leasing/lease.js";
import { type AllocationState, leaseOf } from "./allocation-state.js";
import { missingGpus } from "./missing-gpus.js";
import { at } from "./node-codes.js";
import { ancestorAt, domainPath } from "./topology-domains.js";

export interface LeaseHolding {
  /** GPUs held now, and missing against the tranches due now, per model (held models first). */
  byModel: Array<{ gpuModel: string; heldGpus: number; missingGpus: number }>;
  /** Held nodes grouped by block, in path order, with the racks they sit in. */
  blocks: Array<{ block: string; nodes: number; gpus: number; racks: number }>;
}

/** The lease's hold on the site at `now`; empty blocks and all-missing models when it holds nothing here. */
export function leaseHolding(
  state: AllocationState,
  lease: Pick<Lease, "id" | "lines" | "tranches">,
  now: string,
): LeaseHolding {
  const { index } = state;
  const { domains } = index;
  const record = leaseOf(state, lease.id);
  const blocks = new Map<string, { nodes: number; gpus: number; racks: Set<number> }>();
  const held = new Map<string, number>();
  for (const i of [...(record?.nodes ?? [])].sort((a, b) => a - b)) {
    const leaf = at(domains.nodeLeaf, i);
    const path = domainPath(domains, ancestorAt(domains, leaf, index.blockDepth));
    const entry = blocks.get(path) ?? { nodes: 0, gpus: 0, racks: new Set<number>() };
    entry.nodes++;
    entry.gpus += at(index.nodeGpus, i);
    entry.racks.add(leaf);
    blocks.set(path, entry);
    const model = index.models[at(index.nodeModel, i)]?.name ?? "?";
    held.set(model, (held.get(model) ?? 0) + at(index.nodeGpus, i));
  }
  const missing = missingGpus(state, lease, now);
  const models = new Set([...held.keys(), ...missing.keys()]);
  return {
    byModel: [...models].map((gpuModel) => ({
      gpuModel,
      heldGpus: held.get(gpuModel) ?? 0,
      missingGpus: missing.get(gpuModel) ?? 0,
    })),
    blocks: [...blocks].map(([block, e]) => ({ block, nodes: e.nodes, gpus: e.gpus, racks: e.racks.size })),
  };
}
