/**
 * The composition root: opens the database, migrates it, seeds the catalogue and the demo,
 * makes sure an operator key exists, and wires the services into the HTTP app.
 * @module
 */
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import type { SparePolicy } from "../allocation/spare-pool.js";
import { AccessService } from "../app/access-service.js";
import { BackupService } from "../app/backup-service.js";
import { type Clock, systemClock } from "../app/clock.js";
import { loadDemoIfEmpty, seedCatalogue } from "../app/demo.js";
import { FleetService } from "../app/fleet-service.js";
import { IdempotencyService } from "../app/idempotency-service.js";
import { LeaseService } from "../app/lease-service.js";
import { SiteEngines } from "../app/site-engines.js";
import { migrate } from "../store/migrate.js";
import { openPglite } from "../store/pglite-database.js";
import { openPostgres } from "../store/postgres-database.js";
import type { Database } from "../store/sql-client.js";
import { createApp, type LeaseholdApp } from "./app.js";
import type { ServerConfig } from "./config.js";
import { createMetrics } from "./metrics.js";
import { readOperatorKey, writeOperatorKey } from "./operator-key-file.js";
import { type RequestLimitRates, requestLimits } from "./request-limits.js";

export const VERSION = "0.1.0";

export interface Composed {
  app: LeaseholdApp;
  db: Database;
  access: AccessService;
  fleet: FleetService;
  leases: LeaseService;
  idempotency: IdempotencyService;
  /** The in-memory allocation engines, one per site, kept in step with the database. */
  engines: SiteEngines;
  /** Set when this start created the first operator key. */
  newOperatorKey?: string;
  operatorKeyPath: string;
  demo?: { nodes: number; gpus: number };
}

export async function openDatabase(
  config: Pick<ServerConfig, "DATABASE_URL" | "LEASEHOLD_DATA_DIR">,
): Promise<Database> {
  if (config.DATABASE_URL) return openPostgres(config.DATABASE_URL);
  return openPglite(join(resolve(config.LEASEHOLD_DATA_DIR), "pgdata"));
}

export interface AssembleOptions {
  demo: boolean;
  /** Where the bootstrap operator key is written. */
  dataDir: string;
  logger: Logger;
  webRoot: string;
  /** Defaults to the system clock; tests and simulations pass their own. */
  clock?: Clock;
  /** The spare pool the engines keep per block; the engine's default when absent. */
  spares?: SparePolicy;
  /** Request limits per minute; the defaults of the configuration when absent. */
  rates?: RequestLimitRates;
}

/** The configuration's defaults for request limits (tests pass their own). */
export const DEFAULT_RATES: RequestLimitRates = {
  failedAuthPerMinute: 30,
  quotesPerMinute: 120,
  importsPerMinute: 20,
};

/** Migrates and seeds an open database and wires the app on it (the part tests share with `npm start`). */
export async function assemble(db: Database, options: AssembleOptions): Promise<Composed> {
  await migrate(db);
  await seedCatalogue(db);
  const demo = options.demo ? await loadDemoIfEmpty(db) : undefined;
  const access = new AccessService(db);
  const clock = options.clock ?? systemClock;
  const engines = new SiteEngines(options.spares);
  const fleet = new FleetService(db, engines, clock);
  const leases = new LeaseService(db, engines, clock);
  const idempotency = new IdempotencyService(db, clock);
  const dataDir = resolve(options.dataDir);
  let newOperatorKey = await access.bootstrapOperatorKey();
  if (!newOperatorKey && !(await readOperatorKey(dataDir))) {
    // A database with keys but no key file here (a shared PostgreSQL): issue a key for this machine.
    newOperatorKey = (await access.createKey(undefined, { name: "local", role: "operator" })).key;
  }
  const operatorKeyPath = newOperatorKey
    ? await writeOperatorKey(dataDir, newOperatorKey)
    : join(dataDir, "operator.key");
  const app = createApp({
    db,
    fleet,
    access,
    leases,
    engines,
    idempotency,
    backups: new BackupService(db, clock),
    metrics: createMetrics(),
    limits: requestLimits(options.rates ?? DEFAULT_RATES, () => Date.now()),
    logger: options.logger,
    version: VERSION,
    webRoot: options.webRoot,
  });
  return {
    app,
    db,
    access,
    fleet,
    leases,
    idempotency,
    engines,
    newOperatorKey,
    operatorKeyPath,
    ...(demo ? { demo: { nodes: demo.nodes, gpus: demo.gpus } } : {}),
  };
}

export async function compose(config: ServerConfig, logger: Logger, webRoot: string): Promise<Composed> {
  const db = await openDatabase(config);
  const spares =
    config.LEASEHOLD_SPARES_PER_BLOCK === undefined
      ? {}
      : { spares: { nodesPerBlock: config.LEASEHOLD_SPARES_PER_BLOCK } };
  return assemble(db, {
    ...spares,
    rates: {
      failedAuthPerMinute: config.LEASEHOLD_AUTH_FAILURES_PER_MINUTE,
      quotesPerMinute: config.LEASEHOLD_QUOTES_PER_MINUTE,
      importsPerMinute: config.LEASEHOLD_IMPORTS_PER_MINUTE,
    },
    demo: config.LEASEHOLD_DEMO === "colossus",
    dataDir: config.LEASEHOLD_DATA_DIR,
    logger,
    webRoot,
  });
}
