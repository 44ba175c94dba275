/**
 * Read models over leases: a lease's allocation by block, its history and events, and the site's
 * allocation map (every rack's nodes by holder) the dashboard colours by tenant.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import { at, SPARE, UNASSIGNED } from "../allocation/node-codes.js";
import { domainPath } from "../allocation/topology-domains.js";
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
import { missingGpus, type SiteEngines } from "./site-engines.js";

export interface LeaseAllocation {
  leaseId: string;
  siteId: string | null;
  /** GPUs held now, and missing against the tranches due now, per model. */
  byModel: Array<{ gpuModel: string; heldGpus: number; missingGpus: number }>;
  /** Held nodes grouped by block (the level above racks' parent), in path order. */
  blocks: Array<{ block: string; nodes: number; gpus: number; racks: number }>;
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
  const { index, state } = engine;
  const slot = state.leaseSlots.get(lease.id);
  const record = slot === undefined ? undefined : state.leases[slot];
  const blocks = new Map<string, { nodes: number; gpus: number; racks: Set<number> }>();
  const held = new Map<string, number>();
  for (const i of [...(record?.nodes ?? [])].sort((a, b) => a - b)) {
    const leaf = at(index.domains.nodeLeaf, i);
    let block = leaf;
    while (block > 0 && at(index.domains.level, block) > index.blockDepth)
      block = at(index.domains.parent, block);
    const path = domainPath(index.domains, block);
    const entry = blocks.get(path) ?? { nodes: 0, gpus: 0, racks: new Set<number>() };
    entry.nodes++;
    entry.gpus += at(index.nodeGpus, i);
    entry.racks.add(leaf);
    blocks.set(path, entry);
    const model = index.models[at(index.nodeModel, i)]?.name ?? "?";
    held.set(model, (held.get(model) ?? 0) + at(index.nodeGpus, i));
  }
  const missing = missingGpus(engine, lease, now);
  const models = new Set([...held.keys(), ...missing.keys()]);
  return {
    leaseId: lease.id,
    siteId: lease.siteId,
    byModel: [...models].map((gpuModel) => ({
      gpuModel,
      heldGpus: held.get(gpuModel) ?? 0,
      missingGpus: missing.get(gpuModel) ?? 0,
    })),
    blocks: [...blocks].map(([block, e]) => ({ block, nodes: e.nodes, gpus: e.gpus, racks: e.racks.size })),
    placements,
    shortfalls,
  };
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
export interface AllocationMap {
  siteId: string;
  racks: Array<{ path: string; holders: Record<string, number> }>;
  leases: Array<{ leaseId: string; tenantId: string; nodes: number }>;
}

export async function allocationMap(
  db: SqlClient,
  engines: SiteEngines,
  siteRef: string,
): Promise<AllocationMap> {
  const site = await findSite(db, siteRef);
  if (!site) throw new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${siteRef}`);
  const { index, state } = await engines.get(db, site.id);
  const racks = new Map<number, Record<string, number>>();
  for (let i = 0; i < index.nodeCount; i++) {
    const owner = at(state.owner, i);
    const holder =
      owner >= 0
        ? (state.leases[owner]?.leaseId ?? "house")
        : owner === SPARE
          ? "spare"
          : owner === UNASSIGNED
            ? "out"
            : "house";
    const leaf = at(index.domains.nodeLeaf, i);
    const holders = racks.get(leaf) ?? {};
    holders[holder] = (holders[holder] ?? 0) + 1;
    racks.set(leaf, holders);
  }
  return {
    siteId: site.id,
    racks: [...racks].map(([leaf, holders]) => ({ path: domainPath(index.domains, leaf), holders })),
    leases: state.leases.flatMap((r) =>
      r ? [{ leaseId: r.leaseId, tenantId: r.tenantId, nodes: r.nodes.length }] : [],
    ),
  };
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
