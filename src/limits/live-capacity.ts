/**
 * Live capacity: the GPUs of each model a tenant's leases deliver now. A tranche is live from its
 * start until its lease ends, in a lease that holds capacity (reserved, active, ending), as the
 * leased-GPUs read model counts them.
 * @module
 */
import { holdsCapacity, type Lease } from "../leasing/lease.js";

/** GPUs live at `at` by GPU model, over the leases given (one tenant's). */
export function liveGpusByModel(
  leases: ReadonlyArray<Pick<Lease, "status" | "tranches" | "lines" | "endsAt">>,
  at: string,
): Record<string, number> {
  const byModel: Record<string, number> = {};
  for (const lease of leases) {
    if (!holdsCapacity(lease.status) || lease.endsAt <= at) continue;
    const modelOf = new Map(lease.lines.map((l) => [l.key, l.gpuModel]));
    for (const tranche of lease.tranches) {
      if (tranche.startsAt > at) continue;
      for (const [line, gpus] of Object.entries(tranche.gpusByLine)) {
        const model = modelOf.get(line);
        if (model && gpus > 0) byModel[model] = (byModel[model] ?? 0) + gpus;
      }
    }
  }
  return byModel;
}
