/**
 * A change of node states and everything it moves, written by one statement: the nodes, a node
 * event each, the audit entry, the allocation rows that change hands (a failed leased node leaving
 * its lease, its replacement joining), their history, the outbox and the site's version, which
 * must still be the one the change was decided on, all stamped with the change's time. One call of
 * the server-side function `write_node_states` (migrations 0003 and 0004, its plan prepared once per
 * connection) is one round trip and, outside a transaction, its own commit: the failure path's
 * latency is this call.
 * @module
 */
import type { FleetNode, NodeState } from "../fleet/node.js";
import type { OutboxMessage } from "./lease-repository.js";
import { type NodeRow, toNode } from "./node-repository.js";
import type { SqlClient } from "./sql-client.js";

/** One row of `allocation_events`: a node changing holder (`lease:<id>`, `house`, `spare`, `out_of_service`). */
export interface HolderMove {
  nodeId: string;
  from: string;
  to: string;
  leaseId: string | null;
  reason: string;
}

/** The allocation side of a node state change: net row changes, their history in order, and the messages. */
export interface AllocationWrites {
  /** Nodes whose allocation row goes, with the lease they left. */
  release: Array<{ nodeId: string; leaseId: string }>;
  /** Nodes that join a lease. */
  assign: Array<{ nodeId: string; leaseId: string }>;
  history: HolderMove[];
  outbox: OutboxMessage[];
}

export interface NodeStateWrite {
  siteId: string;
  /** The site version the change was decided on; nothing is written when the site has moved past it. */
  expectedVersion: number;
  nodeIds: readonly string[];
  state: NodeState;
  reason: string;
  actor: string;
  /**
   * When it happened (ISO 8601, the application's clock): the nodes' `stateChangedAt`, their events,
   * the audit entry, the allocation moves and the outbox messages all carry it.
   */
  at: string;
  allocation: AllocationWrites;
}

/**
 * Writes a node state change and its allocation moves if the site is still at `expectedVersion`,
 * returning the changed nodes (in path order) and the site's new version; undefined, with nothing
 * written, when the site moved on (or no longer exists). Inside a transaction that holds the site's
 * lock the version cannot have moved; outside one, the statement takes the site's row lock itself.
 */
export async function writeNodeStates(
  db: SqlClient,
  w: NodeStateWrite,
): Promise<{ nodes: FleetNode[]; siteVersion: number } | undefined> {
  const { history, outbox } = w.allocation;
  const rows = await db.query<Partial<NodeRow> & { site_version: string }>(
    `SELECT * FROM write_node_states($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
       $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
    [
      w.siteId,
      w.expectedVersion,
      w.nodeIds,
      w.state,
      w.reason,
      w.actor,
      w.at,
      w.allocation.release.map((r) => r.nodeId),
      w.allocation.release.map((r) => r.leaseId),
      w.allocation.assign.map((a) => a.nodeId),
      w.allocation.assign.map((a) => a.leaseId),
      history.map((m) => m.nodeId),
      history.map((m) => m.from),
      history.map((m) => m.to),
      history.map((m) => m.leaseId),
      history.map((m) => m.reason),
      outbox.map((m) => m.topic),
      outbox.map((m) => m.aggregateId),
      outbox.map((m) => m.tenantId),
      outbox.map((m) => JSON.stringify(m.payload)),
    ],
  );
  const first = rows[0];
  if (!first) return undefined;
  const nodes = rows.filter((r): r is NodeRow & { site_version: string } => r.id != null).map(toNode);
  return { nodes, siteVersion: Number(first.site_version) };
}
