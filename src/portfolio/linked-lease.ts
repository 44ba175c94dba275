/**
 * A lease of this system as a portfolio deal sees it: its tranches' GPUs, in force from each
 * tranche's start until the lease ends (as the leased-GPUs read model counts them), and nothing
 * once the lease no longer holds capacity.
 * @module
 */
import { holdsCapacity, type Lease } from "../leasing/lease.js";

export interface LinkedLease {
  /** Whether the lease holds capacity (reserved, active or ending). */
  holding: boolean;
  endsAt: string;
  /** Each tranche's start and its GPUs over every line. */
  tranches: Array<{ startsAt: string; gpus: number }>;
  /** GPUs by model at full delivery. */
  gpusByModel: Map<string, number>;
}

export function linkedLease(lease: Pick<Lease, "status" | "endsAt" | "tranches" | "lines">): LinkedLease {
  const modelOf = new Map(lease.lines.map((l) => [l.key, l.gpuModel]));
  const gpusByModel = new Map<string, number>();
  for (const t of lease.tranches)
    for (const [line, gpus] of Object.entries(t.gpusByLine)) {
      const model = modelOf.get(line) ?? line;
      gpusByModel.set(model, (gpusByModel.get(model) ?? 0) + gpus);
    }
  return {
    holding: holdsCapacity(lease.status),
    endsAt: lease.endsAt,
    tranches: lease.tranches.map((t) => ({
      startsAt: t.startsAt,
      gpus: Object.values(t.gpusByLine).reduce((sum, n) => sum + n, 0),
    })),
    gpusByModel,
  };
}

/** GPUs of the lease at full delivery. */
export function linkedFullGpus(lease: LinkedLease): number {
  return lease.tranches.reduce((sum, t) => sum + t.gpus, 0);
}

/** GPUs of the lease in force at `atMs`: tranches started by then, until the lease ends. */
export function linkedGpusAt(lease: LinkedLease, atMs: number): number {
  if (!lease.holding || atMs >= Date.parse(lease.endsAt)) return 0;
  let gpus = 0;
  for (const t of lease.tranches) if (Date.parse(t.startsAt) <= atMs) gpus += t.gpus;
  return gpus;
}
