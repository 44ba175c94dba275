/** What a site can still offer over a window, per GPU model, and what it holds now. */
import { type AvailabilityStep, availability } from "../leasing/capacity-calendar.js";
import type { Lease } from "../leasing/lease.js";
import { accountSite, type ModelAccount } from "./accounting.js";
import type { AllocationState } from "./allocation-state.js";
import { leasableGpus } from "./leasable-gpus.js";

export interface SiteAvailability {
  /** What the fleet holds now, per model: house, spare, leased and out of service. */
  now: ModelAccount[];
  /** Leasable GPUs per model not yet held by a lease, over time, within the site's power permit. */
  byModel: Array<{ gpuModel: string; leasableGpus: number; steps: AvailabilityStep[] }>;
}

/** The availability of the site of `state` over [from, until), beside `held` (the leases holding capacity there). */
export function siteAvailability(
  state: AllocationState,
  held: readonly Lease[],
  from: string,
  until: string,
): SiteAvailability {
  const { index } = state;
  const holdings = held.map((l) => ({ ...l, leaseId: l.id }));
  const power = {
    permittedKw: index.permittedMw * 1000,
    pue: index.pue,
    kwPerGpu: new Map(index.models.map((m) => [m.name, m.powerKwPerGpu])),
  };
  return {
    now: accountSite(state),
    byModel: [...leasableGpus(state)].map(([gpuModel, leasable]) => ({
      gpuModel,
      leasableGpus: leasable,
      steps: availability(leasable, gpuModel, holdings, from, until, power),
    })),
  };
}
