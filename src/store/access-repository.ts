/**
 * Tenants and API keys in PostgreSQL.
 * @module
 */
import type { Principal, Role, TenantScope } from "../access/principal.js";
import type { SqlClient } from "./sql-client.js";

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  tenantId: string | null;
  /** The tenant's name, so a listing needs no second lookup; null for an operator key. */
  tenantName: string | null;
  createdAt: string;
  revokedAt: string | null;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const TENANT_COLUMNS = `id, name, ${TS("created_at")} AS "createdAt"`;
const KEY_COLUMNS = `id, name, prefix, role, tenant_id AS "tenantId",
  (SELECT t.name FROM tenants t WHERE t.id = api_keys.tenant_id) AS "tenantName", ${TS("created_at")} AS "createdAt",
  CASE WHEN revoked_at IS NULL THEN NULL ELSE ${TS("revoked_at")} END AS "revokedAt"`;

/** Runs an `INSERT … RETURNING` of one row and gives that row. */
async function insertOne<T extends object>(
  db: SqlClient,
  sql: string,
  params: readonly unknown[],
): Promise<T> {
  const row = (await db.query<T>(sql, params))[0];
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function insertTenant(db: SqlClient, tenant: Tenant): Promise<Tenant> {
  return insertOne<Tenant>(
    db,
    `INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3) RETURNING ${TENANT_COLUMNS}`,
    [tenant.id, tenant.name, tenant.createdAt],
  );
}

/** Tenants visible in a scope: all of them for an operator, only its own for a tenant. */
export async function listTenants(db: SqlClient, scope: TenantScope): Promise<Tenant[]> {
  return db.query<Tenant>(
    `SELECT ${TENANT_COLUMNS} FROM tenants WHERE ($1::text IS NULL OR id = $1) ORDER BY name`,
    [scope.tenantId],
  );
}

/** A tenant by id or name, if the scope may see it. */
export async function findTenant(
  db: SqlClient,
  scope: TenantScope,
  ref: string,
): Promise<Tenant | undefined> {
  const rows = await db.query<Tenant>(
    `SELECT ${TENANT_COLUMNS} FROM tenants WHERE (id = $1 OR name = $1) AND ($2::text IS NULL OR id = $2)`,
    [ref, scope.tenantId],
  );
  return rows[0];
}

export async function insertApiKey(
  db: SqlClient,
  key: {
    id: string;
    name: string;
    prefix: string;
    secretSha256: string;
    role: Role;
    tenantId: string | null;
    createdAt: string;
  },
): Promise<ApiKeyRecord> {
  return insertOne<ApiKeyRecord>(
    db,
    `INSERT INTO api_keys (id, name, prefix, secret_sha256, role, tenant_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${KEY_COLUMNS}`,
    [key.id, key.name, key.prefix, key.secretSha256, key.role, key.tenantId, key.createdAt],
  );
}

/** Keys visible in a scope (a tenant sees only its own tenant's keys). */
export async function listApiKeys(db: SqlClient, scope: TenantScope): Promise<ApiKeyRecord[]> {
  return db.query<ApiKeyRecord>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE ($1::text IS NULL OR tenant_id = $1) ORDER BY created_at`,
    [scope.tenantId],
  );
}

/** Revokes a key `at` (ISO 8601); a key revoked before keeps its first revocation time. */
export async function revokeApiKey(
  db: SqlClient,
  scope: TenantScope,
  id: string,
  at: string,
): Promise<ApiKeyRecord | undefined> {
  const rows = await db.query<ApiKeyRecord>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3::timestamptz)
     WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2) RETURNING ${KEY_COLUMNS}`,
    [id, scope.tenantId, at],
  );
  return rows[0];
}

/** The principal behind an unrevoked key's hash, if any. */
export async function principalForKeyHash(
  db: SqlClient,
  secretSha256: string,
): Promise<Principal | undefined> {
  const rows = await db.query<{ id: string; name: string; role: Role; tenant_id: string | null }>(
    "SELECT id, name, role, tenant_id FROM api_keys WHERE secret_sha256 = $1 AND revoked_at IS NULL",
    [secretSha256],
  );
  const r = rows[0];
  if (!r) return undefined;
  // Every role is mapped explicitly: a role this code does not know authenticates as nothing.
  if (r.role === "operator") return { role: "operator", keyId: r.id, keyName: r.name };
  if ((r.role === "tenant" || r.role === "checker") && r.tenant_id)
    return { role: r.role, keyId: r.id, keyName: r.name, tenantId: r.tenant_id };
  return undefined;
}

export async function countOperatorKeys(db: SqlClient): Promise<number> {
  const rows = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM api_keys WHERE role = 'operator' AND revoked_at IS NULL",
  );
  return rows[0]?.n ?? 0;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

/** An audit entry to write: who did what to which subject. */
export type NewAuditEntry = Pick<AuditEntry, "actor" | "action" | "subject" | "detail">;

/** Appends an entry to the audit log, stamped `at` (ISO 8601, the application's clock). */
export async function appendAudit(db: SqlClient, entry: NewAuditEntry, at: string): Promise<void> {
  await db.query(
    "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5::jsonb)",
    [at, entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail)],
  );
}

/** The audit log, newest first, optionally for one subject (a site, node, lease, tenant or key id). */
export async function listAudit(
  db: SqlClient,
  options: { subject?: string; before?: number; limit: number },
): Promise<AuditEntry[]> {
  // Ordered by the bigint column (a.id), not by the text alias `id`.
  const rows = await db.query<AuditEntry & { id: string }>(
    `SELECT a.id::text AS id, ${TS("a.at")} AS at, a.actor, a.action, a.subject, a.detail FROM audit_log a
     WHERE ($1::text IS NULL OR a.subject = $1) AND ($2::bigint IS NULL OR a.id < $2)
     ORDER BY a.id DESC LIMIT $3`,
    [options.subject ?? null, options.before ?? null, options.limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
