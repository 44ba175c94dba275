/**
 * The composition root: opens the database, migrates it, seeds the catalogue and the demo,
 * makes sure an operator key exists, and wires the services into the HTTP app.
 * @module
 */
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { KeyCache } from "../access/key-cache.js";
import { DEFAULT_SPARE_POLICY, type SparePolicy } from "../allocation/spare-pool.js";
import { AccessService } from "../app/access-service.js";
import { AgentKeys } from "../app/agent-keys.js";
import { AllocationWriter } from "../app/allocation-writer.js";
import { BackupService } from "../app/backup-service.js";
import { type Clock, systemClock } from "../app/clock.js";
import { Demo } from "../app/demo.js";
import { EconomicScenarios } from "../app/economic-scenarios.js";
import { EconomicsService } from "../app/economics-service.js";
import { FleetGauges } from "../app/fleet-gauges.js";
import { FleetImports } from "../app/fleet-import.js";
import { FleetService } from "../app/fleet-service.js";
import { Health } from "../app/health.js";
import { HealthMonitor } from "../app/health-monitor.js";
import { HealthPolicies } from "../app/health-policies.js";
import { HeartbeatIngest } from "../app/heartbeat-ingest.js";
import { IdempotencyService } from "../app/idempotency-service.js";
import { InvoiceService } from "../app/invoice-service.js";
import { LeaseEnergySource } from "../app/lease-energy-source.js";
import { LeaseQuotes } from "../app/lease-quote.js";
import { LeaseService } from "../app/lease-service.js";
import { LeaseViews } from "../app/lease-views.js";
import { LimitChecks, type StoreFailurePolicy } from "../app/limit-checks.js";
import { LimitEventConsumer } from "../app/limit-event-consumer.js";
import { LimitPlans } from "../app/limit-plans.js";
import { LimitSets } from "../app/limit-sets.js";
import { NodeStateChanges } from "../app/node-state-changes.js";
import { PortfolioDeals } from "../app/portfolio-deals.js";
import { PortfolioViews } from "../app/portfolio-views.js";
import { PublishedLimitSets } from "../app/published-limit-sets.js";
import { RevenueService } from "../app/revenue-service.js";
import { SiteEngines } from "../app/site-engines.js";
import { SiteHealthViews } from "../app/site-health-views.js";
import { TenantUnitEconomics } from "../app/tenant-unit-economics.js";
import { UsageService } from "../app/usage-service.js";
import { DecisionLog } from "../limits/decision-log.js";
import { InProcessStore } from "../limits/in-process-store.js";
import type { PublishedLimits } from "../limits/limit-set.js";
import type { LimitStore } from "../limits/limit-store.js";
import { Limiter } from "../limits/limiter.js";
import { RedisStore } from "../limits/redis-store.js";
import type { EnergySource } from "../metering/energy-source.js";
import { migrate } from "../store/migrate.js";
import { openPglite } from "../store/pglite-database.js";
import { openPostgres } from "../store/postgres-database.js";
import type { Database, SqlClient } from "../store/sql-client.js";
import { createApp, type LeaseholdApp } from "./app.js";
import type { ServerConfig } from "./config.js";
import { registerLimitMetrics } from "./limit-metrics.js";
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
  /** The owner's economics of a site, and saved scenarios. */
  economics: EconomicsService;
  scenarios: EconomicScenarios;
  idempotency: IdempotencyService;
  backups: BackupService;
  /** The fleet's figures for /metrics. */
  gauges: FleetGauges;
  /** The in-memory allocation engines, one per site, kept in step with the database. */
  engines: SiteEngines;
  /** Node agents' keys, their heartbeats, the health policy and the missed-heartbeat monitor. */
  agentKeys: AgentKeys;
  heartbeats: HeartbeatIngest;
  healthPolicies: HealthPolicies;
  healthMonitor: HealthMonitor;
  siteHealth: SiteHealthViews;
  /** Tenants' serving profiles and plans. */
  limitPlans: LimitPlans;
  /** Versioned limit sets: computed, diffed, published. */
  limitSets: LimitSets;
  /** The limits in force, in memory, as the limiter reads them on every check. */
  publishedLimits: PublishedLimitSets;
  /** Recomputes limits after lease events that change a tenant's live capacity. */
  limitEvents: LimitEventConsumer;
  /** Usage-limit checks and settles over the published limits. */
  limitChecks: LimitChecks;
  usage: UsageService;
  invoices: InvoiceService;
  revenue: RevenueService;
  /** A tenant's capacity deals across providers, and their CSV. */
  portfolioDeals: PortfolioDeals;
  /** A tenant's portfolio summary, timeline and target. */
  portfolioViews: PortfolioViews;
  /** A tenant's unit economics. */
  unitEconomics: TenantUnitEconomics;
}

