/**
 * The allocation engines' cache: one engine per site, built from the database on first use and
 * kept in step with it. Each engine remembers the site version it reflects and is rebuilt when
 * another process (or a failed write) moved the database past it. Also this process's writer lock
 * per site, with an urgent lane that node state changes take so a failure's replacement is served
 * before any queued lease work, and `write`, which runs a change of one or more sites' allocation
 * in one transaction and keeps the cache's versions right whether it commits or fails.
 * @module
 */
import { Mutex } from "async-mutex";
import { type AllocationState, createAllocationState } from "../allocation/allocation-state.js";
import { buildFleetIndex, type FleetIndex, nodeIndicesByRef } from "../allocation/fleet-index.js";
import { leaseSnapshots, restoreLease } from "../allocation/restore-lease.js";
import type { SparePolicy } from "../allocation/spare-pool.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import { holdsCapacity, type Lease } from "../leasing/lease.js";
import { allocationsOfSite, lockSiteAllocation, tranchePlacements } from "../store/allocation-repository.js";
import { holdingLeases, leasesByIds } from "../store/lease-repository.js";
import { nodesOfSite } from "../store/node-repository.js";
import {
  bumpSiteVersion,
  findSite,
  listGpuModels,
  listSites,
  siteVersion,
} from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";

export interface SiteEngine {
  siteId: string;
  siteName: string;
  index: FleetIndex;
  state: AllocationState;
  /** The site version this engine reflects. */
  version: number;
  /** A decision made on this engine is being written (see `NodeStateChanges`). */
  pending?: boolean;
  /**
   * The leases holding capacity at the site as stored at `version`, by id: every
   * change of a lease held at a site moves the site's version (see `SiteWrite.bump`).
   */
  holding: Map<string, Lease>;
}

/** The leases holding capacity at an engine's site, oldest first, as at the version it reflects. */
export function holdingLeasesOf(engine: SiteEngine): Lease[] {
  // Already in order but for a lease reserved after younger ones were: a nearly sorted sort is linear.
  return [...engine.holding.values()].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  );
}

/** A transaction's hold on the sites it changes (see `SiteEngines.write`). */
export interface SiteWrite {
  /** A held site's engine, up to date under the site's lock (see `SiteEngines.get` with `lock`); once per site. */
  engine(siteId: string): Promise<SiteEngine>;
  /** Says `engine` is about to change: should the transaction fail, the cache drops it. */
  changing(engine: SiteEngine): void;
  /** Says the transaction moved the engine's site to `version`: the cache takes it once it commits. */
  changed(engine: SiteEngine, version: number): void;
  /**
   * Says the transaction changes the engine's site: its allocation, and the leases `leaseIds`
   * (saved at the site, or leaving it). As its last statements, the transaction reads those leases
   * back as stored and moves the site to its next version, once however often this was said; the
   * cache takes both once it commits.
   */
  bump(engine: SiteEngine, leaseIds?: readonly string[]): void;
}

/**
 * Which lane of a site's writer lock a change queues in: `urgent` (node state changes) is served
 * before every waiting `lease` change, each lane in arrival order. The change holding the lock is
 * never interrupted.
 */
export type WriterLane = "urgent" | "lease";

const LANE_PRIORITY: Record<WriterLane, number> = { urgent: 1, lease: 0 };

/** A write asked for a site it does not hold (the sites it was given moved meanwhile): see `writeOn`. */
class SiteNotHeld extends Error {}

export class SiteEngines {
  private readonly engines = new Map<string, SiteEngine>();
  private readonly writers = new Map<string, Mutex>();

  /** `spares`: the spare pool every engine keeps per block. */
  constructor(private readonly spares: SparePolicy) {}

  /**
   * The engine of a site, rebuilt when the database moved past it. Pass a transaction with `lock`
   * to change the allocation: the site's lock is taken first, so the version read with it is the
   * latest and no other server changes the site until the transaction ends.
   */
  async get(db: SqlClient, siteId: string, options: { lock?: boolean } = {}): Promise<SiteEngine> {
    const version = options.lock
      ? await lockSiteAllocation(db, siteId)
      : (await siteVersion(db, siteId))?.version;
    if (version === undefined) throw new Error(`site ${siteId} vanished`);
    const cached = this.engines.get(siteId);
    if (cached && cached.version === version) {
      // A locked caller decides on what is stored, not on another request's write in flight.
      if (cached.pending && options.lock) return this.build(db, siteId, version);
      return cached;
    }
    const engine = await this.build(db, siteId, version);
    this.engines.set(siteId, engine);
    return engine;
  }

  /**
   * Builds the engine of every site that has none yet or a stale one, one after the other, so the
   * first request after a start does not pay for the build. Returns how many it built.
   */
  async warm(db: SqlClient): Promise<number> {
    let built = 0;
    for (const site of await listSites(db)) {
      const before = this.engines.get(site.id);
      if ((await this.get(db, site.id)) !== before) built++;
    }
    return built;
  }

  /**
   * Runs `work` as this process's only writer of the site's allocation: engine changes happen under
   * it, from the decision until the write committed or failed. Take it before opening a
   * transaction (the embedded database runs one transaction at a time). In the `urgent` lane,
   * `work` runs before any `lease` work still waiting for the lock.
   */
  exclusive<T>(siteId: string, work: () => Promise<T>, lane: WriterLane = "lease"): Promise<T> {
    let mutex = this.writers.get(siteId);
    if (!mutex) {
      mutex = new Mutex();
      this.writers.set(siteId, mutex);
    }
    return mutex.runExclusive(work, LANE_PRIORITY[lane]);
  }

