/**
 * Whether a site can hold a lease: the calendar must have room for every tranche beside the leases
 * that hold capacity there, and what is not on the fleet yet must place on the fleet as it will be
 * over the term.
 * @module
 */
import { fits, type Holding } from "../leasing/capacity-calendar.js";
import type { Lease } from "../leasing/lease.js";
import type { FieldIssue } from "../shared/errors.js";
import type { AllocationState } from "./allocation-state.js";
import { leasableGpus } from "./leasable-gpus.js";
import { trialOverTerm } from "./trial-over-term.js";

/** Why a site cannot hold a lease: the issue, naming the site; `field` only when a line of the lease is at fault. */
export type HoldRefusal = Omit<FieldIssue, "field"> & {
  field?: string;
  /** Other tenants' leases whose isolation stands in the way, when that is the reason. */
  blockingLeaseIds?: string[];
};

/**
 * Why the site of `state` cannot hold `lease` beside `others` (the leases holding capacity there,
 * without this one) at `now`, or undefined when it can: the line at fault and its bound when the
 * calendar runs short of a model, the power permit when that is the limit. A draft or reserved
 * lease must place whole; a running one only its tranches still to start. Nothing is kept.
 */
export function holdRefusal(
  state: AllocationState,
  lease: Lease,
  others: readonly Lease[],
  now: string,
): HoldRefusal | undefined {
  const holdings: Holding[] = others.map((l) => ({ ...l, leaseId: l.id }));
  const fit = fits(leasableGpus(state), holdings, lease);
  const site = state.index.siteName;
  if (!fit.fits) {
    const line = lease.lines.findIndex((l) => l.gpuModel === fit.gpuModel);
    if (fit.blockingLeaseId)
      return { message: `${site}: ${fit.message}`, blockingLeaseIds: [fit.blockingLeaseId] };
    if (fit.reason !== "INSUFFICIENT_CAPACITY" || line < 0 || fit.availableGpus === undefined)
      return { message: `${site}: ${fit.message}` };
    return {
      field: `lines[${line}].gpuCount`,
      message: `${site}: ${fit.message}`,
      bound: `<= ${Math.max(0, fit.availableGpus)} ${fit.gpuModel} GPUs free at ${site} from ${fit.at}`,
    };
  }
  // What is not on the fleet yet (all of a draft or reserved lease, the future tranches of a running
  // one) must fit the fleet as it will be over the term, beside the commitments of the others.
  const unplaced = {
    ...lease,
    tranches:
      lease.status === "draft" || lease.status === "reserved"
        ? lease.tranches
        : lease.tranches.filter((t) => t.startsAt > now),
  };
  if (unplaced.tranches.length === 0) return undefined;
  const trial = trialOverTerm(state, unplaced, others, now);
  if (trial.ok) return undefined;
  const message = `${site}: ${trial.message}`;
  if (trial.reason === "POWER" && trial.permittedMw !== undefined)
    return { message, bound: `<= ${trial.permittedMw} MW permitted at ${site}` };
  return trial.blockingLeaseIds?.length ? { message, blockingLeaseIds: trial.blockingLeaseIds } : { message };
}
