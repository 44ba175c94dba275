/**
 * The allocation engine's live state, one per site, built from the database on first use and
 * kept in step with it: each engine remembers the site version it reflects and is rebuilt when
 * another process (or a failed write) moved the database past it. Also answers node health
 * changes: replacement of failed leased nodes, refills on recovery, and shortfall records.
 * @module
 */

import { Mutex } from "async-mutex";
import {
  type AllocationState,
  createAllocationState,
  leaseOf,
  shortfallGpus,
} from "../allocation/allocation-state.js";
import {
  buildFleetIndex,
  type FleetIndex,
  modelCodeOf,
  nodeIdsOf,
  nodeIndicesByRef,
} from "../allocation/fleet-index.js";
import { at } from "../allocation/node-codes.js";
import { refillLease, setNodeState } from "../allocation/node-events.js";
import { restoreLease } from "../allocation/restore-lease.js";
import type { SparePolicy } from "../allocation/spare-pool.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import type { NodeState } from "../fleet/node.js";
import { gpusDueAt, type Lease } from "../leasing/lease.js";
import {
  allocationsOfSite,
  assignNodes,
  lockSiteAllocation,
  reconcileShortfall,
  tranchePlacements,
} from "../store/allocation-repository.js";
import { appendOutbox, holdingLeases, leasesByIds } from "../store/lease-repository.js";
import { nodesOfSite } from "../store/node-repository.js";
import type { AllocationWrites, HolderMove, OutboxMessage } from "../store/node-state-writes.js";
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
    const index = buildFleetIndex({ ...site, nodes }, catalogueOf(models));
    const state = createAllocationState(index, this.spares ? { spares: this.spares } : {});
    const placements = await tranchePlacements(
      db,
      leases.map((l) => l.id),
    );
    for (const lease of leases) {
      const requested: Record<string, number> = {};
      for (const p of placements)
        if (p.leaseId === lease.id) requested[p.gpuModel] = (requested[p.gpuModel] ?? 0) + p.gpus;
      if (Object.keys(requested).length === 0) continue;
      restoreLease(state, {
        leaseId: lease.id,
        tenantId: lease.tenantId,
        isolation: lease.isolation,
        requestedGpusByModel: requested,
        nodeIds: held.get(lease.id) ?? [],
      });
    }
    return { siteId, index, state, version };
  }

  /**
   * Applies node health changes to a site's engine (hold `exclusive`) and says what to write: a
   * failed leased node leaves its lease and is replaced (spare or house, nearest domain first), or
   * the lease runs short; a recovered node goes back to the spares or the house, and short leases
   * are to be refilled.
   */
  decide(engine: SiteEngine, nodes: readonly number[], to: NodeState, actor: string): NodeDecision {
    const { index, state } = engine;
    const touched = new Set<string>();
    const holder = new Map<string, string | null>();
    const left = new Map<string, string>();
    const history: HolderMove[] = [];
    const outbox: OutboxMessage[] = [];
    for (const i of nodes) {
      const owner = state.owner[i] ?? -1;
      const before = owner >= 0 ? state.leases[owner] : undefined;
      const shortBefore = before ? shortfallGpus(state, before) : 0;
      const result = setNodeState(state, i, to);
      const leaseId = result.leaseId;
      if (!leaseId) continue;
      // Shortfall records only move when the lease's shortfall did (a replaced node changes nothing).
      if (result.shortfallGpus !== shortBefore) touched.add(leaseId);
      const failedNodeId = index.nodeIds[i] ?? "";
      const replacement =
        result.replacedBy === undefined ? undefined : nodeIdsOf(index, [result.replacedBy])[0];
      const reason = `node ${to} (${actor})`;
      holder.set(failedNodeId, null);
      left.set(failedNodeId, leaseId);
      history.push({
        nodeId: failedNodeId,
        from: `lease:${leaseId}`,
        to: result.ownedBy === "unassigned" ? "out_of_service" : result.ownedBy,
        leaseId,
        reason,
      });
      if (replacement) {
        holder.set(replacement, leaseId);
        history.push({
          nodeId: replacement,
          from: result.source ?? "house",
          to: `lease:${leaseId}`,
          leaseId,
          reason: `replaces ${failedNodeId}`,
        });
      }
      outbox.push({
        topic: "allocation.node_replaced",
        aggregateId: leaseId,
        tenantId: leaseOf(state, leaseId)?.tenantId ?? null,
        payload: {
          siteId: engine.siteId,
          failedNodeId,
          state: to,
          replacementNodeId: replacement ?? null,
          level: result.level ?? null,
          source: result.source ?? null,
          shortfallGpus: result.shortfallGpus,
        },
      });
    }
    // Net row changes: a replacement that failed later in the same batch never held a row.
    const release = [...holder].flatMap(([nodeId, lease]) =>
      lease === null ? [{ nodeId, leaseId: left.get(nodeId) ?? "" }] : [],
    );
    const assign = [...holder].flatMap(([nodeId, leaseId]) => (leaseId ? [{ nodeId, leaseId }] : []));
    const refill =
      to === "healthy" && state.leases.some((l) => l !== undefined && shortfallGpus(state, l) > 0);
    return { writes: { release, assign, history, outbox }, touched, refill };
  }

  /** The writes a decision needs beyond its own rows, inside the transaction that holds the site's lock. */
  async followUp(tx: SqlClient, engine: SiteEngine, decision: NodeDecision, at: string): Promise<void> {
    if (decision.refill) await this.refillAll(tx, engine, at, decision.touched);
    await this.reconcile(tx, engine, at, decision.touched);
  }

  /** Gives recovered capacity back to short leases; records every node added. */
  async refillAll(tx: SqlClient, engine: SiteEngine, at: string, touched: Set<string>): Promise<void> {
    const { index, state } = engine;
    for (const record of state.leases) {
      if (!record) continue;
      const before = new Set(record.nodes);
      const result = refillLease(state, record.leaseId);
      if (!result.ok || result.addedNodes === 0) continue;
      const added = record.nodes.filter((n) => !before.has(n));
      await assignNodes(
        tx,
        engine.siteId,
        record.leaseId,
        {
          nodeIds: nodeIdsOf(index, added),
          from: added.map(() => "house"),
          to: `lease:${record.leaseId}`,
          leaseId: record.leaseId,
          reason: "refill after recovery",
        },
        at,
      );
      touched.add(record.leaseId);
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
      for (const [model, missing] of missingGpus(engine, lease, at)) {
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

/** GPUs of each model a lease should hold at `at` (its due tranches) minus what it holds. */
export function missingGpus(engine: SiteEngine, lease: Lease, now: string): Map<string, number> {
  const { index, state } = engine;
  const due = gpusDueAt(lease, now);
  const byModel = new Map<string, number>();
  for (const line of lease.lines)
    byModel.set(line.gpuModel, (byModel.get(line.gpuModel) ?? 0) + (due.get(line.key) ?? 0));
  const record = leaseOf(state, lease.id);
  const out = new Map<string, number>();
  for (const [model, gpus] of byModel) {
    const m = modelCodeOf(index, model);
    const perNode = m === undefined ? 0 : (index.models[m]?.gpusPerNode ?? 0);
    const held = record && m !== undefined ? at(record.heldNodes, m) * perNode : 0;
    out.set(model, Math.max(0, gpus - held));
  }
  return out;
}
