/**
 * Counts for dashboards and metrics, one grouped query each.
 * @module
 */
import type { SqlClient } from "./sql-client.js";

/** Leases per status, over every tenant. */
export async function leasesByStatus(db: SqlClient): Promise<Array<{ status: string; leases: number }>> {
  const rows = await db.query<{ status: string; n: string }>(
    "SELECT status, count(*)::text AS n FROM leases GROUP BY status ORDER BY status",
  );
  return rows.map((r) => ({ status: r.status, leases: Number(r.n) }));
}
