/**
 * What metering reads: a lease's (or a site's) allocation events and the state events of the
 * nodes involved, as plain numbers, straight from the history tables; and a lease's shortfalls.
 * @module
 */
import type { HoldingEvent, MeteredNode, StateEvent } from "../metering/delivered-hours.js";
import type { ShortfallRecord } from "../metering/downtime.js";
import type { SqlClient } from "./sql-client.js";

const MS = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;
const MS_TEXT = (col: string) => `(extract(epoch FROM ${col}) * 1000)::bigint::text`;

/**
 * Tens of thousands of small rows cost far more to hand over one by one (PGlite decodes each) than
 * as one text of lines; the history reads come back that way: one row, fields split by tabs.
 */
async function lines(db: SqlClient, select: string, params: unknown[]): Promise<string[][]> {
  const rows = await db.query<{ t: string | null }>(
    `SELECT string_agg(line, E'\\n') AS t FROM (${select}) x`,
    params,
  );
  const text = rows[0]?.t;
  return text ? text.split("\n").map((l) => l.split("\t")) : [];
}

/** A lease's node entries and exits before `untilIso`, any order. */
export async function leaseHoldingEvents(
  db: SqlClient,
  leaseId: string,
  untilIso: string,
): Promise<HoldingEvent[]> {
  const rows = await lines(
    db,
    `SELECT node_id || E'\\t' || ${MS_TEXT("at")} || E'\\t' || (to_holder = 'lease:' || lease_id)::int AS line
     FROM allocation_events WHERE lease_id = $1 AND at < $2`,
    [leaseId, untilIso],
  );
  return rows.map(([nodeId = "", at = "0", entered = "0"]) => ({
    nodeId,
    atMs: Number(at),
    entered: entered === "1",
  }));
}

/** Every lease's node entries and exits at a site before `untilIso`, with the lease. */
export async function siteHoldingEvents(
  db: SqlClient,
  siteId: string,
  untilIso: string,
): Promise<Array<HoldingEvent & { leaseId: string }>> {
  const rows = await lines(
    db,
    `SELECT node_id || E'\\t' || lease_id || E'\\t' || ${MS_TEXT("at")} || E'\\t' || (to_holder = 'lease:' || lease_id)::int AS line
     FROM allocation_events WHERE site_id = $1 AND lease_id IS NOT NULL AND at < $2`,
    [siteId, untilIso],
  );
  return rows.map(([nodeId = "", leaseId = "", at = "0", entered = "0"]) => ({
    nodeId,
    leaseId,
    atMs: Number(at),
    entered: entered === "1",
  }));
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
  const line = `id || E'\\t' || gpu_model || E'\\t' || gpu_count AS line`;
  const rows =
    "leaseId" in scope
      ? await lines(
          db,
          `SELECT ${line} FROM nodes WHERE id IN (SELECT DISTINCT node_id FROM allocation_events WHERE lease_id = $1)`,
          [scope.leaseId],
        )
      : await lines(db, `SELECT ${line} FROM nodes WHERE site_id = $1`, [scope.siteId]);
  return new Map(
    rows.map(([id = "", gpuModel = "", gpus = "0"]) => [id, { gpuModel, gpuCount: Number(gpus) }]),
  );
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
