/**
 * What a site can offer a prospective lease: whether it fits as asked, and the earliest start at
 * which it fits the calendar and places on the fleet as it will be over its term.
 * @module
 */
import { earliestStart, fits, shiftTo } from "../leasing/capacity-calendar.js";
import { type Lease, type LeaseTerms, leaseStartsAt } from "../leasing/lease.js";
import type { AllocationState } from "./allocation-state.js";
import { leasableGpus } from "./leasable-gpus.js";
import { trialOverTerm } from "./trial-over-term.js";
import type { TrialPiece } from "./trial-placement.js";

export interface SiteOffer {
  fitsAsAsked: boolean;
  /** The earliest start at or after the asked one when the whole term fits; null when it never does. */
  earliestStart: string | null;
  /** Why it does not fit as asked (calendar or placement), when it does not. */
  reason: string | null;
  /** Where it would go at its earliest start, on the fleet as it will be then (indicative). */
  placement: TrialPiece[] | null;
  /** The terms moved to the earliest start; null when it never fits. */
  terms: LeaseTerms | null;
  /** What the offer changes from the request to fit (a later start, and the end that moves with it). */
  changes: TermChange[];
  /** Other tenants' leases whose isolation is why it does not fit as asked, when that is the reason. */
  blockingLeaseIds: string[];
}

/** One term of the request the offer moves: the value asked and the value offered. */
export interface TermChange {
  field: "startsAt" | "endsAt";
  asked: string;
  offered: string;
}

/**
 * The offer of the site of `state` for `terms`, beside `held` (the leases holding capacity there):
 * the first start the calendar allows where the lease also places on the fleet as it will be over
 * its term (leases that end are off it, the tranches others have still to start are on it). When
 * only placement stands in the way (isolation, islands, power), each later end of another lease is
 * tried. Nothing is kept; the state ends as it began.
 */
export function offerAtSite(
  state: AllocationState,
  terms: LeaseTerms,
  held: readonly Lease[],
  now: string,
): SiteOffer {
  const holdings = held.map((l) => ({ ...l, leaseId: l.id }));
  const capacity = leasableGpus(state);
  const fit = fits(capacity, holdings, terms);
  let start = earliestStart(capacity, holdings, terms) ?? null;
  let shifted = start ? shiftTo(terms, start) : terms;
  let trial = trialOverTerm(state, shifted, held, now);
  const firstRefusal = trial;
  if (start && !trial.ok) {
    const asked = start;
    const ends = [...new Set(held.map((l) => l.endsAt))].filter((e) => e > asked).sort();
    for (const end of ends) {
      const later = shiftTo(terms, end);
      if (!fits(capacity, holdings, later).fits) continue;
      const placed = trialOverTerm(state, later, held, now);
      if (placed.ok) {
        start = end;
        shifted = later;
        trial = placed;
        break;
      }
    }
    if (!trial.ok) start = null;
  }
  const found = start !== null && trial.ok;
  const changes: TermChange[] = [];
  const askedStart = leaseStartsAt(terms);
  if (found && start !== null && start !== askedStart)
    changes.push({ field: "startsAt", asked: askedStart, offered: start });
  if (found && shifted.endsAt !== terms.endsAt)
    changes.push({ field: "endsAt", asked: terms.endsAt, offered: shifted.endsAt });
  const blockers = !fit.fits
    ? fit.blockingLeaseId
      ? [fit.blockingLeaseId]
      : []
    : firstRefusal.ok
      ? []
      : (firstRefusal.blockingLeaseIds ?? []);
  return {
    fitsAsAsked: fit.fits && firstRefusal.ok,
    earliestStart: found ? start : null,
    reason: !fit.fits ? fit.message : firstRefusal.ok ? null : firstRefusal.message,
    placement: trial.ok ? trial.lines : null,
    terms: found ? shifted : null,
    changes,
    blockingLeaseIds: blockers,
  };
}
