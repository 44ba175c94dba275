/**
 * GPUs under lease over time: a tranche is in force from its start until its lease ends, so
 * leases that never overlap do not add up. Answers the GPUs leased at a moment and the peak
 * from then on.
 * @module
 */
import { holdsCapacity, type Lease } from "./lease.js";

export interface LeasedGpus {
  /** GPUs of every tranche in force at `at`. */
  gpusNow: number;
  /** The most GPUs in force at any moment from `at` on; `gpusNow` when nothing grows later. */
  peakGpus: number;
  /** The first moment the peak is reached (`at` itself when the peak is now); null when nothing is leased. */
  peakAt: string | null;
}

type Step = { at: string; delta: number };

/**
 * GPUs under lease at `at` and at the peak from `at` on, over the leases that hold capacity
 * (reserved, active, ending). A tranche counts from its `startsAt` (inclusive) to its lease's
 * `endsAt` (exclusive); drafts, ended and cancelled leases count nothing.
 */
export function leasedGpus(
  leases: ReadonlyArray<Pick<Lease, "status" | "tranches" | "endsAt">>,
  at: string,
): LeasedGpus {
  const steps: Step[] = [];
  for (const lease of leases) {
    if (!holdsCapacity(lease.status) || lease.endsAt <= at) continue;
    for (const tranche of lease.tranches) {
      const gpus = Object.values(tranche.gpusByLine).reduce((sum, n) => sum + n, 0);
      const from = tranche.startsAt > at ? tranche.startsAt : at;
      if (gpus === 0 || from >= lease.endsAt) continue;
      steps.push({ at: from, delta: gpus }, { at: lease.endsAt, delta: -gpus });
    }
  }
  // At one instant, what ends goes first: a lease ending as another starts never counts twice.
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.delta - b.delta));
  let inForce = 0;
  let gpusNow = 0;
  let peakGpus = 0;
  let peakAt: string | null = null;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) continue;
    inForce += step.delta;
    if (steps[i + 1]?.at === step.at) continue;
    if (step.at === at) gpusNow = inForce;
    if (inForce > peakGpus) {
      peakGpus = inForce;
      peakAt = step.at;
    }
  }
  return { gpusNow, peakGpus, peakAt };
}
