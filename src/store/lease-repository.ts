/**
 * Leases, their versions (amendments) and the outbox in PostgreSQL. Every read takes a
 * TenantScope, so a tenant's key can only ever reach its own leases.
 * @module
 */
import type { TenantScope } from "../access/principal.js";
import type { FieldChange } from "../leasing/amendment.js";
import { HOLDING_STATUSES, type Lease, type LeaseStatus, leaseStartsAt } from "../leasing/lease.js";
import { termsFromJson, termsToJson } from "./lease-codec.js";
import type { SqlClient } from "./sql-client.js";

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface LeaseRow {
  id: string;
  name: string;
  status: LeaseStatus;
  site_id: string | null;
  notice_given_at: string | null;
  terms: unknown;
  version: number;
  created_at: string;
}

const LEASE_COLUMNS = `id, name, status, site_id, CASE WHEN notice_given_at IS NULL THEN NULL ELSE ${TS("notice_given_at")} END AS notice_given_at,
  terms, version, ${TS("created_at")} AS created_at`;

function toLease(r: LeaseRow): Lease {
  return {
    ...termsFromJson(r.terms),
    id: r.id,
    name: r.name,
    status: r.status,
    siteId: r.site_id,
    noticeGivenAt: r.notice_given_at,
    version: r.version,
    createdAt: r.created_at,
  };
}

/** One entry of a lease's history: what changed, who changed it, when and why. */
export interface LeaseVersion {
  version: number;
  kind: string;
  actor: string;
  at: string;
  reason: string;
  changes: FieldChange[];
}

/**
 * Writes a lease (new or changed) and appends its version entry: one row per version, so the
 * history keeps every state the lease went through. The lease's version must already be bumped;
 * its `createdAt` is written with a new lease and never changes after.
 */
export async function saveLease(
  db: SqlClient,
  lease: Lease,
  entry: Omit<LeaseVersion, "version">,
): Promise<void> {
  await db.query(
    `INSERT INTO leases (id, tenant_id, name, status, site_id, starts_at, ends_at, notice_given_at, terms, version,
       created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, site_id = EXCLUDED.site_id,
       starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, notice_given_at = EXCLUDED.notice_given_at,
       terms = EXCLUDED.terms, version = EXCLUDED.version`,
    [
      lease.id,
      lease.tenantId,
      lease.name,
      lease.status,
      lease.siteId,
      leaseStartsAt(lease),
      lease.endsAt,
      lease.noticeGivenAt,
      JSON.stringify(termsToJson(lease)),
      lease.version,
      lease.createdAt,
    ],
  );
  await insertVersion(db, lease, entry);
}

async function insertVersion(db: SqlClient, lease: Lease, e: Omit<LeaseVersion, "version">): Promise<void> {
  await db.query(
    `INSERT INTO lease_versions (lease_id, version, kind, actor, at, reason, changes, terms)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
    [
      lease.id,
      lease.version,
      e.kind,
      e.actor,
      e.at,
      e.reason,
      JSON.stringify(e.changes),
      JSON.stringify(termsToJson(lease)),
    ],
  );
}

/** A lease a reference may mean, with its tenant's name (for `tenant/name` in messages). */
export interface LeaseMatch {
  lease: Lease;
  tenantName: string;
}

/**
 * The leases in the scope that `ref` may mean: the lease with that id; or, for `tenant/name`
 * (the tenant by id or name), that tenant's lease of that name; or, for a bare name, every lease
 * of that name (one per tenant at most: names are unique per tenant). Another tenant's lease is
 * never among them for a tenant's scope.
 */
export async function leasesByRef(db: SqlClient, scope: TenantScope, ref: string): Promise<LeaseMatch[]> {
  const slash = ref.indexOf("/");
  const tenant = slash >= 0 ? ref.slice(0, slash) : null;
  const name = slash >= 0 ? ref.slice(slash + 1) : ref;
  const rows = await db.query<LeaseRow & { tenant_name: string }>(
    `SELECT ${LEASE_COLUMNS}, tenant_name FROM (
       SELECT l.*, t.name AS tenant_name FROM leases l JOIN tenants t ON t.id = l.tenant_id
       WHERE ($1::text IS NULL OR l.tenant_id = $1)
         AND (l.id = $2 OR (l.name = $3 AND ($4::text IS NULL OR t.id = $4 OR t.name = $4)))
     ) matched ORDER BY tenant_name`,
    [scope.tenantId, ref, name, tenant],
  );
  return rows.map((r) => ({ lease: toLease(r), tenantName: r.tenant_name }));
}

/** Every lease's name in the scope with its tenant's name: what a misspelled reference is compared with. */
export async function leaseNames(
  db: SqlClient,
  scope: TenantScope,
): Promise<{ name: string; tenantName: string }[]> {
  return db.query<{ name: string; tenantName: string }>(
    `SELECT l.name, t.name AS "tenantName" FROM leases l JOIN tenants t ON t.id = l.tenant_id
     WHERE ($1::text IS NULL OR l.tenant_id = $1) ORDER BY t.name, l.name`,
    [scope.tenantId],
  );
}

/** The names of tenants and sites by id (ids are prefixed, so one map holds both). */
export async function tenantAndSiteNames(
  db: SqlClient,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM tenants WHERE id = ANY($1::text[])
     UNION ALL SELECT id, name FROM sites WHERE id = ANY($1::text[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Whether the tenant already has a lease named `name` (names are unique per tenant). */
export async function leaseNameTaken(db: SqlClient, tenantId: string, name: string): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM leases WHERE tenant_id = $1 AND name = $2", [tenantId, name]);
  return rows.length > 0;
}

export interface LeaseFilter {
  status?: LeaseStatus;
  siteId?: string;
}

export async function listLeases(
  db: SqlClient,
  scope: TenantScope,
  filter: LeaseFilter = {},
): Promise<Lease[]> {
  const rows = await db.query<LeaseRow>(
    `SELECT ${LEASE_COLUMNS} FROM leases
     WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR site_id = $3)
     ORDER BY starts_at, created_at`,
    [scope.tenantId, filter.status ?? null, filter.siteId ?? null],
  );
  return rows.map(toLease);
}

/** Leases by id (no scope: for the engines, which act for the system). */
export async function leasesByIds(db: SqlClient, ids: readonly string[]): Promise<Lease[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM leases WHERE id = ANY($1::text[])`, [
    ids,
  ]);
  return rows.map(toLease);
}

