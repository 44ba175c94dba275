/**
 * Read models over leases: a lease's allocation by block, its history and events, its node moves,
 * and the site's allocation map (every rack's nodes by holder) the dashboard colours by tenant.
 * @module
 */
import { asSeenBy, type Principal, tenantScope } from "../access/principal.js";
import { type LeaseHolding, leaseHolding } from "../allocation/lease-holding.js";
import { type RackHolders, rackHolders } from "../allocation/rack-holders.js";
import {
  type AllocationMove,
  leaseMoves,
  type Shortfall,
  shortfallsOf,
  type TranchePlacement,
  tranchePlacements,
} from "../store/allocation-repository.js";
import {
  type LeaseVersion,
  leaseVersions,
  listOutbox,
  type OutboxEvent,
  tenantAndSiteNames,
} from "../store/lease-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { resolveLease } from "./lease-ref.js";
import { siteNotFound } from "./not-found.js";
import type { SiteEngines } from "./site-engines.js";

export interface LeaseAllocation extends LeaseHolding {
  leaseId: string;
  leaseName: string;
  tenantName: string;
  siteId: string | null;
  siteName: string | null;
  placements: TranchePlacement[];
  shortfalls: Shortfall[];
}

/** Every rack of a site with its nodes by holder: `house`, `spare`, `out` (failed/maintenance) or a lease id. */
export interface AllocationMap extends RackHolders {
  siteId: string;
}

export class LeaseViews {
  constructor(
    private readonly db: SqlClient,
    private readonly engines: SiteEngines,
    private readonly clock: Clock,
  ) {}

  private async visibleLease(by: Principal, ref: string) {
    return resolveLease(this.db, tenantScope(by), ref);
  }

  /** What a lease holds now (per model against its due tranches, per block), its placements and shortfalls. */
  async allocation(by: Principal, ref: string): Promise<LeaseAllocation> {
    const lease = await this.visibleLease(by, ref);
    const [placements, shortfalls, names] = await Promise.all([
      tranchePlacements(this.db, [lease.id]),
      shortfallsOf(this.db, tenantScope(by), lease.id),
      tenantAndSiteNames(this.db, [lease.tenantId, ...(lease.siteId ? [lease.siteId] : [])]),
    ]);
    const named = {
      leaseId: lease.id,
      leaseName: lease.name,
      tenantName: names.get(lease.tenantId) ?? lease.tenantId,
    };
    if (!lease.siteId)
      return { ...named, siteId: null, siteName: null, byModel: [], blocks: [], placements, shortfalls };
    const engine = await this.engines.get(this.db, lease.siteId);
    const holding = leaseHolding(engine.state, lease, this.clock.now());
    const siteName = names.get(lease.siteId) ?? lease.siteId;
    return { ...named, siteId: lease.siteId, siteName, ...holding, placements, shortfalls };
  }

  /** A lease's versions (who changed what, when and why) and its outbox events. */
  async history(by: Principal, ref: string): Promise<{ versions: LeaseVersion[]; events: OutboxEvent[] }> {
    const lease = await this.visibleLease(by, ref);
    const [versions, events] = await Promise.all([
      leaseVersions(this.db, lease.id),
      listOutbox(this.db, tenantScope(by), { aggregateId: lease.id, limit: 500 }),
    ]);
    return {
      versions: versions.map((v) => ({ ...v, actor: asSeenBy(by, v.actor), reason: asSeenBy(by, v.reason) })),
      events,
    };
  }

  /**
   * Every node that entered or left a lease, and why: the nodes a starting tranche took from the
   * house, failed nodes and their replacements, the nodes released at the end. Paged by move id.
   */
  async nodeMoves(
    by: Principal,
    ref: string,
    page: { afterId: number; limit: number },
  ): Promise<AllocationMove[]> {
    const lease = await this.visibleLease(by, ref);
    return (await leaseMoves(this.db, lease.id, page.afterId, page.limit)).map((m) => ({
      ...m,
      reason: asSeenBy(by, m.reason),
    }));
  }

  /** The site's allocation map: every rack's nodes by holder, and the leases on the site. */
  async allocationMap(siteRef: string): Promise<AllocationMap> {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const engine = await this.engines.get(this.db, site.id);
    return { siteId: site.id, ...rackHolders(engine.state) };
  }
}
