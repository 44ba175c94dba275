/**
 * Fixtures for the economics tests and benches: a one-line lease of a whole fleet.
 * @module
 */
import type { LeaseLine, LeaseTerms } from "../leasing/lease.js";

/** A lease of `gpus` GPUs of `model` from `startsAt` to `endsAt`, priced by `price`. */
export function wholeFleetLease(
  model: string,
  gpus: number,
  price: LeaseLine["price"],
  startsAt: string,
  endsAt: string,
): LeaseTerms {
  return {
    tenantId: "tnt_fixture",
    siteIds: [],
    lines: [{ key: "gpu", gpuModel: model, gpuCount: gpus, price }],
    tranches: [{ key: "t1", startsAt, gpusByLine: { gpu: gpus } }],
    endsAt,
    noticePeriodDays: 0,
    rampDiscounts: [],
    commitment: null,
    sla: null,
    isolation: "site",
    placement: { policy: "packed" },
  };
}
