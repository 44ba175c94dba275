/**
 * A lease's measured IT energy over a span, from the agents' readings as the heartbeats stored
 * them (`measured_energy_hours`, one row per site, holder and hour).
 * @module
 */
import type { SqlClient } from "./sql-client.js";

/** Watt-hours the agents measured for `leaseId` in the hours of [fromMs, untilMs), and how many readings. */
export async function measuredLeaseEnergy(
  db: SqlClient,
  query: { siteId: string; leaseId: string; fromMs: number; untilMs: number },
): Promise<{ itEnergyWh: bigint; readings: number }> {
  const rows = await db.query<{ wh: string | null; readings: string | null }>(
    `SELECT sum(it_energy_wh)::text AS wh, sum(readings)::text AS readings FROM measured_energy_hours
      WHERE site_id = $1 AND holder = $2 AND hour >= $3 AND hour < $4`,
    [
      query.siteId,
      query.leaseId,
      new Date(query.fromMs).toISOString(),
      new Date(query.untilMs).toISOString(),
    ],
  );
  const row = rows[0];
  return { itEnergyWh: BigInt(row?.wh ?? "0"), readings: Number(row?.readings ?? "0") };
}
