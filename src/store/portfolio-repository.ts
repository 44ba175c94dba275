/**
 * A tenant's portfolio in PostgreSQL: its deals, and its settings (the target line and the
 * unit-economics inputs). Every function takes the id of a tenant the caller has already resolved
 * through its TenantScope, so a key only ever reaches its own tenant's portfolio.
 * @module
 */
import type { Deal, OrbitalInputs } from "../portfolio/deal.js";
import type { PortfolioTarget } from "../portfolio/target-line.js";
import type { SqlClient } from "./sql-client.js";

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface DealRow {
  id: string;
  tenant_id: string;
  name: string;
  provider: string;
  chip: string;
  kind: Deal["kind"];
  power_mw: number | null;
  gpus: number | null;
  kw_per_gpu: number | null;
  online_at: string;
  ramp_months: number;
  term_months: number | null;
  committed_spend_micros: string | null;
  lease_id: string | null;
  orbital: { launchYear: number; powerSource: string; costMicrosPerMw: string } | null;
  created_at: string;
}

const DEAL_COLUMNS = `id, tenant_id, name, provider, chip, kind, power_mw, gpus, kw_per_gpu, ${TS("online_at")} AS online_at,
  ramp_months, term_months, committed_spend_micros::text AS committed_spend_micros, lease_id, orbital, ${TS("created_at")} AS created_at`;

function toDeal(r: DealRow): Deal {
  const orbital: OrbitalInputs | null = r.orbital
    ? { ...r.orbital, costMicrosPerMw: BigInt(r.orbital.costMicrosPerMw) }
    : null;
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    provider: r.provider,
    chip: r.chip,
    kind: r.kind,
    powerMw: r.power_mw,
    gpus: r.gpus,
    kwPerGpu: r.kw_per_gpu,
    onlineAt: r.online_at,
    rampMonths: r.ramp_months,
    termMonths: r.term_months,
    committedSpendMicros: r.committed_spend_micros === null ? null : BigInt(r.committed_spend_micros),
    leaseId: r.lease_id,
    orbital,
    createdAt: r.created_at,
  };
}

/** The tenant's deals by name. */
export async function listDeals(db: SqlClient, tenantId: string): Promise<Deal[]> {
  const rows = await db.query<DealRow>(
    `SELECT ${DEAL_COLUMNS} FROM portfolio_deals WHERE tenant_id = $1 ORDER BY name, id`,
    [tenantId],
  );
  return rows.map(toDeal);
}

/** One of the tenant's deals by id or name. */
export async function findDeal(db: SqlClient, tenantId: string, ref: string): Promise<Deal | undefined> {
  const rows = await db.query<DealRow>(
    `SELECT ${DEAL_COLUMNS} FROM portfolio_deals WHERE tenant_id = $1 AND (id = $2 OR name = $2)`,
    [tenantId, ref],
  );
  const row = rows[0];
  return row ? toDeal(row) : undefined;
}

/** Writes new deals, many in one statement. */
export async function insertDeals(db: SqlClient, deals: readonly Deal[]): Promise<void> {
  const chunk = 2_000;
  for (let i = 0; i < deals.length; i += chunk) {
    const part = deals.slice(i, i + chunk);
    const col = <T>(f: (d: Deal) => T) => part.map(f);
    await db.query(
      `INSERT INTO portfolio_deals (id, tenant_id, name, provider, chip, kind, power_mw, gpus, kw_per_gpu, online_at,
         ramp_months, term_months, committed_spend_micros, lease_id, orbital, created_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::double precision[], $8::integer[], $9::double precision[], $10::timestamptz[], $11::integer[],
         $12::integer[], $13::bigint[], $14::text[], $15::jsonb[], $16::timestamptz[])`,
      [
        col((d) => d.id),
        col((d) => d.tenantId),
        col((d) => d.name),
        col((d) => d.provider),
        col((d) => d.chip),
        col((d) => d.kind),
        col((d) => d.powerMw),
        col((d) => d.gpus),
        col((d) => d.kwPerGpu),
        col((d) => d.onlineAt),
        col((d) => d.rampMonths),
        col((d) => d.termMonths),
        col((d) => (d.committedSpendMicros === null ? null : d.committedSpendMicros.toString())),
        col((d) => d.leaseId),
        col((d) =>
          d.orbital
            ? JSON.stringify({ ...d.orbital, costMicrosPerMw: d.orbital.costMicrosPerMw.toString() })
            : null,
        ),
        col((d) => d.createdAt),
      ],
    );
  }
}

/** Removes one deal; true when there was one. */
export async function deleteDeal(db: SqlClient, tenantId: string, id: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    "DELETE FROM portfolio_deals WHERE tenant_id = $1 AND id = $2 RETURNING id",
    [tenantId, id],
  );
  return rows.length > 0;
}

/** Removes every deal of the tenant; answers how many. */
export async function deleteAllDeals(db: SqlClient, tenantId: string): Promise<number> {
  const rows = await db.query<{ id: string }>(
    "DELETE FROM portfolio_deals WHERE tenant_id = $1 RETURNING id",
    [tenantId],
  );
  return rows.length;
}

/** What the tenant saved: a target and unit-economics inputs (as the API shows them), or null. */
export interface PortfolioSettings {
  target: PortfolioTarget | null;
  unitInputs: Record<string, unknown> | null;
}

export async function findSettings(db: SqlClient, tenantId: string): Promise<PortfolioSettings> {
  const rows = await db.query<{
    target: PortfolioTarget | null;
    unit_inputs: Record<string, unknown> | null;
  }>("SELECT target, unit_inputs FROM portfolio_settings WHERE tenant_id = $1", [tenantId]);
  const row = rows[0];
  return { target: row?.target ?? null, unitInputs: row?.unit_inputs ?? null };
}

/** Saves the target or the unit-economics inputs, keeping the other. */
export async function saveSettings(
  db: SqlClient,
  tenantId: string,
  change: { target?: PortfolioTarget; unitInputs?: Record<string, unknown> },
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO portfolio_settings (tenant_id, target, unit_inputs, updated_at) VALUES ($1, $2::jsonb, $3::jsonb, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET
       target = COALESCE(EXCLUDED.target, portfolio_settings.target),
       unit_inputs = COALESCE(EXCLUDED.unit_inputs, portfolio_settings.unit_inputs),
       updated_at = EXCLUDED.updated_at`,
    [
      tenantId,
      change.target ? JSON.stringify(change.target) : null,
      change.unitInputs ? JSON.stringify(change.unitInputs) : null,
      at,
    ],
  );
}
