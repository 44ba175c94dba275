/**
 * The embedded default: PostgreSQL compiled to WASM (PGlite), data in a directory on disk, or in
 * memory when no directory is given. One process owns it: the server.
 * @module
 */
import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Database, SqlClient } from "./sql-client.js";

type Queryable = Pick<PGlite, "query" | "exec"> | Transaction;

function clientOf(q: Queryable): SqlClient {
  return {
    dialect: "pglite",
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const result = await q.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      if ("rollback" in q) return work(clientOf(q)); // already inside one: join it
      return (q as PGlite).transaction((tx) => work(clientOf(tx)));
    },
  };
}

/** Opens PGlite at `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export async function openPglite(
  dataDir?: string,
  options: { loadDataDir?: Blob } = {},
): Promise<Database & { pglite: PGlite }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create(dataDir ? { dataDir, ...options } : { ...options });
  return {
    ...clientOf(pglite),
    pglite,
    close: () => pglite.close(),
  };
}
