/**
 * Heartbeats' traces in PostgreSQL: each agent's sequence high-water mark, each node's latest
 * heartbeat and health, the operator's health policy, and measured energy per site, holder, hour.
 * @module
 */
import type { HealthPolicy, HealthProblem } from "../health/health-policy.js";
import type { SqlClient } from "./sql-client.js";

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Takes the agent's row (creating it at 0) and holds it for the transaction; returns the highest
 * sequence already counted and the node the agent reports for.
 */
export async function lockAgentSequence(
  tx: SqlClient,
  agentId: string,
  nodeId: string,
): Promise<{ highWater: number; nodeId: string }> {
  const rows = await tx.query<{ highWater: string; nodeId: string }>(
    `INSERT INTO agent_sequences (agent_id, node_id, high_water) VALUES ($1, $2, 0)
     ON CONFLICT (agent_id) DO UPDATE SET high_water = agent_sequences.high_water
     RETURNING high_water AS "highWater", node_id AS "nodeId"`,
    [agentId, nodeId],
  );
  const row = rows[0];
  if (!row) throw new Error("agent sequence upsert returned no row");
  return { highWater: Number(row.highWater), nodeId: row.nodeId };
}

export interface NodeHealthRow {
  nodeId: string;
  state: "healthy" | "degraded" | "failed" | "maintenance";
  gpuCount: number;
  goodStreak: number;
  healthCause: HealthProblem["kind"] | null;
  energyCarryMj: number;
  heartbeats: number;
}

