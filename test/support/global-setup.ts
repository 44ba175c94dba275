/**
 * Once per test run: a migrated PGlite data dir to clone (seconds saved per test file), and a
 * PostgreSQL server for the store tests: TEST_DATABASE_URL if given, else a throwaway cluster.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { DEFAULT_SPARE_POLICY } from "../../src/allocation/spare-pool.js";
import { systemClock } from "../../src/app/clock.js";
import { wireServices } from "../../src/server/compose.js";
import { migrate } from "../../src/store/migrate.js";
import { openPglite } from "../../src/store/pglite-database.js";
import { openPostgres } from "../../src/store/postgres-database.js";
import type { SqlClient } from "../../src/store/sql-client.js";
import { type Cluster, startCluster, TEMPLATE_DB, withDatabase } from "./postgres-cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string;
  }
}

interface Prepared {
  pgliteTemplate: string;
  postgresUrl: string;
  users: number;
  teardown: () => void;
}

/**
 * The store, api and browser projects each call `setup`; they share one template and one cluster
 * (kept on globalThis, which every project's copy of this module sees in the main process).
 */
const shared = globalThis as { leaseholdTestSetup?: Promise<Prepared> };

export async function setup(project: TestProject) {
  shared.leaseholdTestSetup ??= prepare();
  const prepared = await shared.leaseholdTestSetup;
  prepared.users++;
  project.provide("pgliteTemplate", prepared.pgliteTemplate);
  project.provide("postgresUrl", prepared.postgresUrl);
  return () => {
    prepared.users--;
    if (prepared.users === 0) {
      shared.leaseholdTestSetup = undefined;
      prepared.teardown();
    }
  };
}

/** The built-in GPU models, as every server seeds them at start. */
async function seedCatalogue(db: SqlClient): Promise<void> {
  await wireServices(db, { clock: systemClock, spares: DEFAULT_SPARE_POLICY }).demo.seedCatalogue();
}

async function prepare(): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), "leasehold-test-"));
  const pglite = await openPglite();
  await migrate(pglite);
  await seedCatalogue(pglite);
  const template = join(dir, "pglite-template.tar");
  writeFileSync(template, Buffer.from(await (await pglite.pglite.dumpDataDir("none")).arrayBuffer()));
  await pglite.close();

  let cluster: Cluster | undefined;
  let url = process.env.TEST_DATABASE_URL ?? "";
  if (!url && process.env.LEASEHOLD_TEST_POSTGRES !== "off") {
    cluster = await startCluster();
    if (!cluster) {
      throw new Error(
        "PostgreSQL is not installed: the store tests run on PGlite and on PostgreSQL. Install Debian's " +
          "postgresql, set TEST_DATABASE_URL, or set LEASEHOLD_TEST_POSTGRES=off to run PGlite only.",
      );
    }
    url = cluster.url;
  }
  if (url) {
    // A migrated template database: each test file clones it with CREATE DATABASE … TEMPLATE.
    const admin = openPostgres(url, 1);
    await admin.exec(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.exec(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.close();
    const tpl = openPostgres(withDatabase(url, TEMPLATE_DB), 1);
    await migrate(tpl);
    await seedCatalogue(tpl);
    await tpl.close();
  }
  return {
    pgliteTemplate: template,
    postgresUrl: url,
    users: 0,
    teardown: () => {
      cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
