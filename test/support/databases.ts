/**
 * Fresh databases for tests, on both backends: PGlite cloned from the run's migrated template,
 * and PostgreSQL databases created from the template database. Each closes and cleans up.
 * @module
 */

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openPglite } from "../../src/store/pglite-database.js";
import { openPostgres } from "../../src/store/postgres-database.js";
import type { Database } from "../../src/store/sql-client.js";
import { TEMPLATE_DB, withDatabase } from "./postgres-cluster.js";

let template: Blob | undefined;

/** An in-memory PGlite, migrated and seeded with the GPU catalogue. */
export async function openTestPglite(): Promise<Database> {
  template ??= new Blob([readFileSync(inject("pgliteTemplate"))]);
  return openPglite(undefined, { loadDataDir: template });
}

/** A new PostgreSQL database cloned from the migrated template; dropped on close. */
export async function openTestPostgres(): Promise<Database> {
  const url = inject("postgresUrl");
  if (!url) throw new Error("no PostgreSQL for tests (LEASEHOLD_TEST_POSTGRES=off)");
  const name = `leasehold_t_${randomBytes(6).toString("hex")}`;
  const admin = openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const db = openPostgres(withDatabase(url, name), 5);
  return {
    ...db,
    close: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export interface Backend {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

/** The backends store tests run on: both, unless PostgreSQL was switched off for this run. */
export function storeBackends(): Backend[] {
  const backends: Backend[] = [{ name: "pglite", open: openTestPglite }];
  if (inject("postgresUrl")) backends.push({ name: "postgres", open: openTestPostgres });
  return backends;
}
