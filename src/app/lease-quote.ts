/**
 * Answers "can I offer this, where, from when, at what price" without reserving anything: the
 * calendar's earliest start at each acceptable site, a trial placement on the fleet as it will be over the term,
 * and the contract's monthly schedule in exact money. Also the availability timeline of a site.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import { accountSite, type ModelAccount } from "../allocation/accounting.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import {
  type AvailabilityStep,
  availability,
  earliestStart,
  fits,
  shiftTo,
} from "../leasing/capacity-calendar.js";
import { contractSchedule, type MonthCharge } from "../leasing/contract-value.js";
import type { LeaseTerms } from "../leasing/lease.js";
import { siteListedTwice, validateLeaseRequest } from "../leasing/lease-request.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { findTenant } from "../store/access-repository.js";
import { holdingLeases } from "../store/lease-repository.js";
import { findSite, listGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { leasableGpus, type TrialPiece, trialOverTerm } from "./lease-placement.js";
import type { SiteEngines } from "./site-engines.js";

export interface SiteQuote {
  siteId: string;
  siteName: string;
  fitsAsAsked: boolean;
  /** The earliest start at or after the asked one when the whole term fits; null when it never does. */
  earliestStart: string | null;
  /** Why it does not fit as asked (calendar or placement), when it does not. */
  reason: string | null;
  /** Where it would go at its earliest start, on the fleet as it will be then (indicative). */
  placement: TrialPiece[] | null;
}

export interface Quote {
  fits: boolean;
  /** The first acceptable site that fits, with the start it fits at. */
  best: { siteId: string; siteName: string; startsAt: string; endsAt: string } | null;
  sites: SiteQuote[];
  /** The contract's monthly charges at full delivery, for the best option (or as asked). */
  schedule: MonthCharge[];
  totalMicros: bigint;
}

export async function quoteLease(
  db: SqlClient,
  engines: SiteEngines,
  by: Principal,
  raw: unknown,
  now: string,
): Promise<Quote> {
  const request = validateLeaseRequest(raw, catalogueOf(await listGpuModels(db)), now);
  const tenant = await findTenant(db, tenantScope(by), request.tenant);
  // A prospective tenant need not exist yet; it then counts as a tenant of its own.
  const tenantId = tenant?.id ?? `prospect:${request.tenant}`;
  const { name: _n, tenant: _t, sites: refs, ...rest } = request;
  const terms: LeaseTerms = { ...rest, tenantId, siteIds: [] };
  const sites: SiteQuote[] = [];
  let best: Quote["best"] = null;
  let bestTerms: LeaseTerms = terms;
  for (const [i, ref] of refs.entries()) {
    const site = await findSite(db, ref);
    if (!site)
      throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${ref}`, [
        { field: `sites[${i}]`, message: `no site ${ref}` },
      ]);
    const first = sites.findIndex((q) => q.siteId === site.id);
    if (first >= 0) throw validationError([siteListedTwice(refs, i, first)]);
    const engine = await engines.get(db, site.id);
    const held = await holdingLeases(db, site.id);
    const holdings = held.map((l) => ({ ...l, leaseId: l.id }));
    const capacity = leasableGpus(engine);
    const fit = fits(capacity, holdings, terms);
    // The first start the counts allow where it also places on the fleet as it will be over its
    // term (leases that end are off it, the tranches others have still to start are on it): when
    // only placement stands in the way (isolation, islands, power), try once each other lease ends.
    let start = earliestStart(capacity, holdings, terms) ?? null;
    let shifted = start ? shiftTo(terms, start) : terms;
    let trial = trialOverTerm(engine, shifted, held, now);
    const firstRefusal = trial;
    if (start && !trial.ok) {
      const asked = start;
      const ends = [...new Set(held.map((l) => l.endsAt))].filter((e) => e > asked).sort();
      for (const end of ends) {
        const later = shiftTo(terms, end);
        if (!fits(capacity, holdings, later).fits) continue;
        const placed = trialOverTerm(engine, later, held, now);
        if (placed.ok) {
          start = end;
          shifted = later;
          trial = placed;
          break;
        }
      }
      if (!trial.ok) start = null;
    }
    const asAsked = fit.fits && firstRefusal.ok;
    const reason = !fit.fits ? fit.message : firstRefusal.ok ? null : firstRefusal.message;
    sites.push({
      siteId: site.id,
      siteName: site.name,
      fitsAsAsked: asAsked,
      earliestStart: start && trial.ok ? start : null,
      reason,
      placement: trial.ok ? trial.lines : null,
    });
    if (!best && start && trial.ok) {
      best = { siteId: site.id, siteName: site.name, startsAt: start, endsAt: shifted.endsAt };
      bestTerms = shifted;
    }
  }
  const schedule = contractSchedule(bestTerms);
  return {
    fits: best !== null,
    best,
    sites,
    schedule,
    totalMicros: schedule.reduce((s, m) => s + m.micros, 0n),
  };
}

export interface SiteAvailability {
  siteId: string;
  siteName: string;
  from: string;
  until: string;
  /** What the fleet holds now, per model: house, spare, leased and out of service. */
  now: ModelAccount[];
  /** Leasable GPUs per model not yet held by a lease, over time. */
  byModel: Array<{ gpuModel: string; leasableGpus: number; steps: AvailabilityStep[] }>;
}

/** GPUs of each model a site can still offer over [from, until). */
export async function siteAvailability(
  db: SqlClient,
  engines: SiteEngines,
  siteRef: string,
  from: string,
  until: string,
): Promise<SiteAvailability> {
  const site = await findSite(db, siteRef);
  if (!site) throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${siteRef}`);
  const engine = await engines.get(db, site.id);
  const holdings = (await holdingLeases(db, site.id)).map((l) => ({ ...l, leaseId: l.id }));
  const capacity = leasableGpus(engine);
  const power = {
    permittedKw: engine.index.permittedMw * 1000,
    pue: engine.index.pue,
    kwPerGpu: new Map(engine.index.models.map((m) => [m.name, m.powerKwPerGpu])),
  };
  return {
    siteId: site.id,
    siteName: site.name,
    from,
    until,
    now: accountSite(engine.state),
    byModel: [...capacity].map(([gpuModel, leasable]) => ({
      gpuModel,
      leasableGpus: leasable,
      steps: availability(leasable, gpuModel, holdings, from, until, power),
    })),
  };
}
