/**
 * The composition root: opens the database, migrates it, seeds the catalogue and the demo,
 * makes sure an operator key exists, and wires the services into the HTTP app.
 * @module
 */
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import { DEFAULT_SPARE_POLICY, type SparePolicy } from "../allocation/spare-pool.js";
import { AccessService } from "../app/access-service.js";
import { AllocationWriter } from "../app/allocation-writer.js";
import { BackupService } from "../app/backup-service.js";
import { type Clock, systemClock } from "../app/clock.js";
import { Demo } from "../app/demo.js";
import { FleetGauges } from "../app/fleet-gauges.js";
import { FleetImports } from "../app/fleet-import.js";
import { FleetService } from "../app/fleet-service.js";
import { Health } from "../app/health.js";
import { IdempotencyService } from "../app/idempotency-service.js";
import { LeaseQuotes } from "../app/lease-quote.js";
import { LeaseService } from "../app/lease-service.js";
import { LeaseViews } from "../app/lease-views.js";
import { NodeStateChanges } from "../app/node-state-changes.js";
import { PortfolioDeals } from "../app/portfolio-deals.js";
import { PortfolioViews } from "../app/portfolio-views.js";
import { SiteEngines } from "../app/site-engines.js";
import { TenantUnitEconomics } from "../app/tenant-unit-economics.js";
import { migrate } from "../store/migrate.js";
import { openPglite } from "../store/pglite-database.js";
import { openPostgres } from "../store/postgres-database.js";
import type { Database, SqlClient } from "../store/sql-client.js";
import { createApp, type LeaseholdApp } from "./app.js";
import type { ServerConfig } from "./config.js";
import { createMetrics } from "./metrics.js";
import { readOperatorKey, writeOperatorKey } from "./operator-key-file.js";
import { type RequestLimitRates, requestLimits } from "./request-limits.js";

export const VERSION = "0.1.0";

/** The use cases of one server over one database, and the allocation engines they share. */
export interface Services {
  health: Health;
  demo: Demo;
  access: AccessService;
  fleet: FleetService;
  imports: FleetImports;
  nodeStates: NodeStateChanges;
  leases: LeaseService;
  quotes: LeaseQuotes;
  views: LeaseViews;
  idempotency: IdempotencyService;
  backups: BackupService;
  /** The fleet's figures for /metrics. */
  gauges: FleetGauges;
  /** The in-memory allocation engines, one per site, kept in step with the database. */
  engines: SiteEngines;
  /** A tenant's capacity deals across providers, and their CSV. */
  portfolioDeals: PortfolioDeals;
  /** A tenant's portfolio summary, timeline and target. */
  portfolioViews: PortfolioViews;
  /** A tenant's unit economics. */
  unitEconomics: TenantUnitEconomics;
}

export interface Composed extends Omit<Services, "demo"> {
  app: LeaseholdApp;
  db: Database;
  /** Set when this start created the first operator key. */
  newOperatorKey?: string;
  operatorKeyPath: string;
  demo?: { nodes: number; gpus: number };
}

/**
 * Builds every service of one server on `db`, each given what it needs: the only place they are
 * built (`assemble` uses it; a test that plays a second server builds a second set).
 */
export function wireServices(db: SqlClient, options: { clock: Clock; spares: SparePolicy }): Services {
  const { clock } = options;
  const engines = new SiteEngines(options.spares);
  const writer = new AllocationWriter();
  const imports = new FleetImports(db, clock);
  const fleet = new FleetService(db);
  return {
    health: new Health(db),
    demo: new Demo(db, imports),
    access: new AccessService(db, clock),
    fleet,
    imports,
    nodeStates: new NodeStateChanges(db, engines, writer, clock),
    leases: new LeaseService(db, engines, writer, clock),
    quotes: new LeaseQuotes(db, engines, clock),
    views: new LeaseViews(db, engines, clock),
    idempotency: new IdempotencyService(db, clock),
    backups: new BackupService(db, clock),
    gauges: new FleetGauges(db, fleet, engines),
    engines,
    portfolioDeals: new PortfolioDeals(db, clock),
    portfolioViews: new PortfolioViews(db, clock),
    unitEconomics: new TenantUnitEconomics(db, clock),
  };
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
  const { demo: demoSite, ...services } = wireServices(db, {
    clock: options.clock ?? systemClock,
    spares: options.spares ?? DEFAULT_SPARE_POLICY,
  });
  const {
    health,
    access,
    fleet,
    imports,
    nodeStates,
    leases,
    quotes,
    views,
    idempotency,
    backups,
    portfolioDeals,
    portfolioViews,
    unitEconomics,
  } = services;
  await migrate(db);
  await demoSite.seedCatalogue();
  const demo = options.demo ? await demoSite.loadIfEmpty() : undefined;
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
    health,
    fleet,
    imports,
    nodeStates,
    access,
    leases,
    quotes,
    views,
    idempotency,
    backups,
    portfolioDeals,
    portfolioViews,
    unitEconomics,
    metrics: createMetrics(() => services.gauges.snapshot()),
    limits: requestLimits(options.rates ?? DEFAULT_RATES, () => Date.now()),
    logger: options.logger,
    version: VERSION,
    webRoot: options.webRoot,
  });
  return {
    ...services,
    app,
    db,
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
