/** What a lease is short of: the GPUs its due tranches promise minus what it holds on the site. */
import { gpusDueAt, type Lease } from "../leasing/lease.js";
import { type AllocationState, leaseOf } from "./allocation-state.js";
import { modelCodeOf } from "./fleet-index.js";
import { at } from "./node-codes.js";

/**
 * GPUs of each model of the lease's lines it should hold at `now` (its tranches started by then)
 * minus what it holds on the site, never below 0. Every model of its lines has an entry, 0 when whole.
 */
export function missingGpus(
  state: AllocationState,
  lease: Pick<Lease, "id" | "lines" | "tranches">,
  now: string,
): Map<string, number> {
  const { index } = state;
  const due = gpusDueAt(lease, now);
  const byModel = new Map<string, number>();
  for (const line of lease.lines)
    byModel.set(line.gpuModel, (byModel.get(line.gpuModel) ?? 0) + (due.get(line.key) ?? 0));
  const record = leaseOf(state, lease.id);
  const out = new Map<string, number>();
  for (const [model, gpus] of byModel) {
    const m = modelCodeOf(index, model);
    const perNode = m === undefined ? 0 : (index.models[m]?.gpusPerNode ?? 0);
    const held = record && m !== undefined ? at(record.heldNodes, m) * perNode : 0;
    out.set(model, Math.max(0, gpus - held));
  }
  return out;
}
