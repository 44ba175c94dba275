/**
 * Nodes in PostgreSQL: bulk insert for imports, aggregates for summaries and maps, keyset
 * pagination for listings, and state changes with their history.
 * @module
 */
import type { FleetNode, NodeState } from "../fleet/node.js";
import type { StateCount } from "../fleet/site-summary.js";
import type { RackCount } from "../fleet/topology-map.js";
import type { SqlClient } from "./sql-client.js";

/** A node ready to insert (its id already issued). */
export interface NewNode {
  id: string;
  name: string;
  path: string;
  gpuModel: string;
  gpuCount: number;
  state: NodeState;
}

/** Rows per INSERT … SELECT FROM unnest(...): one statement per chunk, six array parameters. */
const INSERT_CHUNK = 10_000;

/**
 * Inserts nodes with one array-parameter statement per 10,000 rows, their states as of `at` (ISO
 * 8601), reporting the rows written after each statement.
 */
export async function insertNodes(
  db: SqlClient,
  siteId: string,
  nodes: readonly NewNode[],
  at: string,
  onWritten: (rows: number) => void = () => undefined,
): Promise<void> {
  for (let start = 0; start < nodes.length; start += INSERT_CHUNK) {
    const chunk = nodes.slice(start, start + INSERT_CHUNK);
    await db.query(
      `INSERT INTO nodes (id, site_id, name, path, gpu_model, gpu_count, state, state_changed_at)
       SELECT id, $1, name, path, gpu_model, gpu_count, state, $8::timestamptz
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[])
         AS t(id, name, path, gpu_model, gpu_count, state)`,
      [
        siteId,
        chunk.map((n) => n.id),
        chunk.map((n) => n.name),
        chunk.map((n) => n.path),
        chunk.map((n) => n.gpuModel),
        chunk.map((n) => n.gpuCount),
        chunk.map((n) => n.state),
        at,
      ],
    );
    onWritten(chunk.length);
  }
}

export async function stateCounts(db: SqlClient, siteId: string): Promise<StateCount[]> {
  return db.query<StateCount>(
    `SELECT gpu_model AS "gpuModel", state, count(*)::int AS "nodeCount", sum(gpu_count)::int AS "gpuCount"
     FROM nodes WHERE site_id = $1 GROUP BY gpu_model, state`,
    [siteId],
  );
}

export async function rackCounts(db: SqlClient, siteId: string): Promise<RackCount[]> {
  return db.query<RackCount>(
    `SELECT path, gpu_model AS "gpuModel", state, count(*)::int AS "nodeCount", sum(gpu_count)::int AS "gpuCount"
     FROM nodes WHERE site_id = $1 GROUP BY path, gpu_model, state ORDER BY path`,
    [siteId],
  );
}

/** Totals per site for listings. */
export async function siteTotals(
  db: SqlClient,
): Promise<Array<{ siteId: string; nodes: number; gpus: number }>> {
  return db.query(
    `SELECT site_id AS "siteId", count(*)::int AS nodes, sum(gpu_count)::int AS gpus FROM nodes GROUP BY site_id`,
  );
}

export interface NodeFilter {
  siteId?: string;
  state?: NodeState;
  gpuModel?: string;
  /** A topology path prefix: `hall-01` or `hall-01/block-003`; matches whole segments. */
  pathPrefix?: string;
  name?: string;
}

/** Where the previous page ended. */
export interface NodeCursor {
  siteId: string;
  path: string;
  name: string;
}

export interface NodeRow {
  id: string;
  site_id: string;
  name: string;
  path: string;
  gpu_model: string;
  gpu_count: number;
  state: NodeState;
  state_changed_at: string;
}

const NODE_COLUMNS = `id, site_id, name, path, gpu_model, gpu_count, state,
  to_char(state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS state_changed_at`;

