/**
 * The allocation engine's live state, one per site, built from the database on first use and
 * kept in step with it: each engine remembers the site version it reflects and is rebuilt when
 * another process (or a failed write) moved the database past it. Also answers node health
 * changes: replacement of failed leased nodes, refills on recovery, and shortfall records.
 * @module
 */
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
  nodeIndexOf,
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
  recordReplacement,
  tranchePlacements,
} from "../store/allocation-repository.js";
import { appendOutbox, holdingLeases, leasesByIds } from "../store/lease-repository.js";
import { nodesOfSite } from "../store/node-repository.js";
import { findSite, listGpuModels, siteVersion } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { NodeStateListener } from "./fleet-service.js";

export interface SiteEngine {
  siteId: string;
  index: FleetIndex;
  state: AllocationState;
  /** The site version this engine reflects. */
  version: number;
}

/** A node's health change, as the fleet reports it to the engines. */
export interface NodeChange {
  nodeId: string;
  to: NodeState;
}

export class SiteEngines implements NodeStateListener {
  private readonly engines = new Map<string, SiteEngine>();

  /** `spares` defaults to the engine's own policy (one rack's worth per block). */
  constructor(private readonly spares?: SparePolicy) {}

  /**
   * The engine of a site, rebuilt when the database moved past it. Pass a transaction with `lock`
   * to change the allocation: the site's lock is taken first, so the version read after it is the
   * latest and no other server changes the site until the transaction ends.
   */
  async get(db: SqlClient, siteId: string, options: { lock?: boolean } = {}): Promise<SiteEngine> {
    if (options.lock) await lockSiteAllocation(db, siteId);
    const current = await siteVersion(db, siteId);
    if (!current) throw new Error(`site ${siteId} vanished`);
    const cached = this.engines.get(siteId);
    if (cached && cached.version === current.version) return cached;
    const engine = await this.build(db, siteId, current.version);
    this.engines.set(siteId, engine);
    return engine;
  }

  /** Records that this process itself moved the site to `version` (after its transaction committed). */
  wrote(siteId: string, version: number): void {
    const engine = this.engines.get(siteId);
    if (engine) engine.version = version;
  }

  /** Drops a site's engine (a write failed after the engine changed, or the site was replaced). */
  forget(siteId: string): void {
    this.engines.delete(siteId);
  }

  committed(siteId: string, version: number): void {
    this.wrote(siteId, version);
  }

  failed(siteId: string): void {
    this.forget(siteId);
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
   * Applies node health changes to the site's engine and writes what follows, inside the caller's
   * transaction: a failed leased node leaves its lease and is replaced (spare or house, nearest
   * domain first); a recovered node lets short leases refill; a lease whose shortfall moved has its
   * shortfall records reconciled.
   */
  async nodesChanged(
    tx: SqlClient,
    siteId: string,
    changes: readonly NodeChange[],
    at: string,
    actor: string,
  ): Promise<void> {
    const engine = await this.get(tx, siteId, { lock: true });
    const { index, state } = engine;
    const touched = new Set<string>();
    for (const change of changes) {
      const i = nodeIndexOf(index, change.nodeId);
      if (i === undefined) continue;
      const owner = state.owner[i] ?? -1;
      const holder0 = owner >= 0 ? state.leases[owner] : undefined;
      const shortBefore = holder0 ? shortfallGpus(state, holder0) : 0;
      const result = setNodeState(state, i, change.to);
      if (!result.leaseId) continue;
      // Shortfall records only move when the lease's shortfall did (a replaced node changes nothing).
      if (result.shortfallGpus !== shortBefore) touched.add(result.leaseId);
      const replacement =
        result.replacedBy === undefined ? undefined : nodeIdsOf(index, [result.replacedBy])[0];
      await recordReplacement(
        tx,
        {
          siteId,
          leaseId: result.leaseId,
          tenantId: leaseOf(state, result.leaseId)?.tenantId ?? null,
          failedNodeId: change.nodeId,
          failedTo: result.ownedBy === "unassigned" ? "out_of_service" : result.ownedBy,
          replacementNodeId: replacement ?? null,
          replacementFrom: replacement ? (result.source ?? "house") : null,
          reason: `node ${change.to} (${actor})`,
          payload: {
            siteId,
            failedNodeId: change.nodeId,
            state: change.to,
            replacementNodeId: replacement ?? null,
            level: result.level ?? null,
            source: result.source ?? null,
            shortfallGpus: result.shortfallGpus,
          },
        },
        at,
      );
    }
    if (changes.some((c) => c.to === "healthy")) await this.refillAll(tx, engine, at, touched);
    await this.reconcile(tx, engine, at, touched);
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