/** A node's state and health, its health row locked for the transaction (zeros when it has none). */
export async function lockNodeHealth(tx: SqlClient, nodeId: string): Promise<NodeHealthRow | undefined> {
  const rows = await tx.query<{
    state: NodeHealthRow["state"];
    gpuCount: number;
    goodStreak: number | null;
    healthCause: NodeHealthRow["healthCause"];
    energyCarryMj: string | null;
    heartbeats: string | null;
  }>(
    `SELECT n.state, n.gpu_count AS "gpuCount", h.good_streak AS "goodStreak", h.health_cause AS "healthCause",
            h.energy_carry_mj AS "energyCarryMj", h.heartbeats
     FROM nodes n LEFT JOIN node_health h ON h.node_id = n.id WHERE n.id = $1
     FOR UPDATE OF n`,
    [nodeId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    nodeId,
    state: row.state,
    gpuCount: row.gpuCount,
    goodStreak: row.goodStreak ?? 0,
    healthCause: row.healthCause,
    energyCarryMj: Number(row.energyCarryMj ?? 0),
    heartbeats: Number(row.heartbeats ?? 0),
  };
}

export interface HeartbeatWrite {
  nodeId: string;
  siteId: string;
  agentId: string;
  /** The highest sequence counted by this write. */
  highWater: number;
  receivedAt: string;
  readAt: string;
  intervalS: number;
  gpusSeen: number;
  powerW: number | null;
  goodStreak: number;
  lastProblem: string | null;
  /** Heartbeats this write counts. */
  counted: number;
  energyCarryMj: number;
  /** Energy per holder and hour (ISO, on the hour). */
  energy: ReadonlyArray<{ holder: string; hour: string; wh: number; readings: number }>;
}

/** Writes what a batch of fresh heartbeats of one node counted, in three statements. */
export async function writeHeartbeats(tx: SqlClient, w: HeartbeatWrite): Promise<void> {
  await tx.query("UPDATE agent_sequences SET high_water = $2 WHERE agent_id = $1", [w.agentId, w.highWater]);
  await tx.query(
    `INSERT INTO node_health (node_id, site_id, received_at, read_at, interval_s, gpus_seen, power_w,
       good_streak, health_cause, last_problem, heartbeats, energy_carry_mj)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11)
     ON CONFLICT (node_id) DO UPDATE SET received_at = $3, read_at = $4, interval_s = $5, gpus_seen = $6,
       power_w = $7, good_streak = $8, last_problem = COALESCE($9, node_health.last_problem),
       heartbeats = node_health.heartbeats + $10, energy_carry_mj = $11`,
    [
      w.nodeId,
      w.siteId,
      w.receivedAt,
      w.readAt,
      w.intervalS,
      w.gpusSeen,
      w.powerW,
      w.goodStreak,
      w.lastProblem,
      w.counted,
      w.energyCarryMj,
    ],
  );
  if (w.energy.length === 0) return;
  await tx.query(
    `INSERT INTO measured_energy_hours (site_id, holder, hour, it_energy_wh, readings)
     SELECT $1, holder, hour, wh, readings
     FROM unnest($2::text[], $3::timestamptz[], $4::bigint[], $5::bigint[]) AS t(holder, hour, wh, readings)
     ON CONFLICT (site_id, holder, hour) DO UPDATE SET
       it_energy_wh = measured_energy_hours.it_energy_wh + EXCLUDED.it_energy_wh,
       readings = measured_energy_hours.readings + EXCLUDED.readings`,
    [
      w.siteId,
      w.energy.map((e) => e.holder),
      w.energy.map((e) => e.hour),
      w.energy.map((e) => e.wh),
      w.energy.map((e) => e.readings),
    ],
  );
}

/** Records (or clears, with null) the cause health failed nodes for. */
export async function setHealthCause(
  db: SqlClient,
  nodeIds: readonly string[],
  cause: HealthProblem["kind"] | null,
  reason: string | null,
): Promise<void> {
  await db.query(
    `UPDATE node_health SET health_cause = $2, last_problem = COALESCE($3, last_problem),
       good_streak = CASE WHEN $2::text IS NULL THEN good_streak ELSE 0 END
     WHERE node_id = ANY($1::text[])`,
    [nodeIds, cause, reason],
  );
}

export interface SilentNode {
  nodeId: string;
  siteId: string;
  receivedAt: string;
  intervalS: number;
}

/**
 * Powered nodes whose last heartbeat is older than `missedIntervals` of their own interval at
 * `now`, oldest first.
 */
export async function silentNodes(
  db: SqlClient,
  now: string,
  missedIntervals: number,
  limit: number,
): Promise<SilentNode[]> {
  return db.query<SilentNode>(
    `SELECT h.node_id AS "nodeId", h.site_id AS "siteId", ${TS("h.received_at")} AS "receivedAt",
            h.interval_s AS "intervalS"
     FROM node_health h JOIN nodes n ON n.id = h.node_id
     WHERE n.state IN ('healthy', 'degraded')
       AND h.received_at < $1::timestamptz - make_interval(secs => h.interval_s * $2)
     ORDER BY h.received_at LIMIT $3`,
    [now, missedIntervals, limit],
  );
}

export async function readHealthPolicy(db: SqlClient): Promise<HealthPolicy | undefined> {
  const rows = await db.query<{ fatalXids: number[]; missedIntervals: number; recoveryHeartbeats: number }>(
    `SELECT fatal_xids AS "fatalXids", missed_intervals AS "missedIntervals",
            recovery_heartbeats AS "recoveryHeartbeats" FROM health_policy`,
  );
  return rows[0];
}

export async function saveHealthPolicy(
  db: SqlClient,
  policy: HealthPolicy,
  at: string,
  by: string,
): Promise<void> {
  await db.query(
    `INSERT INTO health_policy (id, fatal_xids, missed_intervals, recovery_heartbeats, updated_at, updated_by)
     VALUES (true, $1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET fatal_xids = $1, missed_intervals = $2, recovery_heartbeats = $3,
       updated_at = $4, updated_by = $5`,
    [policy.fatalXids, policy.missedIntervals, policy.recoveryHeartbeats, at, by],
  );
}

export interface SiteHeartbeats {
  /** Nodes with an agent that has reported. */
  reporting: number;
  /** Of those, nodes heard from within `freshS` seconds. */
  fresh: number;
  /** GPU power of the fresh nodes' last heartbeats, watts. */
  freshPowerW: number;
  /** When the newest heartbeat arrived (app clock), or null when none has. */
  newestAt: string | null;
}

/** A site's heartbeat freshness and latest measured GPU power at `now`. */
export async function siteHeartbeats(
  db: SqlClient,
  siteId: string,
  now: string,
  freshS: number,
): Promise<SiteHeartbeats> {
  const rows = await db.query<{
    reporting: number;
    fresh: number;
    power: number | null;
    newest: string | null;
  }>(
    `SELECT count(*)::int AS reporting,
            count(*) FILTER (WHERE received_at >= $2::timestamptz - make_interval(secs => $3))::int AS fresh,
            sum(power_w) FILTER (WHERE received_at >= $2::timestamptz - make_interval(secs => $3)) AS power,
            ${TS("max(received_at)")} AS newest
     FROM node_health WHERE site_id = $1`,
    [siteId, now, freshS],
  );
  const row = rows[0];
  return {
    reporting: row?.reporting ?? 0,
    fresh: row?.fresh ?? 0,
    freshPowerW: Number(row?.power ?? 0),
    newestAt: row?.newest ?? null,
  };
}

export interface FailedNodeRow {
  node: string;
  path: string;
  reason: string;
  since: string;
  lastHeartbeatAt: string | null;
}

/** A site's failed nodes with the reason of the event that failed them, newest failure first. */
export async function failedNodes(db: SqlClient, siteId: string): Promise<FailedNodeRow[]> {
  return db.query<FailedNodeRow>(
    `SELECT n.name AS node, n.path, ${TS("n.state_changed_at")} AS since,
            COALESCE((SELECT e.reason FROM node_events e WHERE e.node_id = n.id ORDER BY e.at DESC, e.id DESC LIMIT 1), '') AS reason,
            CASE WHEN h.received_at IS NULL THEN NULL ELSE ${TS("h.received_at")} END AS "lastHeartbeatAt"
     FROM nodes n LEFT JOIN node_health h ON h.node_id = n.id
     WHERE n.site_id = $1 AND n.state = 'failed'
     ORDER BY n.state_changed_at DESC, n.name`,
    [siteId],
  );
}

/** Measured energy of a site per hour from `since`, all holders together, oldest first. */
export async function siteEnergyByHour(
  db: SqlClient,
  siteId: string,
  since: string,
): Promise<Array<{ hour: string; wh: number; readings: number }>> {
  const rows = await db.query<{ hour: string; wh: string; readings: string }>(
    `SELECT ${TS("hour")} AS hour, sum(it_energy_wh) AS wh, sum(readings) AS readings
     FROM measured_energy_hours WHERE site_id = $1 AND hour >= $2 GROUP BY hour ORDER BY hour`,
    [siteId, since],
  );
  return rows.map((r) => ({ hour: r.hour, wh: Number(r.wh), readings: Number(r.readings) }));
}

/** Measured GPU power of each site's and each lease's fresh nodes now, watts (for /metrics). */
export async function measuredPowerNow(
  db: SqlClient,
  now: string,
  freshS: number,
): Promise<{
  sites: Array<{ site: string; watts: number; fresh: number; reporting: number }>;
  leases: Array<{ lease: string; site: string; watts: number }>;
}> {
  const sites = await db.query<{ site: string; watts: number | null; fresh: number; reporting: number }>(
    `SELECT s.name AS site, sum(h.power_w) FILTER (WHERE h.received_at >= $1::timestamptz - make_interval(secs => $2)) AS watts,
            count(*) FILTER (WHERE h.received_at >= $1::timestamptz - make_interval(secs => $2))::int AS fresh,
            count(*)::int AS reporting
     FROM node_health h JOIN sites s ON s.id = h.site_id GROUP BY s.name ORDER BY s.name`,
    [now, freshS],
  );
  const leases = await db.query<{ lease: string; site: string; watts: number | null }>(
    `SELECT a.lease_id AS lease, s.name AS site, sum(h.power_w) AS watts
     FROM node_health h JOIN allocations a ON a.node_id = h.node_id JOIN sites s ON s.id = h.site_id
     WHERE h.received_at >= $1::timestamptz - make_interval(secs => $2)
     GROUP BY a.lease_id, s.name ORDER BY a.lease_id`,
    [now, freshS],
  );
  return {
    sites: sites.map((r) => ({ ...r, watts: Number(r.watts ?? 0) })),
    leases: leases.map((r) => ({ ...r, watts: Number(r.watts ?? 0) })),
  };
}

/** The fresh reports of a site's powered nodes: how many, their GPU power, their catalogue estimate. */
export async function measuredSitePower(
  db: SqlClient,
  siteId: string,
  now: string,
  freshS: number,
): Promise<{ freshNodes: number; measuredItW: number; nameplateItKw: number }> {
  const rows = await db.query<{ fresh: number; watts: number | null; kw: number | null }>(
    `SELECT count(*)::int AS fresh, sum(h.power_w) AS watts, sum(n.gpu_count * m.power_kw_per_gpu) AS kw
     FROM node_health h JOIN nodes n ON n.id = h.node_id JOIN gpu_models m ON m.name = n.gpu_model
     WHERE h.site_id = $1 AND h.received_at >= $2::timestamptz - make_interval(secs => $3)
       AND h.power_w IS NOT NULL AND n.state IN ('healthy', 'degraded')`,
    [siteId, now, freshS],
  );
  const row = rows[0];
  return {
    freshNodes: row?.fresh ?? 0,
    measuredItW: Number(row?.watts ?? 0),
    nameplateItKw: Number(row?.kw ?? 0),
  };
}
