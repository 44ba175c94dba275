/**
 * Answers "can I offer this, where, from when, at what price" without reserving anything: each
 * acceptable site's offer (see `offerAtSite`) and the contract's monthly schedule in exact money.
 * Also the availability timeline of a site.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import type { Isolation } from "../allocation/isolation.js";
import { type SiteAvailability, siteAvailability } from "../allocation/site-availability.js";
import { offerAtSite, type SiteOffer, type TermChange } from "../allocation/site-offer.js";
import {
  type TenantAvailability,
  type TenantModelAvailability,
  tenantAvailability,
} from "../allocation/tenant-availability.js";
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
import { validationError } from "../shared/errors.js";
import { findTenant, listTenants } from "../store/access-repository.js";
import { holdingLeases } from "../store/lease-repository.js";
import { findSite, listGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { withBlockersNamed } from "./blocking-leases.js";
import type { Clock } from "./clock.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

import { siteNotFound } from "./not-found.js";
import type { SiteEngines } from "./site-engines.js";

export interface SiteQuote extends Omit<SiteOffer, "terms" | "blockingLeaseIds"> {
  siteId: string;
  siteName: string;
}

export interface Quote {
  fits: boolean;
  /** The first acceptable site that fits, with the start it fits at. */
  best: {
    siteId: string;
    siteName: string;
    startsAt: string;
    endsAt: string;
    /** What fitting there changes from the request; empty when it fits as asked. */
    changes: TermChange[];
  } | null;
  sites: SiteQuote[];
  /** The contract's monthly charges at full delivery, for the best option (or as asked). */
  schedule: MonthCharge[];
  totalMicros: bigint;
}

/** A site's availability over a window, with the window and the site named, and what one tenant can lease now. */
export interface SiteAvailabilityWindow extends SiteAvailability {
  siteId: string;
  siteName: string;
  from: string;
  until: string;
  forTenant: TenantAvailabilityView;
}

/** `TenantAvailability` with the tenant and the blocking leases named. */
export interface TenantAvailabilityView extends Omit<TenantAvailability, "byModel" | "tenantId"> {
  /** The tenant asked about, or null for a new tenant. */
  tenant: { id: string | null; name: string } | null;
  byModel: Array<
    Omit<TenantModelAvailability, "blockers"> & {
      blockers: Array<{ leaseId: string; lease: string; tenantName: string; freeGpus: number }>;
    }
  >;
}

/** What an availability request may ask: the window, and the tenant and isolation of a prospective lease. */
export interface AvailabilityAsk {
  from?: string;
  until?: string;
  /** A tenant's id or name; one with no such tenant yet counts as a new tenant. */
  tenant?: string;
  isolation?: Isolation;
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
        throw await siteNotFound(this.db, ref, [{ field: `sites[${i}]`, message: `no site ${ref}` }]);
      const first = sites.findIndex((q) => q.siteId === site.id);
      if (first >= 0) throw validationError([siteListedTwice(refs, i, first)]);
      const engine = await this.engines.get(this.db, site.id);
      const held = await holdingLeases(this.db, site.id);
      const { terms: shifted, blockingLeaseIds, ...offer } = offerAtSite(engine.state, terms, held, now);
      const reason =
        offer.reason === null
          ? null
          : (await withBlockersNamed(this.db, by, held, { message: offer.reason, blockingLeaseIds })).message;
      sites.push({ siteId: site.id, siteName: site.name, ...offer, reason });
      if (!best && offer.earliestStart && shifted) {
        best = {
          siteId: site.id,
          siteName: site.name,
          startsAt: offer.earliestStart,
          endsAt: shifted.endsAt,
          changes: offer.changes,
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
  async availability(siteRef: string, asked: AvailabilityAsk): Promise<SiteAvailabilityWindow> {
    const now = this.clock.now();
    const { from, until } = availabilityWindow(asked, now);
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const [engine, held, tenants] = await Promise.all([
      this.engines.get(this.db, site.id),
      holdingLeases(this.db, site.id),
      listTenants(this.db, { tenantId: null }),
    ]);
    const asking = asked.tenant
      ? tenants.find((t) => t.id === asked.tenant || t.name === asked.tenant)
      : undefined;
    const forTenant = tenantAvailability(engine.state, held, {
      tenantId: asking?.id,
      isolation: asked.isolation ?? "node",
      at: now,
    });
    const tenantNames = new Map(tenants.map((t) => [t.id, t.name]));
    const leases = new Map(held.map((l) => [l.id, l]));
    return {
      siteId: site.id,
      siteName: site.name,
      from,
      until,
      ...siteAvailability(engine.state, held, from, until),
      forTenant: {
        tenant: asked.tenant ? { id: asking?.id ?? null, name: asking?.name ?? asked.tenant } : null,
        isolation: forTenant.isolation,
        at: forTenant.at,
        byModel: forTenant.byModel.map((m) => ({
          ...m,
          blockers: m.blockers.map((b) => {
            const tenantName = tenantNames.get(b.tenantId) ?? b.tenantId;
            return {
              leaseId: b.leaseId,
              lease: `${tenantName}/${leases.get(b.leaseId)?.name ?? b.leaseId}`,
              tenantName,
              freeGpus: b.freeGpus,
            };
          }),
        })),
      },
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
