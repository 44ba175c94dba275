/**
 * A logical dump of the whole database as lines of text, and its restore: the same on PGlite and
 * on PostgreSQL, so a dump moves between them. Rows travel as PostgreSQL's own JSON of each row
 * and go back through `json_populate_recordset`, never through JavaScript numbers, so bigint
 * money and ids stay exact.
 *
 * Format (one item a line): `# {header}`, then per table `<table>\t<row JSON>` lines in foreign-key
 * order, then `# {"end":true,"rows":{…}}`. A dump without its end line is refused as truncated.
 * @module
 */
import type { SqlClient } from "./sql-client.js";

export const DUMP_FORMAT = "leasehold-dump";
export const DUMP_VERSION = 1;

/** Rows fetched, and inserted, per statement. */
const BATCH = 2000;

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: number;
  /** Migrations applied to the dumped database: a restore needs every one of them. */
  migrations: string[];
  dialect: string;
  createdAt: string;
  tables: string[];
}

interface TableInfo {
  name: string;
  /** Columns filled from a sequence (bigserial): set past the restored maximum. */
  serials: string[];
}

/** Tables of the schema in foreign-key order (referenced before referencing), bookkeeping left out. */
async function tablesInOrder(db: SqlClient): Promise<TableInfo[]> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
     ORDER BY table_name`,
  );
  const refs = await db.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const serials = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
  );
  const names = tables.map((t) => t.name);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const r of refs) if (r.child === name && r.parent !== name) visit(r.parent, path);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered.map((name) => ({
    name,
    serials: serials.filter((s) => s.table_name === name).map((s) => s.column_name),
  }));
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Writes the whole database through `write`, one line at a time, from one transaction (a
 * consistent snapshot). Returns the rows written per table.
 */
export async function dumpDatabase(
  db: SqlClient,
  createdAt: string,
  write: (line: string) => Promise<void>,
): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    if (tx.dialect === "postgres")
      await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const tables = await tablesInOrder(tx);
    const migrations = (await tx.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id")).map(
      (m) => m.id,
    );
    const header: DumpHeader = {
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      migrations,
      dialect: tx.dialect,
      createdAt,
      tables: tables.map((t) => t.name),
    };
    await write(`# ${JSON.stringify(header)}\n`);
    const rows: Record<string, number> = {};
    for (const table of tables) {
      let count = 0;
      await tx.query(
        `DECLARE dump_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${quoteIdent(table.name)} t`,
      );
      for (;;) {
        const batch = await tx.query<{ j: string }>(`FETCH ${BATCH} FROM dump_rows`);
        if (batch.length === 0) break;
        await write(batch.map((r) => `${table.name}\t${r.j}\n`).join(""));
        count += batch.length;
      }
      await tx.query("CLOSE dump_rows");
      rows[table.name] = count;
    }
    await write(`# ${JSON.stringify({ end: true, rows })}\n`);
    return rows;
  });
}

/** Why a dump cannot be restored: a bad or truncated file, or a schema this server does not have. */
export class DumpError extends Error {}

export interface RestoreOptions {
  /** Tables whose rows already in the target stay (and win over the dump's on a key clash). */
  keep: readonly string[];
}

/**
 * Replaces the contents of every table with the dump's, inside the caller's transaction: every
 * row or none. Sequences continue after the restored ids. Returns the rows restored per table.
 */
export async function restoreDatabase(
  tx: SqlClient,
  lines: AsyncIterable<string>,
  options: RestoreOptions,
): Promise<Record<string, number>> {
  const tables = await tablesInOrder(tx);
  const known = new Map(tables.map((t) => [t.name, t]));
  const applied = new Set(
    (await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).map((m) => m.id),
  );
  let header: DumpHeader | undefined;
  let end: { rows: Record<string, number> } | undefined;
  const restored: Record<string, number> = {};
  let table: string | undefined;
  let batch: string[] = [];
  const flush = async () => {
    if (!table || batch.length === 0) return;
    const conflict = options.keep.includes(table) ? " ON CONFLICT DO NOTHING" : "";
    await tx.query(
      `INSERT INTO ${quoteIdent(table)} SELECT * FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)${conflict}`,
      [`[${batch.join(",")}]`],
    );
    restored[table] = (restored[table] ?? 0) + batch.length;
    batch = [];
  };
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line === "") continue;
    if (end) throw new DumpError(`line ${lineNo}: text after the dump's end line`);
    if (line.startsWith("# ")) {
      const meta = parseMeta(line, lineNo);
      if (!header) {
        header = checkHeader(meta, applied);
        for (const name of [...tables].reverse().map((t) => t.name))
          if (!options.keep.includes(name)) await tx.query(`DELETE FROM ${quoteIdent(name)}`);
        continue;
      }
      if (meta.end === true && typeof meta.rows === "object" && meta.rows !== null) {
        await flush();
        end = { rows: meta.rows as Record<string, number> };
        continue;
      }
      throw new DumpError(`line ${lineNo}: unexpected metadata`);
    }
    if (!header) throw new DumpError("not a Leasehold dump: it does not start with its header line");
    const tab = line.indexOf("\t");
    const name = tab > 0 ? line.slice(0, tab) : "";
    if (!known.has(name)) throw new DumpError(`line ${lineNo}: unknown table "${name.slice(0, 64)}"`);
    if (name !== table) {
      await flush();
      table = name;
    }
    batch.push(line.slice(tab + 1));
    if (batch.length >= BATCH) await flush();
  }
  if (!header) throw new DumpError("the dump is empty");
  if (!end) throw new DumpError("the dump is truncated: its end line is missing");
  for (const [name, count] of Object.entries(end.rows)) {
    if ((restored[name] ?? 0) !== count)
      throw new DumpError(`table ${name}: the dump says ${count} rows but holds ${restored[name] ?? 0}`);
  }
  for (const t of tables) {
    for (const column of t.serials) {
      await tx.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(t.name)}), 0) + 1, false)`,
        [t.name, column],
      );
    }
  }
  return restored;
}

function parseMeta(line: string, lineNo: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line.slice(2));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new DumpError(`line ${lineNo}: metadata is not a JSON object`);
}

function checkHeader(meta: Record<string, unknown>, applied: ReadonlySet<string>): DumpHeader {
  if (meta.format !== DUMP_FORMAT)
    throw new DumpError("not a Leasehold dump: its header names another format");
  if (meta.version !== DUMP_VERSION)
    throw new DumpError(
      `dump format version ${String(meta.version)} is not supported (this server reads ${DUMP_VERSION})`,
    );
  const migrations = Array.isArray(meta.migrations) ? meta.migrations.map(String) : [];
  const missing = migrations.filter((m) => !applied.has(m));
  if (missing.length)
    throw new DumpError(
      `the dump comes from a newer schema (migrations ${missing.join(", ")}): upgrade this server first`,
    );
  return meta as unknown as DumpHeader;
}

/** Whether the database holds anything a restore would overwrite: sites, tenants or leases. */
export async function holdsData(db: SqlClient): Promise<boolean> {
  const [row] = await db.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM sites) OR EXISTS (SELECT 1 FROM tenants) OR EXISTS (SELECT 1 FROM leases) AS any",
  );
  return row?.any === true;
}
