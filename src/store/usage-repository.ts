/**
 * What metering reads: a lease's (or a site's) allocation events and the state events of the
 * nodes involved, as plain numbers, straight from the history tables; and a lease's shortfalls.
 * @module
 */
import type { HoldingEvent, MeteredNode, StateEvent } from "../metering/delivered-hours.js";
import type { ShortfallRecord } from "../metering/downtime.js";
import type { SqlClient } from "./sql-client.js";

const MS = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;

/** A lease's node entries and exits before `untilIso`, any order. */
export async function leaseHoldingEvents(
  db: SqlClient,
  leaseId: string,
  untilIso: string,
): Promise<HoldingEvent[]> {
  return db.query<HoldingEvent>(
    `SELECT node_id AS "nodeId", ${MS("at")} AS "atMs", to_holder = 'lease:' || lease_id AS entered
     FROM allocation_events WHERE lease_id = $1 AND at < $2`,
    [leaseId, untilIso],
  );
}

/** Every lease's node entries and exits at a site before `untilIso`, with the lease. */
export async function siteHoldingEvents(
  db: SqlClient,
  siteId: string,
  untilIso: string,
): Promise<Array<HoldingEvent & { leaseId: string }>> {
  return db.query(
    `SELECT node_id AS "nodeId", lease_id AS "leaseId", ${MS("at")} AS "atMs", to_holder = 'lease:' || lease_id AS entered
     FROM allocation_events WHERE site_id = $1 AND lease_id IS NOT NULL AND at < $2`,
    [siteId, untilIso],
  );
}

/** State changes before `untilIso` of the nodes the lease ever held. */
export async function leaseNodeStateEvents(
  db: SqlClient,
  leaseId: string,
  untilIso: string,
): Promise<StateEvent[]> {
  return db.query<StateEvent>(
    `SELECT e.node_id AS "nodeId", ${MS("e.at")} AS "atMs", e.from_state AS "fromState", e.to_state AS "toState", e.reason
     FROM node_events e
     WHERE e.at < $2 AND e.node_id IN (SELECT DISTINCT node_id FROM allocation_events WHERE lease_id = $1)`,
    [leaseId, untilIso],
  );
}

/** State changes before `untilIso` of every node of a site. */
export async function siteNodeStateEvents(
  db: SqlClient,
  siteId: string,
  untilIso: string,
): Promise<StateEvent[]> {
  return db.query<StateEvent>(
    `SELECT e.node_id AS "nodeId", ${MS("e.at")} AS "atMs", e.from_state AS "fromState", e.to_state AS "toState", e.reason
     FROM node_events e JOIN nodes n ON n.id = e.node_id
     WHERE n.site_id = $1 AND e.at < $2`,
    [siteId, untilIso],
  );
}

/** GPU model and count of the nodes a lease ever held (or of every node at a site). */
export async function meteredNodes(
  db: SqlClient,
  scope: { leaseId: string } | { siteId: string },
): Promise<Map<string, MeteredNode>> {
  const rows =
    "leaseId" in scope
      ? await db.query<{ id: string; gpuModel: string; gpuCount: number }>(
          `SELECT id, gpu_model AS "gpuModel", gpu_count AS "gpuCount" FROM nodes
           WHERE id IN (SELECT DISTINCT node_id FROM allocation_events WHERE lease_id = $1)`,
          [scope.leaseId],
        )
      : await db.query<{ id: string; gpuModel: string; gpuCount: number }>(
          `SELECT id, gpu_model AS "gpuModel", gpu_count AS "gpuCount" FROM nodes WHERE site_id = $1`,
          [scope.siteId],
        );
  return new Map(rows.map((r) => [r.id, { gpuModel: r.gpuModel, gpuCount: r.gpuCount }]));
}

/** A lease's shortfall records that began before `untilIso`. */
export async function leaseShortfallRecords(
  db: SqlClient,
  leaseId: string,
  untilIso: string,
): Promise<ShortfallRecord[]> {
  return db.query<ShortfallRecord>(
    `SELECT gpu_model AS "gpuModel", missing_gpus AS "missingGpus", ${MS("started_at")} AS "startedAtMs",
       CASE WHEN ended_at IS NULL THEN NULL ELSE ${MS("ended_at")} END AS "endedAtMs", cause
     FROM lease_shortfalls WHERE lease_id = $1 AND started_at < $2 ORDER BY started_at`,
    [leaseId, untilIso],
  );
}
