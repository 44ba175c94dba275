/**
 * Invoices and notes: drafts written and rewritten, issued documents numbered without gaps in
 * their series, read in a tenant's scope.
 * @module
 */
import type { TenantScope } from "../access/principal.js";
import type { InvoiceLine, LineKind } from "../billing/invoice-line.js";
import type { SqlClient } from "./sql-client.js";

export type DocumentKind = "invoice" | "credit_note" | "debit_note";
export type DocumentStatus = "draft" | "issued";

/** What the invoice was computed from, kept with it. */
export interface InvoiceBasis {
  deliveredGpuHours: string;
  committedGpuHours: string;
  availabilityBps: number;
  slaTargetBps: number | null;
  powerPassThrough: boolean;
  energySource: string | null;
  /** When the history was read. */
  computedAt: string;
}

export interface InvoiceRecord {
  id: string;
  kind: DocumentKind;
  status: DocumentStatus;
  number: string | null;
  leaseId: string;
  tenantId: string;
  siteId: string;
  period: string;
  corrects: string | null;
  lines: InvoiceLine[];
  totalMicros: bigint;
  basis: InvoiceBasis;
  createdAt: string;
  issuedAt: string | null;
}

export const SERIES: Record<DocumentKind, string> = { invoice: "INV", credit_note: "CN", debit_note: "DN" };

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const COLUMNS = `id, kind, status, number, lease_id AS "leaseId", tenant_id AS "tenantId", site_id AS "siteId",
  period, corrects, lines, total_micros::text AS "totalMicros", basis, ${TS("created_at")} AS "createdAt",
  CASE WHEN issued_at IS NULL THEN NULL ELSE ${TS("issued_at")} END AS "issuedAt"`;

interface StoredLine {
  kind: LineKind;
  leaseLine: string | null;
  description: string;
  quantity: string;
  unit: string;
  unitPriceMicros: string | null;
  amountMicros: string;
}

type Row = Omit<InvoiceRecord, "lines" | "totalMicros"> & {
  lines: StoredLine[] | string;
  totalMicros: string;
};

const encodeLines = (lines: readonly InvoiceLine[]): string =>
  JSON.stringify(
    lines.map((l) => ({
      ...l,
      unitPriceMicros: l.unitPriceMicros === null ? null : l.unitPriceMicros.toString(),
      amountMicros: l.amountMicros.toString(),
    })),
  );

function decode(row: Row): InvoiceRecord {
  const lines = (typeof row.lines === "string" ? JSON.parse(row.lines) : row.lines) as StoredLine[];
  const basis = (typeof row.basis === "string" ? JSON.parse(row.basis) : row.basis) as InvoiceBasis;
  return {
    ...row,
    basis,
    totalMicros: BigInt(row.totalMicros),
    lines: lines.map((l) => ({
      ...l,
      unitPriceMicros: l.unitPriceMicros === null ? null : BigInt(l.unitPriceMicros),
      amountMicros: BigInt(l.amountMicros),
    })),
  };
}

export type NewDocument = Omit<InvoiceRecord, "status" | "number" | "issuedAt">;

export async function insertDraft(db: SqlClient, d: NewDocument): Promise<void> {
  await db.query(
    `INSERT INTO invoices (id, kind, status, series, lease_id, tenant_id, site_id, period, corrects, lines, total_micros, basis, created_at)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9::jsonb, $10::bigint, $11::jsonb, $12)`,
    [
      d.id,
      d.kind,
      SERIES[d.kind],
      d.leaseId,
      d.tenantId,
      d.siteId,
      d.period,
      d.corrects,
      encodeLines(d.lines),
      d.totalMicros.toString(),
      JSON.stringify(d.basis),
      d.createdAt,
    ],
  );
}

/** Rewrites a draft's lines (and kind, for a note whose sign changed); issued rows are refused by the database. */
export async function rewriteDraft(
  db: SqlClient,
  id: string,
  d: Pick<InvoiceRecord, "kind" | "lines" | "totalMicros" | "basis">,
): Promise<void> {
  await db.query(
    `UPDATE invoices SET kind = $2, series = $3, lines = $4::jsonb, total_micros = $5::bigint, basis = $6::jsonb
     WHERE id = $1 AND status = 'draft'`,
    [id, d.kind, SERIES[d.kind], encodeLines(d.lines), d.totalMicros.toString(), JSON.stringify(d.basis)],
  );
}

