/**
 * Set-up shared by the lease benchmarks: the demo site (220,000 GPUs) loaded into a fresh
 * database with the tenant `frontier-lab`, the services over it on a manual clock, and the
 * rent-half request (110,000 H100, packed, block isolation, islands of 2,048 GPUs).
 * @module
 */
import type { Principal } from "../src/access/principal.js";
import { DEFAULT_SPARE_POLICY } from "../src/allocation/spare-pool.js";
import { ManualClock } from "../src/app/clock.js";
import type { LeaseService } from "../src/app/lease-service.js";
import type { NodeStateChanges } from "../src/app/node-state-changes.js";
import type { SiteEngines } from "../src/app/site-engines.js";
import { wireServices } from "../src/server/compose.js";
import { migrate } from "../src/store/migrate.js";
import type { Database } from "../src/store/sql-client.js";

/** Nodes (8 GPUs each) that rent-half holds once placed. */
export const RENT_HALF_NODES = 13_750;

export const operator: Principal = { role: "operator", keyId: "key_bench", keyName: "bench" };

/** The rent-half lease request on `colossus-1`, from `startsAt` to `endsAt` (ISO 8601 UTC). */
export function rentHalfRequest(name: string, startsAt: string, endsAt: string) {
  return {
    name,
    tenant: "frontier-lab",
    sites: ["colossus-1"],
    lines: [{ key: "h100", gpuModel: "H100", gpuCount: 110_000, pricePerGpuHour: "2.10" }],
    startsAt,
    endsAt,
    isolation: "block",
    placement: { policy: "packed", minIslandGpus: 2048 },
  };
}

/** The integer `n` that `sql` selects, or -1 when it selects no row. */
export const count = async (db: Database, sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: number }>(sql, params))[0]?.n ?? -1);

export interface DemoLeaseSetup {
  /** The id of the demo site `colossus-1`. */
  siteId: string;
  /** Starts at 2026-12-01T00:00:00.000Z. */
  clock: ManualClock;
  engines: SiteEngines;
  leases: LeaseService;
  nodeStates: NodeStateChanges;
}

/** Migrates `db`, loads the demo site and creates the tenant `frontier-lab`. */
export async function setUpDemoLeasing(db: Database): Promise<DemoLeaseSetup> {
  const clock = new ManualClock("2026-12-01T00:00:00.000Z");
  const { demo, access, engines, leases, nodeStates } = wireServices(db, {
    clock,
    spares: DEFAULT_SPARE_POLICY,
  });
  await migrate(db);
  await demo.seedCatalogue();
  await demo.loadIfEmpty();
  await access.createTenant(operator, "frontier-lab");
  const siteId = (await db.query<{ id: string }>("SELECT id FROM sites WHERE name = 'colossus-1'"))[0]?.id;
  if (!siteId) throw new Error("demo site missing");
  return { siteId, clock, engines, leases, nodeStates };
}
