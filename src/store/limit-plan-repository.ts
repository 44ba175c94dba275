/**
 * Serving profiles, plans and limit sets in PostgreSQL. Every function takes the tenant id the
 * caller already resolved through its scope; limit sets are immutable once published.
 * @module
 */
import type { LimitPlan } from "../limits/limit-plan.js";
import type { PlanModelLimits } from "../limits/limit-set.js";
import {
  type LimitSetRecord,
  type LimitSetTrigger,
  type Planning,
  statusOf,
} from "../limits/limit-set-record.js";
import type { ServingProfile } from "../limits/serving-profile.js";
import type { SqlClient } from "./sql-client.js";

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function findServingProfile(
  db: SqlClient,
  tenantId: string,
): Promise<ServingProfile | undefined> {
  const rows = await db.query<{ profile: ServingProfile }>(
    "SELECT profile FROM serving_profiles WHERE tenant_id = $1",
    [tenantId],
  );
  return rows[0]?.profile;
}

export async function saveServingProfile(
  db: SqlClient,
  tenantId: string,
  profile: ServingProfile,
  at: string,
) {
  await db.query(
    `INSERT INTO serving_profiles (tenant_id, profile, updated_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET profile = EXCLUDED.profile, updated_at = EXCLUDED.updated_at`,
    [tenantId, JSON.stringify(profile), at],
  );
}

export async function listLimitPlans(db: SqlClient, tenantId: string): Promise<LimitPlan[]> {
  const rows = await db.query<{ definition: LimitPlan }>(
    "SELECT definition FROM limit_plans WHERE tenant_id = $1 ORDER BY created_at, name",
    [tenantId],
  );
  return rows.map((r) => r.definition);
}

export async function saveLimitPlan(db: SqlClient, tenantId: string, plan: LimitPlan, at: string) {
  await db.query(
    `INSERT INTO limit_plans (tenant_id, name, definition, created_at, updated_at) VALUES ($1, $2, $3::jsonb, $4, $4)
     ON CONFLICT (tenant_id, name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at`,
    [tenantId, plan.name, JSON.stringify(plan), at],
  );
}

/** Deletes a plan; false when the tenant has none of that name. */
export async function deleteLimitPlan(db: SqlClient, tenantId: string, name: string): Promise<boolean> {
  const rows = await db.query<{ name: string }>(
    "DELETE FROM limit_plans WHERE tenant_id = $1 AND name = $2 RETURNING name",
    [tenantId, name],
  );
  return rows.length > 0;
}

interface SetRow {
  id: string;
  tenant_id: string;
  version: number;
  created_at: string;
  created_by: string;
  published_at: string | null;
  published_by: string | null;
  trigger: LimitSetTrigger;
  plans: PlanModelLimits[];
  planning: Planning;
}

const SET_COLUMNS = `id, tenant_id, version, ${TS("created_at")} AS created_at, created_by,
  CASE WHEN published_at IS NULL THEN NULL ELSE ${TS("published_at")} END AS published_at, published_by,
  trigger, plans, planning`;

function toRecord(r: SetRow): LimitSetRecord {
  const set = {
    id: r.id,
    tenantId: r.tenant_id,
    version: r.version,
    createdAt: r.created_at,
    publishedAt: r.published_at,
    plans: r.plans,
  };
  return {
    ...set,
    status: statusOf(set),
    createdBy: r.created_by,
    publishedBy: r.published_by,
    trigger: r.trigger,
    planning: r.planning,
  };
}

/** Appends a set as the tenant's next version (under the caller's transaction and tenant lock). */
export async function insertLimitSet(
  db: SqlClient,
  set: Omit<LimitSetRecord, "version" | "status">,
): Promise<LimitSetRecord> {
  const rows = await db.query<SetRow>(
    `INSERT INTO limit_sets (id, tenant_id, version, created_at, created_by, published_at, published_by, trigger, plans,
       planning)
     VALUES ($1, $2, (SELECT COALESCE(max(version), 0) + 1 FROM limit_sets WHERE tenant_id = $2), $3, $4, $5, $6,
       $7::jsonb, $8::jsonb, $9::jsonb)
     RETURNING ${SET_COLUMNS}`,
    [
      set.id,
      set.tenantId,
      set.createdAt,
      set.createdBy,
      set.publishedAt,
      set.publishedBy,
      JSON.stringify(set.trigger),
      JSON.stringify(set.plans),
      JSON.stringify(set.planning),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error("limit set insert returned no row");
  return toRecord(row);
}

export async function publishLimitSet(db: SqlClient, id: string, by: string, at: string): Promise<void> {
  await db.query(
    "UPDATE limit_sets SET published_at = $2, published_by = $3 WHERE id = $1 AND published_at IS NULL",
    [id, at, by],
  );
}

export async function findLimitSet(
  db: SqlClient,
  tenantId: string,
  version: number,
): Promise<LimitSetRecord | undefined> {
  const rows = await db.query<SetRow>(
    `SELECT ${SET_COLUMNS} FROM limit_sets WHERE tenant_id = $1 AND version = $2`,
    [tenantId, version],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** The tenant's newest published set (the one in force), if any. */
export async function latestPublishedSet(
  db: SqlClient,
  tenantId: string,
): Promise<LimitSetRecord | undefined> {
  const rows = await db.query<SetRow>(
    `SELECT ${SET_COLUMNS} FROM limit_sets WHERE tenant_id = $1 AND published_at IS NOT NULL ORDER BY version DESC LIMIT 1`,
    [tenantId],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** A tenant's sets, newest first, before version `before` (a page). */
export async function listLimitSets(
  db: SqlClient,
  tenantId: string,
  page: { before?: number; limit: number },
): Promise<LimitSetRecord[]> {
  const rows = await db.query<SetRow>(
    `SELECT ${SET_COLUMNS} FROM limit_sets WHERE tenant_id = $1 AND version < $2 ORDER BY version DESC LIMIT $3`,
    [tenantId, page.before ?? 2_147_483_647, page.limit],
  );
  return rows.map(toRecord);
}

/** The version in force of every tenant that has published a set. */
export async function publishedVersions(db: SqlClient): Promise<Map<string, number>> {
  const rows = await db.query<{ tenant_id: string; version: number }>(
    "SELECT tenant_id, max(version) AS version FROM limit_sets WHERE published_at IS NOT NULL GROUP BY tenant_id",
  );
  return new Map(rows.map((r) => [r.tenant_id, Number(r.version)]));
}

/** Serialises changes of one tenant's limit sets across servers, for the caller's transaction. */
export async function lockTenantLimits(db: SqlClient, tenantId: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(73000009, hashtext($1))", [tenantId]);
}