/** The documents of a lease's month, oldest first (the invoice, then its notes). */
export async function documentsOfMonth(
  db: SqlClient,
  leaseId: string,
  period: string,
): Promise<InvoiceRecord[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices WHERE lease_id = $1 AND period = $2 ORDER BY created_at, id`,
    [leaseId, period],
  );
  return rows.map(decode);
}

/** One document by id or number, if the scope may see it; `forUpdate` locks it. */
export async function findDocument(
  db: SqlClient,
  scope: TenantScope,
  ref: string,
  forUpdate = false,
): Promise<InvoiceRecord | undefined> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices WHERE (id = $1 OR number = $1) AND ($2::text IS NULL OR tenant_id = $2)
     ${forUpdate ? "FOR UPDATE" : ""}`,
    [ref, scope.tenantId],
  );
  const row = rows[0];
  return row ? decode(row) : undefined;
}

export interface DocumentFilter {
  leaseId?: string;
  siteId?: string;
  status?: DocumentStatus;
  period?: string;
  /** Ids after this one (the page's cursor). */
  afterId?: string;
  limit: number;
}

/** Documents in the scope, by id (creation order). */
export async function listDocuments(
  db: SqlClient,
  scope: TenantScope,
  f: DocumentFilter,
): Promise<InvoiceRecord[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices
     WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR lease_id = $2) AND ($3::text IS NULL OR status = $3)
       AND ($4::text IS NULL OR period = $4) AND ($5::text IS NULL OR id > $5) AND ($7::text IS NULL OR site_id = $7)
     ORDER BY id LIMIT $6`,
    [
      scope.tenantId,
      f.leaseId ?? null,
      f.status ?? null,
      f.period ?? null,
      f.afterId ?? null,
      f.limit,
      f.siteId ?? null,
    ],
  );
  return rows.map(decode);
}

/**
 * Numbers and issues a draft, in the caller's transaction: bumps its series under the series row's
 * lock, so concurrent issuers queue and a rolled-back issue returns its number.
 */
export async function issueDraft(db: SqlClient, doc: InvoiceRecord, at: string): Promise<string> {
  const series = SERIES[doc.kind];
  const rows = await db.query<{ seq: string }>(
    "UPDATE invoice_number_series SET last_number = last_number + 1 WHERE series = $1 RETURNING last_number::text AS seq",
    [series],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error(`no invoice number series ${series}`);
  const number = `${series}-${seq.padStart(6, "0")}`;
  await db.query(
    "UPDATE invoices SET status = 'issued', seq = $2::bigint, number = $3, issued_at = $4 WHERE id = $1 AND status = 'draft'",
    [doc.id, seq, number, at],
  );
  return number;
}

/** Net total of the issued documents of each (lease, month), for the given leases. */
export async function issuedTotals(
  db: SqlClient,
  leaseIds: readonly string[],
): Promise<Map<string, Map<string, bigint>>> {
  const rows = await db.query<{ leaseId: string; period: string; total: string }>(
    `SELECT lease_id AS "leaseId", period, sum(total_micros)::text AS total FROM invoices
     WHERE status = 'issued' AND lease_id = ANY($1::text[]) GROUP BY lease_id, period`,
    [leaseIds],
  );
  const out = new Map<string, Map<string, bigint>>();
  for (const r of rows) {
    const m = out.get(r.leaseId) ?? new Map<string, bigint>();
    m.set(r.period, BigInt(r.total));
    out.set(r.leaseId, m);
  }
  return out;
}

/** Drops a draft note that no longer corrects anything. */
export async function deleteDraft(db: SqlClient, id: string): Promise<void> {
  await db.query("DELETE FROM invoices WHERE id = $1 AND status = 'draft'", [id]);
}

/** Lease names by id. */
export async function leaseNamesByIds(db: SqlClient, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; name: string }>(
    "SELECT id, name FROM leases WHERE id = ANY($1::text[])",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
