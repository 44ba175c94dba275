/**
 * Allocations in PostgreSQL: which lease holds which node, every change of holder (the history
 * metering reads), the tranches placed, and the shortfalls a lease ran with. Bulk writes use
 * array parameters: one statement per change set, whatever its size.
 * @module
 */
import type { TenantScope } from "../access/principal.js";
import type { SqlClient } from "./sql-client.js";

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A change of holder for a set of nodes. Holders: `house`, `spare`, `out_of_service` or `lease:<id>`. */
export interface HolderChange {
  nodeIds: readonly string[];
  from: readonly string[];
  to: string;
  leaseId: string | null;
  reason: string;
}

/**
 * Gives nodes to a lease: allocation rows plus one history event each, in one statement. A node
 * that is already held fails the statement (primary key): never silently moved between leases.
 */
export async function assignNodes(
  db: SqlClient,
  siteId: string,
  leaseId: string,
  change: HolderChange,
  at: string,
): Promise<void> {
  if (change.nodeIds.length === 0) return;
  await db.query(
    `WITH assigned AS (
       INSERT INTO allocations (node_id, site_id, lease_id, since)
       SELECT unnest($2::text[]), $1, $3, $4
     )
     INSERT INTO allocation_events (at, site_id, node_id, from_holder, to_holder, lease_id, reason)
     SELECT $4, $1, node_id, from_holder, $5, $3, $6 FROM unnest($2::text[], $7::text[]) AS t(node_id, from_holder)`,
    [siteId, change.nodeIds, leaseId, at, change.to, change.reason, change.from],
  );
}

/** Takes nodes from whatever lease holds them: deletes their rows and records where they went. */
export async function unassignNodes(
  db: SqlClient,
  siteId: string,
  change: HolderChange,
  at: string,
): Promise<void> {
  if (change.nodeIds.length === 0) return;
  await db.query(
    `WITH removed AS (DELETE FROM allocations WHERE node_id = ANY($2::text[]))
     INSERT INTO allocation_events (at, site_id, node_id, from_holder, to_holder, lease_id, reason)
     SELECT $3, $1, node_id, from_holder, $4, $5, $6 FROM unnest($2::text[], $7::text[]) AS t(node_id, from_holder)`,
    [siteId, change.nodeIds, at, change.to, change.leaseId, change.reason, change.from],
  );
}

/** Node ids held by each lease of a site. */
export async function allocationsOfSite(db: SqlClient, siteId: string): Promise<Map<string, string[]>> {
  const rows = await db.query<{ lease_id: string; node_ids: string[] }>(
    "SELECT lease_id, array_agg(node_id ORDER BY node_id) AS node_ids FROM allocations WHERE site_id = $1 GROUP BY lease_id",
    [siteId],
  );
  return new Map(rows.map((r) => [r.lease_id, r.node_ids]));
}

export interface TranchePlacement {
  leaseId: string;
  trancheKey: string;
  lineKey: string;
  placedAt: string;
  gpuModel: string;
  gpus: number;
  nodes: number;
  preemptedHouseNodes: number;
  fitLevel: string;
  pieces: Array<{ block: string; nodes: number; gpus: number }>;
}