export function toNode(r: NodeRow): FleetNode {
  return {
    id: r.id,
    siteId: r.site_id,
    name: r.name,
    path: r.path,
    gpuModel: r.gpu_model,
    gpuCount: r.gpu_count,
    state: r.state,
    stateChangedAt: r.state_changed_at,
  };
}

/** One page of nodes in (site, path, name) order, and the cursor of the next page if any. */
export async function listNodes(
  db: SqlClient,
  filter: NodeFilter,
  limit: number,
  after?: NodeCursor,
): Promise<{ nodes: FleetNode[]; next?: NodeCursor }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.siteId) where.push(`site_id = ${bind(filter.siteId)}`);
  if (filter.state) where.push(`state = ${bind(filter.state)}`);
  if (filter.gpuModel) where.push(`gpu_model = ${bind(filter.gpuModel)}`);
  if (filter.name) where.push(`name = ${bind(filter.name)}`);
  if (filter.pathPrefix) {
    const p = filter.pathPrefix.replace(/\/+$/, "");
    where.push(`(path = ${bind(p)} OR starts_with(path, ${bind(`${p}/`)}))`);
  }
  if (after)
    where.push(`(site_id, path, name) > (${bind(after.siteId)}, ${bind(after.path)}, ${bind(after.name)})`);
  const rows = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY site_id, path, name LIMIT ${bind(limit + 1)}`,
    params,
  );
  const nodes = rows.slice(0, limit).map(toNode);
  const last = nodes[nodes.length - 1];
  return rows.length > limit && last
    ? { nodes, next: { siteId: last.siteId, path: last.path, name: last.name } }
    : { nodes };
}

/** A node of a site by id or by name. */
export async function findNode(db: SqlClient, siteId: string, ref: string): Promise<FleetNode | undefined> {
  const rows = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes WHERE site_id = $1 AND (id = $2 OR name = $2)`,
    [siteId, ref],
  );
  return rows[0] ? toNode(rows[0]) : undefined;
}

/** Every node of a site in topology order (for export). */
export async function nodesOfSite(db: SqlClient, siteId: string): Promise<FleetNode[]> {
  const rows = await db.query<NodeRow>(
    `SELECT ${NODE_COLUMNS} FROM nodes WHERE site_id = $1 ORDER BY path, name`,
    [siteId],
  );
  return rows.map(toNode);
}

/**
 * A site (by id or name) and those of its nodes the refs name, in one round trip (the site's id is
 * found once, so both indexes on nodes serve the lookup): undefined when the site does not exist;
 * refs that match no node are simply absent from `nodes`.
 */
export async function findSiteNodes(
  db: SqlClient,
  siteRef: string,
  refs: readonly string[],
): Promise<{ siteId: string; siteName: string; nodes: FleetNode[] } | undefined> {
  const rows = await db.query<Partial<NodeRow> & { sid: string; sname: string }>(
    `WITH s AS (SELECT id, name FROM sites WHERE id = $1 OR name = $1)
     SELECT s.id AS sid, s.name AS sname, n.id, n.site_id, n.name, n.path, n.gpu_model, n.gpu_count, n.state,
       to_char(n.state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS state_changed_at
     FROM s LEFT JOIN nodes n
       ON n.site_id = (SELECT id FROM s) AND (n.id = ANY($2::text[]) OR n.name = ANY($2::text[]))`,
    [siteRef, refs],
  );
  const first = rows[0];
  if (!first) return undefined;
  const nodes = rows.filter((r): r is NodeRow & { sid: string; sname: string } => r.id != null).map(toNode);
  return { siteId: first.sid, siteName: first.sname, nodes };
}

export interface NodeEvent {
  at: string;
  fromState: NodeState;
  toState: NodeState;
  reason: string;
  actor: string;
}

export async function nodeEvents(db: SqlClient, nodeId: string, limit = 50): Promise<NodeEvent[]> {
  return db.query<NodeEvent>(
    `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, from_state AS "fromState",
       to_state AS "toState", reason, actor
     FROM node_events WHERE node_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [nodeId, limit],
  );
}
