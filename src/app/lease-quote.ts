/**
 * Answers "can I offer this, where, from when, at what price" without reserving anything: each
 * acceptable site's offer (see `offerAtSite`) and the contract's monthly schedule in exact money.
 * Also the availability timeline of a site.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import { type SiteAvailability, siteAvailability } from "../allocation/site-availability.js";
import { offerAtSite, type SiteOffer } from "../allocation/site-offer.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import { availabilityWindow } from "../leasing/availability-window.js";
import { contractSchedule, type MonthCharge } from "../leasing/contract-value.js";
import type { LeaseTerms } from "../leasing/lease.js";
import { siteListedTwice, validateLeaseRequest } from "../leasing/lease-request.js";
import {
  type LeaseTemplateName,
  type LeaseTemplateResult,
  leaseTemplate,
} from "../leasing/lease-templates.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { findTenant } from "../store/access-repository.js";
import { holdingLeases } from "../store/lease-repository.js";
import { findSite, listGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

import type { SiteEngines } from "./site-engines.js";

export interface SiteQuote extends Omit<SiteOffer, "terms"> {
  siteId: string;
  siteName: string;
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

/** A site's availability over a window, with the window and the site named. */
export interface SiteAvailabilityWindow extends SiteAvailability {
  siteId: string;
  siteName: string;
  from: string;
  until: string;
}

export class LeaseQuotes {
  constructor(
    private readonly db: SqlClient,
    private readonly engines: SiteEngines,
    private readonly clock: Clock,
  ) {}

  /** Quotes a lease request (validated as a reservation would be) at each of its sites; reserves nothing. */
  async quote(by: Principal, raw: unknown): Promise<Quote> {
    const now = this.clock.now();
    const request = validateLeaseRequest(raw, catalogueOf(await listGpuModels(this.db)), now);
    const tenant = await findTenant(this.db, tenantScope(by), request.tenant);
    // A prospective tenant need not exist yet; it then counts as a tenant of its own.
    const tenantId = tenant?.id ?? `prospect:${request.tenant}`;
    const { name: _n, tenant: _t, sites: refs, ...rest } = request;
    const terms: LeaseTerms = { ...rest, tenantId, siteIds: [] };
    const sites: SiteQuote[] = [];
    let best: Quote["best"] = null;
    let bestTerms: LeaseTerms = terms;
    for (const [i, ref] of refs.entries()) {
      const site = await findSite(this.db, ref);
      if (!site)
        throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${ref}`, [
          { field: `sites[${i}]`, message: `no site ${ref}` },
        ]);
      const first = sites.findIndex((q) => q.siteId === site.id);
      if (first >= 0) throw validationError([siteListedTwice(refs, i, first)]);
      const engine = await this.engines.get(this.db, site.id);
      const held = await holdingLeases(this.db, site.id);
      const { terms: shifted, ...offer } = offerAtSite(engine.state, terms, held, now);
      sites.push({ siteId: site.id, siteName: site.name, ...offer });
      if (!best && offer.earliestStart && shifted) {
        best = {
          siteId: site.id,
          siteName: site.name,
          startsAt: offer.earliestStart,
          endsAt: shifted.endsAt,
        };
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

  /**
   * GPUs of each model a site can still offer over [from, until): from now and for a year unless
   * asked otherwise (see `availabilityWindow`).
   */
  async availability(
    siteRef: string,
    asked: { from?: string; until?: string },
  ): Promise<SiteAvailabilityWindow> {
    const { from, until } = availabilityWindow(asked, this.clock.now());
    const site = await findSite(this.db, siteRef);
    if (!site) throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${siteRef}`);
    const engine = await this.engines.get(this.db, site.id);
    const held = await holdingLeases(this.db, site.id);
    return {
      siteId: site.id,
      siteName: site.name,
      from,
      until,
      ...siteAvailability(engine.state, held, from, until),
    };
  }

  /**
   * A seed scenario (rent half, rent all) as a ready lease request for `siteRef`, sized from what the
   * site can lease from `startsAt` (default: now, to the minute); a refusal says why it does not apply.
   */
  async template(
    siteRef: string,
    template: LeaseTemplateName,
    asked: { tenant: string; name?: string; startsAt?: string },
  ): Promise<LeaseTemplateResult> {
    const now = Date.parse(this.clock.now());
    const start = new Date(asked.startsAt ?? Math.floor(now / MINUTE_MS) * MINUTE_MS).toISOString();
    const until = new Date(Date.parse(start) + DAY_MS).toISOString();
    const [availability, models] = await Promise.all([
      this.availability(siteRef, { from: start, until }),
      listGpuModels(this.db),
    ]);
    return leaseTemplate({
      template,
      siteName: availability.siteName,
      leasable: availability.byModel,
      gpusPerNode: new Map(models.map((m) => [m.name, m.gpusPerNode])),
      tenant: asked.tenant,
      startsAt: start,
      ...(asked.name ? { name: asked.name } : {}),
    });
  }
}
