/**
 * A digest of every table's rows, to show that a request changed nothing: equal digests before and
 * after mean no row was inserted, updated or deleted anywhere.
 * @module
 */
import type { SqlClient } from "../../src/store/sql-client.js";

/** Each base table's row count and a hash of its rows, by table name. */
export async function databaseDigest(db: SqlClient): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS h
         FROM "${name}" t`,
    );
    out[name] = `${row?.n ?? 0} rows ${row?.h ?? "-"}`;
  }
  return out;
}

/** The tables whose digest differs between `before` and `after`. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]);
}
