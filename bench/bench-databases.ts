/**
 * The two databases the database benchmarks run on: PGlite stored on disk in a temporary
 * directory, and a durable PostgreSQL (`BENCH_DATABASE_URL`, else a throwaway cluster started from
 * PostgreSQL's binaries with their default durability).
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPglite } from "../src/store/pglite-database.js";
import { openPostgres } from "../src/store/postgres-database.js";
import type { Database } from "../src/store/sql-client.js";
import { startCluster } from "../test/support/postgres-cluster.js";

/** Runs `measure` on a fresh on-disk PGlite; closes it and deletes its directory afterwards. */
export async function onPgliteDisk<T>(
  measure: (db: Awaited<ReturnType<typeof openPglite>>) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "leasehold-bench-"));
  try {
    const pglite = await openPglite(join(dir, "pgdata"));
    try {
      return await measure(pglite);
    } finally {
      await pglite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `measure` on a durable PostgreSQL whose `public` schema has just been emptied, then closes
 * it (and stops the cluster it started). Undefined when there is neither `BENCH_DATABASE_URL` nor
 * PostgreSQL's binaries.
 */
export async function onDurablePostgres<T>(measure: (db: Database) => Promise<T>): Promise<T | undefined> {
  const cluster = process.env.BENCH_DATABASE_URL ? undefined : await startCluster({ durable: true });
  const url = process.env.BENCH_DATABASE_URL ?? cluster?.url;
  if (!url) return undefined;
  const pg = openPostgres(url);
  try {
    await pg.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    return await measure(pg);
  } finally {
    await pg.close();
    cluster?.stop();
  }
}

/** The table row saying PostgreSQL was skipped, padded with empty cells to `columns` cells. */
export function postgresSkippedRow(columns: number): string[] {
  const row = ["PostgreSQL", "skipped: no PostgreSQL binaries and no BENCH_DATABASE_URL"];
  return [...row, ...Array<string>(columns - row.length).fill("")];
}

/**
 * The rows `measure` gives on PGlite (disk), then on durable PostgreSQL, or the skipped row (of
 * `columns` cells) in place of PostgreSQL's. `BENCH_ONLY=pglite` measures PGlite alone.
 */
export async function measureOnBothDatabases(
  measure: (label: string, db: Database) => Promise<string[][]>,
  columns: number,
): Promise<string[][]> {
  const pglite = await onPgliteDisk((db) => measure("PGlite (disk)", db));
  if (process.env.BENCH_ONLY === "pglite") return pglite;
  const postgres = await onDurablePostgres((db) => measure("PostgreSQL (durable)", db));
  return [...pglite, ...(postgres ?? [postgresSkippedRow(columns)])];
}
