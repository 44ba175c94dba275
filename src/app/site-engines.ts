/**
 * The allocation engine's live state, one per site, built from the database on first use and
 * kept in step with it: each engine remembers the site version it reflects and is rebuilt when
 * another process (or a failed write) moved the database past it. Also answers node health
 * changes: replacement of failed leased nodes, refills on recovery, and shortfall records.
 * @module
 */

import { Mutex } from "async-mutex";
import { type AllocationState, createAllocationState } from "../allocation/allocation-state.js";
import { buildFleetIndex, type FleetIndex, nodeIndicesByRef } from "../allocation/fleet-index.js";
import { leaseHolder } from "../allocation/holder-move.js";
import { missingGpus } from "../allocation/missing-gpus.js";
import { decideNodeStates } from "../allocation/node-decision.js";
import { refillShortLeases } from "../allocation/refill-short-leases.js";
import { leaseSnapshots, restoreLease } from "../allocation/restore-lease.js";
import type { SparePolicy } from "../allocation/spare-pool.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import type { NodeState } from "../fleet/node.js";
import type { Lease } from "../leasing/lease.js";
import {
  allocationsOfSite,
  assignNodes,
  lockSiteAllocation,
  reconcileShortfall,
  tranchePlacements,
} from "../store/allocation-repository.js";
import { appendOutbox, holdingLeases, leasesByIds } from "../store/lease-repository.js";
import { nodesOfSite } from "../store/node-repository.js";
import type { AllocationWrites } from "../store/node-state-writes.js";
import { findSite, listGpuModels, siteVersion } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";

export interface SiteEngine {
  siteId: string;
  index: FleetIndex;
  state: AllocationState;
  /** The site version this engine reflects. */
  version: number;
  /** A decision made on this engine is being written (see `NodeStateChanges`). */
  pending?: boolean;
}

/**
 * What a node state change did to a site's engine: the allocation rows it moves, and the follow-up
 * work that needs a transaction (refilling short leases after a recovery, reconciling the shortfall
 * records of leases whose shortfall moved).
 */
export interface NodeDecision {
  writes: AllocationWrites;
  /** Leases whose shortfall records must be brought in line. */
  touched: Set<string>;
  /** A node came back while some lease is short: refill. */
  refill: boolean;
}

export class SiteEngines {
  private readonly engines = new Map<string, SiteEngine>();
  private readonly writers = new Map<string, Mutex>();

  /** `spares` defaults to the engine's own policy (one rack's worth per block). */
  constructor(private readonly spares?: SparePolicy) {}

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
   * Runs `work` as this process's only writer of the site's allocation: engine changes happen under
   * it, from the decision until the write committed or failed. Take it before opening a
   * transaction (the embedded database runs one transaction at a time).
   */
  exclusive<T>(siteId: string, work: () => Promise<T>): Promise<T> {
    let mutex = this.writers.get(siteId);
    if (!mutex) {
      mutex = new Mutex();
      this.writers.set(siteId, mutex);
    }
    return mutex.runExclusive(work);
  }

  /**
   * The cached engine of a site (by id or name) and the indices of the named nodes (by id or
   * name), without asking the database; undefined when there is no engine or a node is unknown.
   */
  resolve(siteRef: string, nodeRefs: readonly string[]): { engine: SiteEngine; nodes: number[] } | undefined {
    const engine =
      this.engines.get(siteRef) ?? [...this.engines.values()].find((e) => e.index.siteName === siteRef);
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
    const state = createAllocationState(index, this.spares ? { spares: this.spares } : {});
    for (const snapshot of leaseSnapshots(leases, placed, held)) restoreLease(state, snapshot);
    return { siteId, index, state, version };
  }

  /**
   * Applies node health changes to a site's engine (hold `exclusive`) and says what to write (see
   * `decideNodeStates`): the allocation rows and their history, and the node_replaced messages.
   */
  decide(engine: SiteEngine, nodes: readonly number[], to: NodeState, actor: string): NodeDecision {
    const decision = decideNodeStates(engine.state, nodes, to, actor);
    const outbox = decision.events.map(({ leaseId, tenantId, ...payload }) => ({
      topic: "allocation.node_replaced",
      aggregateId: leaseId,
      tenantId,
      payload,
    }));
    return {
      writes: { release: decision.released, assign: decision.assigned, history: decision.moves, outbox },
      touched: decision.touched,
      refill: decision.refill,
    };
  }

  /** The writes a decision needs beyond its own rows, inside the transaction that holds the site's lock. */
  async followUp(tx: SqlClient, engine: SiteEngine, decision: NodeDecision, at: string): Promise<void> {
    if (decision.refill) await this.refillAll(tx, engine, at, decision.touched);
    await this.reconcile(tx, engine, at, decision.touched);
  }

  /** Gives recovered capacity back to short leases (see `refillShortLeases`); records every node added. */
  async refillAll(tx: SqlClient, engine: SiteEngine, at: string, touched: Set<string>): Promise<void> {
    for (const { leaseId, nodeIds } of refillShortLeases(engine.state)) {
      await assignNodes(
        tx,
        engine.siteId,
        leaseId,
        {
          nodeIds,
          from: nodeIds.map(() => "house"),
          to: leaseHolder(leaseId),
          leaseId,
          reason: "refill after recovery",
        },
        at,
      );
      touched.add(leaseId);
    }
  }

  /** Brings the open shortfall records of the touched leases in line with the engine. */
  async reconcile(
    tx: SqlClient,
    engine: SiteEngine,
    at: string,
    leaseIds: ReadonlySet<string>,
    leases?: readonly Lease[],
  ): Promise<void> {
    const terms = leases ?? (await leasesByIds(tx, [...leaseIds]));
    for (const lease of terms) {
      if (!leaseIds.has(lease.id)) continue;
      for (const [model, missing] of missingGpus(engine.state, lease, at)) {
        const changed = await reconcileShortfall(tx, {
          leaseId: lease.id,
          gpuModel: model,
          missingGpus: missing,
          at,
          cause: missing > 0 ? "capacity lost to node failures" : "restored",
        });
        if (changed) {
          await appendOutbox(tx, {
            topic: "lease.shortfall_changed",
            aggregateId: lease.id,
            tenantId: lease.tenantId,
            payload: { gpuModel: model, missingGpus: missing, at },
          });
        }
      }
    }
  }
}