/** Where usage lives and what checks answer when that store is unreachable. */
export interface LimitOptions {
  /** The limits in force; the published limit sets in the database when absent. */
  limits?: PublishedLimits;
  /** In this process when absent. */
  limitStore?: LimitStore;
  /** Fail closed when absent. */
  limitFailure?: StoreFailurePolicy;
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
export function wireServices(
  db: SqlClient,
  options: { clock: Clock; spares: SparePolicy; energy?: EnergySource } & LimitOptions,
): Services {
  const { clock } = options;
  const publishedLimits = new PublishedLimitSets(db);
  const keyCache = new KeyCache();
  const limiter = new Limiter(options.limits ?? publishedLimits, options.limitStore ?? new InProcessStore());
  const engines = new SiteEngines(options.spares);
  const writer = new AllocationWriter();
  const imports = new FleetImports(db, clock);
  const siteHealth = new SiteHealthViews(db, clock);
  const fleet = new FleetService(db, siteHealth);
  const nodeStates = new NodeStateChanges(db, engines, writer, clock);
  const healthPolicies = new HealthPolicies(db, clock);
  const limitSets = new LimitSets(db, clock, publishedLimits);
  return {
    health: new Health(db),
    demo: new Demo(db, imports),
    access: new AccessService(db, clock, keyCache),
    fleet,
    imports,
    nodeStates,
    leases: new LeaseService(db, engines, writer, clock),
    quotes: new LeaseQuotes(db, engines, clock),
    views: new LeaseViews(db, engines, clock),
    economics: new EconomicsService(db, fleet, clock),
    scenarios: new EconomicScenarios(db, fleet, clock),
    idempotency: new IdempotencyService(db, clock),
    backups: new BackupService(db, clock),
    gauges: new FleetGauges(db, fleet, engines),
    engines,
    limitChecks: new LimitChecks(limiter, new DecisionLog(), clock, options.limitFailure ?? "closed"),
    limitPlans: new LimitPlans(db, clock),
    limitSets,
    publishedLimits,
    limitEvents: new LimitEventConsumer(db, clock, limitSets, publishedLimits),
    agentKeys: new AgentKeys(db, clock, keyCache),
    heartbeats: new HeartbeatIngest(db, engines, nodeStates, healthPolicies, clock),
    healthPolicies,
    healthMonitor: new HealthMonitor(db, nodeStates, healthPolicies, clock),
    siteHealth,
    usage: new UsageService(db, clock),
    invoices: new InvoiceService(db, clock, (tx) => options.energy ?? new LeaseEnergySource(tx)),
    revenue: new RevenueService(db),
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

export interface AssembleOptions extends LimitOptions {
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
  /** Where power pass-through reads energy; the agents' measured readings (else the nameplate estimate) when absent. */
  energy?: EnergySource;
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
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.limitStore ? { limitStore: options.limitStore } : {}),
    ...(options.limitFailure ? { limitFailure: options.limitFailure } : {}),
    ...(options.energy ? { energy: options.energy } : {}),
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
    usage,
    invoices,
    revenue,
    economics,
    scenarios,
    portfolioDeals,
    portfolioViews,
    unitEconomics,
  } = services;
  await migrate(db);
  await services.publishedLimits.poll();
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
  const metrics = createMetrics(
    () => services.gauges.snapshot(),
    () => services.siteHealth.gauges(),
  );
  registerLimitMetrics(metrics.registry, services.limitChecks);
  const app = createApp({
    health,
    fleet,
    imports,
    nodeStates,
    access,
    leases,
    quotes,
    views,
    economics,
    scenarios,
    idempotency,
    backups,
    limitPlans: services.limitPlans,
    limitSets: services.limitSets,
    limitChecks: services.limitChecks,
    agentKeys: services.agentKeys,
    heartbeats: services.heartbeats,
    healthPolicies: services.healthPolicies,
    siteHealth: services.siteHealth,
    usage,
    invoices,
    revenue,
    portfolioDeals,
    portfolioViews,
    unitEconomics,
    metrics,
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

/**
 * A Redis client for the limiter that fails fast while Redis is down (no offline queue, no
 * retries of a command, a short timeout), so the failure policy answers at once, and reconnects
 * by itself in the background.
 */
function connectRedis(url: string): Redis {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 250 });
  // Outages show in /metrics through the failure policy; the client's own events are not errors.
  client.on("error", () => {});
  return client;
}

export async function compose(config: ServerConfig, logger: Logger, webRoot: string): Promise<Composed> {
  const db = await openDatabase(config);
  const spares =
    config.LEASEHOLD_SPARES_PER_BLOCK === undefined
      ? {}
      : { spares: { nodesPerBlock: config.LEASEHOLD_SPARES_PER_BLOCK } };
  return assemble(db, {
    ...spares,
    ...(config.REDIS_URL ? { limitStore: new RedisStore(connectRedis(config.REDIS_URL)) } : {}),
    limitFailure: config.LIMITS_REDIS_FAILURE,
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