export async function insertTranchePlacement(db: SqlClient, p: TranchePlacement): Promise<void> {
  await db.query(
    `INSERT INTO tranche_placements (lease_id, tranche_key, line_key, placed_at, gpu_model, gpus, nodes,
       preempted_house_nodes, fit_level, pieces)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [
      p.leaseId,
      p.trancheKey,
      p.lineKey,
      p.placedAt,
      p.gpuModel,
      p.gpus,
      p.nodes,
      p.preemptedHouseNodes,
      p.fitLevel,
      JSON.stringify(p.pieces),
    ],
  );
}

/** Tranche placements of the given leases (all placements of a site's holding leases at start-up). */
export async function tranchePlacements(
  db: SqlClient,
  leaseIds: readonly string[],
): Promise<TranchePlacement[]> {
  if (leaseIds.length === 0) return [];
  return db.query<TranchePlacement>(
    `SELECT lease_id AS "leaseId", tranche_key AS "trancheKey", line_key AS "lineKey", ${TS("placed_at")} AS "placedAt",
       gpu_model AS "gpuModel", gpus, nodes, preempted_house_nodes AS "preemptedHouseNodes", fit_level AS "fitLevel", pieces
     FROM tranche_placements WHERE lease_id = ANY($1::text[]) ORDER BY placed_at, tranche_key, line_key`,
    [leaseIds],
  );
}

export interface Shortfall {
  leaseId: string;
  gpuModel: string;
  missingGpus: number;
  startedAt: string;
  endedAt: string | null;
  cause: string;
}

/**
 * Records a lease's current shortfall of one model: closes the open record if the number changed
 * and opens a new one when GPUs are still missing. Downtime = missing GPUs × each record's span.
 */
export async function reconcileShortfall(
  db: SqlClient,
  s: { leaseId: string; gpuModel: string; missingGpus: number; at: string; cause: string },
): Promise<boolean> {
  const open = await db.query<{ id: string; missing_gpus: number }>(
    "SELECT id::text AS id, missing_gpus FROM lease_shortfalls WHERE lease_id = $1 AND gpu_model = $2 AND ended_at IS NULL",
    [s.leaseId, s.gpuModel],
  );
  const current = open[0];
  if ((current?.missing_gpus ?? 0) === s.missingGpus) return false;
  if (current)
    await db.query("UPDATE lease_shortfalls SET ended_at = $2 WHERE id = $1::bigint", [current.id, s.at]);
  if (s.missingGpus > 0) {
    await db.query(
      "INSERT INTO lease_shortfalls (lease_id, gpu_model, missing_gpus, started_at, cause) VALUES ($1, $2, $3, $4, $5)",
      [s.leaseId, s.gpuModel, s.missingGpus, s.at, s.cause],
    );
  }
  return true;
}

/** A lease's shortfall records, newest first, if the scope may see the lease. */
export async function shortfallsOf(db: SqlClient, scope: TenantScope, leaseId: string): Promise<Shortfall[]> {
  return db.query<Shortfall>(
    `SELECT s.lease_id AS "leaseId", s.gpu_model AS "gpuModel", s.missing_gpus AS "missingGpus", ${TS("s.started_at")} AS "startedAt",
       CASE WHEN s.ended_at IS NULL THEN NULL ELSE ${TS("s.ended_at")} END AS "endedAt", s.cause
     FROM lease_shortfalls s JOIN leases l ON l.id = s.lease_id
     WHERE s.lease_id = $1 AND ($2::text IS NULL OR l.tenant_id = $2) ORDER BY s.started_at DESC`,
    [leaseId, scope.tenantId],
  );
}

/**
 * Serialises allocation changes of one site across every server sharing the database, until the
 * transaction ends: takes the site's row lock and returns the site's version as it stands under
 * it (undefined when the site is gone). Every allocation change bumps that version, so a writer
 * that decided on an older version (see `writeNodeStates`) finds out under the same lock.
 */
export async function lockSiteAllocation(db: SqlClient, siteId: string): Promise<number | undefined> {
  const rows = await db.query<{ version: string }>(
    "SELECT version::text AS version FROM sites WHERE id = $1 FOR NO KEY UPDATE",
    [siteId],
  );
  return rows[0] ? Number(rows[0].version) : undefined;
}

/** One move of a node into or out of a lease: what metering reads delivered GPU-hours from. */
export interface AllocationMove {
  id: number;
  at: string;
  nodeId: string;
  nodeName: string;
  path: string;
  gpus: number;
  from: string;
  to: string;
  reason: string;
}

/** A lease's node moves in order, after `afterId` (a page of at most `limit`). */
export async function leaseMoves(
  db: SqlClient,
  leaseId: string,
  afterId: number,
  limit: number,
): Promise<AllocationMove[]> {
  const rows = await db.query<AllocationMove & { id: string }>(
    `SELECT e.id::text AS id, ${TS("e.at")} AS at, e.node_id AS "nodeId", n.name AS "nodeName", n.path, n.gpu_count AS gpus,
       e.from_holder AS "from", e.to_holder AS "to", e.reason
     FROM allocation_events e JOIN nodes n ON n.id = e.node_id
     WHERE e.lease_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
    [leaseId, afterId, limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