/** Leases that hold capacity anywhere (see `HOLDING_STATUSES`): the ones time can act on. */
export async function leasesInForce(db: SqlClient): Promise<Lease[]> {
  const rows = await db.query<LeaseRow>(
    `SELECT ${LEASE_COLUMNS} FROM leases WHERE status = ANY($1::text[]) ORDER BY starts_at, created_at`,
    [HOLDING_STATUSES],
  );
  return rows.map(toLease);
}

/** Leases of any status placed at a site. */
export async function countLeasesAtSite(db: SqlClient, siteId: string): Promise<number> {
  const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM leases WHERE site_id = $1", [
    siteId,
  ]);
  return rows[0]?.n ?? 0;
}

/** Leases holding capacity at a site (see `HOLDING_STATUSES`), for the calendar and the engine. */
export async function holdingLeases(db: SqlClient, siteId: string): Promise<Lease[]> {
  const rows = await db.query<LeaseRow>(
    `SELECT ${LEASE_COLUMNS} FROM leases WHERE site_id = $1 AND status = ANY($2::text[]) ORDER BY created_at`,
    [siteId, HOLDING_STATUSES],
  );
  return rows.map(toLease);
}

export async function leaseVersions(db: SqlClient, leaseId: string): Promise<LeaseVersion[]> {
  return db.query<LeaseVersion>(
    `SELECT version, kind, actor, ${TS("at")} AS at, reason, changes FROM lease_versions WHERE lease_id = $1 ORDER BY version`,
    [leaseId],
  );
}

/** An event announced to later slices, written in the same transaction as the change. */
export interface OutboxEvent {
  id: number;
  topic: string;
  aggregateId: string;
  tenantId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** An outbox message to write: what happened (`topic`) to which lease, for whom. */
export type OutboxMessage = Pick<OutboxEvent, "topic" | "aggregateId" | "tenantId" | "payload">;

/** Appends a message to the outbox, stamped `at` (ISO 8601, the application's clock). */
export async function appendOutbox(db: SqlClient, message: OutboxMessage, at: string): Promise<void> {
  await db.query(
    "INSERT INTO outbox (topic, aggregate_id, tenant_id, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)",
    [message.topic, message.aggregateId, message.tenantId, JSON.stringify(message.payload), at],
  );
}

/** Outbox events after `afterId` visible in the scope (a tenant sees only events about itself). */
export async function listOutbox(
  db: SqlClient,
  scope: TenantScope,
  options: { afterId?: number; aggregateId?: string; limit: number },
): Promise<OutboxEvent[]> {
  // Ordered by the bigint column (o.id), not by the text alias `id`.
  const rows = await db.query<OutboxEvent & { id: string }>(
    `SELECT o.id::text AS id, o.topic, o.aggregate_id AS "aggregateId", o.tenant_id AS "tenantId", o.payload,
       ${TS("o.created_at")} AS "createdAt"
     FROM outbox o
     WHERE o.id > $1 AND ($2::text IS NULL OR o.tenant_id = $2) AND ($3::text IS NULL OR o.aggregate_id = $3)
     ORDER BY o.id LIMIT $4`,
    [options.afterId ?? 0, scope.tenantId, options.aggregateId ?? null, options.limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
