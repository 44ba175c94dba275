/**
 * Read models over leases: a lease's allocation by block, its history and events, and the site's
 * allocation map (every rack's nodes by holder) the dashboard colours by tenant.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import { type LeaseHolding, leaseHolding } from "../allocation/lease-holding.js";
import { type RackHolders, rackHolders } from "../allocation/rack-holders.js";
import { LeaseholdError } from "../shared/errors.js";
import {
  type AllocationMove,
  leaseMoves,
  type Shortfall,
  shortfallsOf,
  type TranchePlacement,
  tranchePlacements,
} from "../store/allocation-repository.js";
import {
  findLease,
  type LeaseVersion,
  leaseVersions,
  listOutbox,
  type OutboxEvent,
} from "../store/lease-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { SiteEngines } from "./site-engines.js";

export interface LeaseAllocation extends LeaseHolding {
  leaseId: string;
  siteId: string | null;
  placements: TranchePlacement[];
  shortfalls: Shortfall[];
}

async function visibleLease(db: SqlClient, by: Principal, ref: string) {
  const lease = await findLease(db, tenantScope(by), ref);
  if (!lease) throw new LeaseholdError("LEASE_NOT_FOUND", `no lease with id or name ${ref}`);
  return lease;
}

export async function leaseAllocation(
  db: SqlClient,
  engines: SiteEngines,
  by: Principal,
  ref: string,
  now: string,
): Promise<LeaseAllocation> {
  const lease = await visibleLease(db, by, ref);
  const [placements, shortfalls] = await Promise.all([
    tranchePlacements(db, [lease.id]),
    shortfallsOf(db, tenantScope(by), lease.id),
  ]);
  if (!lease.siteId)
    return { leaseId: lease.id, siteId: null, byModel: [], blocks: [], placements, shortfalls };
  const engine = await engines.get(db, lease.siteId);
  const holding = leaseHolding(engine.state, lease, now);
  return { leaseId: lease.id, siteId: lease.siteId, ...holding, placements, shortfalls };
}

export async function leaseHistory(
  db: SqlClient,
  by: Principal,
  ref: string,
): Promise<{ versions: LeaseVersion[]; events: OutboxEvent[] }> {
  const lease = await visibleLease(db, by, ref);
  const [versions, events] = await Promise.all([
    leaseVersions(db, lease.id),
    listOutbox(db, tenantScope(by), { aggregateId: lease.id, limit: 500 }),
  ]);
  return { versions, events };
}

/** Every rack of a site with its nodes by holder: `house`, `spare`, `out` (failed/maintenance) or a lease id. */
export interface AllocationMap extends RackHolders {
  siteId: string;
}

export async function allocationMap(
  db: SqlClient,
  engines: SiteEngines,
  siteRef: string,
): Promise<AllocationMap> {
  const site = await findSite(db, siteRef);
  if (!site) throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${siteRef}`);
  const engine = await engines.get(db, site.id);
  return { siteId: site.id, ...rackHolders(engine.state) };
}

/**
 * Every node that entered or left a lease, and why: the nodes a starting tranche took from the
 * house, failed nodes and their replacements, the nodes released at the end. Paged by move id.
 */
export async function leaseNodeMoves(
  db: SqlClient,
  by: Principal,
  ref: string,
  page: { afterId: number; limit: number },
): Promise<{ moves: AllocationMove[]; nextAfter: number | null }> {
  const lease = await visibleLease(db, by, ref);
  const moves = await leaseMoves(db, lease.id, page.afterId, page.limit);
  const last = moves[moves.length - 1];
  return { moves, nextAfter: moves.length === page.limit && last ? last.id : null };
}
