/**
 * A PostgreSQL server reached through `DATABASE_URL`, with a connection pool. Same schema and SQL
 * as the embedded default.
 * @module
 */
import pg from "pg";
import type { Database, SqlClient } from "./sql-client.js";

// int8 (bigint) columns arrive as strings; repositories cast what they need explicitly.

function clientOf(q: pg.Pool | pg.PoolClient, inTransaction: boolean): SqlClient {
  return {
    dialect: "postgres",
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const result = await q.query(text, params as unknown[]);
      return result.rows as T[];
    },
    async exec(script: string) {
      await q.query(script);
    },
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (inTransaction) return work(clientOf(q, true));
      const client = await (q as pg.Pool).connect();
      try {
        await client.query("BEGIN");
        const result = await work(clientOf(client, true));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/**
 * Opens a pool on `url`. `max` defaults to 10 connections. An idle connection the server drops
 * (a restart, a terminated backend) is discarded by the pool instead of crashing the process.
 */
export function openPostgres(url: string, max = 10): Database & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => undefined);
  return { ...clientOf(pool, false), pool, close: () => endPool(pool) };
}

/** Ends the pool and waits until every connection has closed (pool.end() only starts closing them). */
async function endPool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let closed = 0;
  const allClosed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on("remove", () => {
      if (++closed >= open) resolve();
    });
  });
  await pool.end();
  await allClosed;
}