  /**
   * Runs `work` in one transaction of `db` as this process's only writer of `siteIds` (taken in id
   * order, before the transaction opens). `work` reaches the engines through its `SiteWrite`: the
   * engines it changed take their new versions once the transaction commits, and are dropped if
   * it fails. Asking for a site outside `siteIds` throws `SiteNotHeld`. `lane`: see `exclusive`.
   */
  async write<T>(
    db: SqlClient,
    siteIds: readonly string[],
    work: (tx: SqlClient, sites: SiteWrite) => Promise<T>,
    lane: WriterLane = "lease",
  ): Promise<T> {
    const held = [...new Set(siteIds)].sort();
    const run = async (): Promise<T> => {
      const locked = new Map<string, Promise<SiteEngine>>();
      const changing = new Set<SiteEngine>();
      const versions = new Map<SiteEngine, number>();
      const saved = new Map<SiteEngine, Map<string, Lease | undefined>>();
      try {
        const result = await db.transaction(async (tx) => {
          const bumped = new Map<SiteEngine, Set<string>>();
          const result = await work(tx, {
            engine: (siteId) => {
              if (!held.includes(siteId)) throw new SiteNotHeld(`site ${siteId} is not held by this write`);
              const engine = locked.get(siteId) ?? this.get(tx, siteId, { lock: true });
              locked.set(siteId, engine);
              return engine;
            },
            changing: (engine) => changing.add(engine),
            changed: (engine, version) => versions.set(engine, version),
            bump: (engine, leaseIds = []) => {
              const ids = bumped.get(engine) ?? new Set<string>();
              bumped.set(engine, ids);
              for (const id of leaseIds) ids.add(id);
            },
          });
          for (const [engine, ids] of bumped) {
            const leases = new Map<string, Lease | undefined>([...ids].map((id) => [id, undefined]));
            for (const lease of await leasesByIds(tx, [...ids])) leases.set(lease.id, lease);
            saved.set(engine, leases);
            versions.set(engine, await bumpSiteVersion(tx, engine.siteId));
          }
          return result;
        });
        for (const [engine, leases] of saved) {
          if (this.isCurrent(engine)) for (const [id, lease] of leases) holds(engine, id, lease);
        }
        for (const [engine, version] of versions) this.wrote(engine.siteId, version, engine);
        return result;
      } catch (error) {
        for (const engine of changing) this.forget(engine.siteId, engine);
        throw error;
      }
    };
    return held.reduceRight<() => Promise<T>>(
      (next, siteId) => () => this.exclusive(siteId, next, lane),
      run,
    )();
  }

  /**
   * `write` on the sites `sitesOf` names, read before the transaction opens (the writer locks come
   * first); run again, up to three times in all, when those sites changed in between (`SiteNotHeld`).
   */
  async writeOn<T>(
    db: SqlClient,
    sitesOf: () => Promise<readonly string[]>,
    work: (tx: SqlClient, sites: SiteWrite) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(db, await sitesOf(), work);
      } catch (error) {
        if (!(error instanceof SiteNotHeld) || attempt >= 3) throw error;
      }
    }
  }

  /**
   * The cached engine of a site (by id or name) and the indices of the named nodes (by id or
   * name), without asking the database; undefined when there is no engine or a node is unknown.
   */
  resolve(siteRef: string, nodeRefs: readonly string[]): { engine: SiteEngine; nodes: number[] } | undefined {
    const engine =
      this.engines.get(siteRef) ?? [...this.engines.values()].find((e) => e.siteName === siteRef);
    const nodes = engine && nodeIndicesByRef(engine.index, nodeRefs);
    return engine && nodes ? { engine, nodes } : undefined;
  }

  /** Whether `engine` is still the site's cached engine. */
  isCurrent(engine: SiteEngine): boolean {
    return this.engines.get(engine.siteId) === engine;
  }

  /**
   * Records that this process itself moved the site to `version` (after its write committed). With
   * `engine`, only when that engine is still the cached one (a reader may have rebuilt it meanwhile).
   */
  wrote(siteId: string, version: number, engine?: SiteEngine): void {
    const cached = this.engines.get(siteId);
    if (cached && (!engine || cached === engine)) cached.version = version;
  }

  /** Drops a site's engine (a write failed after the engine changed); with `engine`, only that one. */
  forget(siteId: string, engine?: SiteEngine): void {
    if (!engine || this.engines.get(siteId) === engine) this.engines.delete(siteId);
  }

  private async build(db: SqlClient, siteId: string, version: number): Promise<SiteEngine> {
    const site = await findSite(db, siteId);
    if (!site) throw new Error(`site ${siteId} vanished`);
    // One after the other: `db` may be a transaction's single connection.
    const nodes = await nodesOfSite(db, siteId);
    const models = await listGpuModels(db);
    const leases = await holdingLeases(db, siteId);
    const held = await allocationsOfSite(db, siteId);
    const placed = await tranchePlacements(
      db,
      leases.map((l) => l.id),
    );
    const index = buildFleetIndex({ ...site, nodes }, catalogueOf(models));
    const state = createAllocationState(index, { spares: this.spares });
    for (const snapshot of leaseSnapshots(leases, placed, held)) restoreLease(state, snapshot);
    const holding = new Map(leases.map((l) => [l.id, l]));
    return { siteId, siteName: site.name, index, state, version, holding };
  }
}

/**
 * Keeps `lease` (as stored) among the engine's holding leases when it holds capacity at the site,
 * else drops it; undefined: the lease is gone.
 */
function holds(engine: SiteEngine, id: string, lease: Lease | undefined): void {
  if (lease !== undefined && lease.siteId === engine.siteId && holdsCapacity(lease.status))
    engine.holding.set(id, lease);
  else engine.holding.delete(id);
}
