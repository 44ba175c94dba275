/**
 * The lease events that change a tenant's live capacity, as the limit planner consumes them from
 * the outbox: each event once, recorded in the same transaction as the sets planned for it.
 * @module
 */
import type { SqlClient } from "./sql-client.js";

export interface CapacityEvent {
  id: number;
  topic: string;
  tenantId: string;
}

/**
 * Capacity events (a lease or one of its tranches went live, a lease ended: the topics the
 * migration's partial index names) `consumer` has not consumed, oldest first. Reads the consumed ledger rather than
 * only an offset, so an event whose transaction committed after a later one's is never skipped.
 */
export async function unconsumedCapacityEvents(
  db: SqlClient,
  consumer: string,
  limit: number,
): Promise<CapacityEvent[]> {
  const rows = await db.query<{ id: string; topic: string; tenant_id: string }>(
    `SELECT o.id::text AS id, o.topic, o.tenant_id FROM outbox o
     WHERE o.topic IN ('lease.activated', 'tranche.activated', 'lease.ended') AND o.tenant_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM limit_consumed_events c WHERE c.consumer = $1 AND c.outbox_id = o.id)
     ORDER BY o.id LIMIT $2`,
    [consumer, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), topic: r.topic, tenantId: r.tenant_id }));
}

/** Records events as consumed and moves the consumer's offset; false when another server got there first. */
export async function markConsumed(
  db: SqlClient,
  consumer: string,
  ids: readonly number[],
  at: string,
): Promise<boolean> {
  if (ids.length === 0) return true;
  const inserted = await db.query<{ outbox_id: string }>(
    `INSERT INTO limit_consumed_events (consumer, outbox_id, consumed_at)
     SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING RETURNING outbox_id`,
    [consumer, ids, at],
  );
  await db.query(
    `INSERT INTO limit_consumer_offsets (consumer, last_outbox_id, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (consumer) DO UPDATE SET last_outbox_id = GREATEST(limit_consumer_offsets.last_outbox_id, EXCLUDED.last_outbox_id),
       updated_at = EXCLUDED.updated_at`,
    [consumer, Math.max(...ids), at],
  );
  return inserted.length === ids.length;
}

/** Serialises consumers of `consumer` across servers, for the caller's transaction. */
export async function lockConsumer(db: SqlClient, consumer: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(73000010, hashtext($1))", [consumer]);
}

/** The consumer's offset: the highest outbox id it consumed (0 before any). */
export async function consumerOffset(db: SqlClient, consumer: string): Promise<number> {
  const rows = await db.query<{ last: string }>(
    "SELECT last_outbox_id::text AS last FROM limit_consumer_offsets WHERE consumer = $1",
    [consumer],
  );
  return Number(rows[0]?.last ?? 0);
}
