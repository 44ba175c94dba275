/**
 * Writes what the allocation engine decided, inside the caller's transaction (or, for a node state
 * change on a warm engine, as one statement): allocation rows and their history, tranche
 * placements, shortfall records and the outbox. Each method that changes the engine first asks the
 * domain, then writes the outcome; it never decides anything itself.
 * @module
 */
import { type DueLine, placeDueTranches } from "../allocation/due-tranches.js";
import { leaseHolder } from "../allocation/holder-move.js";
import { missingGpus } from "../allocation/missing-gpus.js";
import type { NodeDecision } from "../allocation/node-decision.js";
import { refillShortLeases } from "../allocation/refill-short-leases.js";
import { releaseLeaseNodes } from "../allocation/release-lease.js";
import type { FleetNode } from "../fleet/node.js";
import type { Lease } from "../leasing/lease.js";
import {
  assignNodes,
  insertTranchePlacement,
  reconcileShortfall,
  tranchePlacements,
  unassignNodes,
} from "../store/allocation-repository.js";
import { appendOutbox, leasesByIds } from "../store/lease-repository.js";
import { type NodeStateWrite, writeNodeStates } from "../store/node-state-writes.js";
import type { SqlClient } from "../store/sql-client.js";
import { leaseMessage, nodeReplacedMessage } from "./event-entries.js";
import type { SiteEngine } from "./site-engines.js";

/** A node state change as decided: the nodes, the change, its time, and what it does to the allocation. */
export interface DecidedNodeChange extends Omit<NodeStateWrite, "allocation"> {
  decision: NodeDecision;
}

export class AllocationWriter {
  /**
   * Writes a node state change and the allocation moves it decided in one statement, if the site
   * is still at `expectedVersion`; undefined, with nothing written, when it moved on.
   */
  async writeNodeStates(
    db: SqlClient,
    change: DecidedNodeChange,
  ): Promise<{ nodes: FleetNode[]; siteVersion: number } | undefined> {
    const { decision, ...write } = change;
    return writeNodeStates(db, {
      ...write,
      allocation: {
        release: decision.released,
        assign: decision.assigned,
        history: decision.moves,
        outbox: decision.events.map(nodeReplacedMessage),
      },
    });
  }

  /** The writes a node decision needs beyond its own rows (see `needsFollowUp`): a refill, then the shortfall records. */
  async followUp(tx: SqlClient, engine: SiteEngine, decision: NodeDecision, at: string): Promise<void> {
    const touched = new Set(decision.touched);
    if (decision.refill) {
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
    await this.reconcile(tx, engine, at, touched);
  }

  /**
   * Brings the open shortfall records of `leaseIds` in line with the engine at `at`, announcing each
   * change. `leases` saves reading them when the caller has them.
   */
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
          const message = leaseMessage(lease, "lease.shortfall_changed", {
            gpuModel: model,
            missingGpus: missing,
            at,
          });
          await appendOutbox(tx, message, at);
        }
      }
    }
  }

  /**
   * Places every tranche line of `lease` due at `now` and not placed yet (see `placeDueTranches`),
   * writing the allocations, the placement records and the outbox. A line the engine cannot place
   * stays unplaced (tried again on the next tick) and shows as shortfall.
   */
  async placeDue(tx: SqlClient, engine: SiteEngine, lease: Lease, now: string): Promise<DueLine[]> {
    const placed = await tranchePlacements(tx, [lease.id]);
    const lines = placeDueTranches(engine.state, lease, now, placed);
    for (const line of lines) {
      const where = { tranche: line.trancheKey, line: line.lineKey };
      if ("refused" in line) {
        const { reason, message } = line.refused;
        await appendOutbox(tx, leaseMessage(lease, "tranche.unplaced", { ...where, reason, message }), now);
        continue;
      }
      const { nodeIds, ...placement } = line.placed;
      await assignNodes(
        tx,
        engine.siteId,
        lease.id,
        {
          nodeIds,
          from: nodeIds.map(() => "house"),
          to: leaseHolder(lease.id),
          leaseId: lease.id,
          reason: `tranche ${line.trancheKey} line ${line.lineKey}`,
        },
        now,
      );
      await insertTranchePlacement(tx, {
        leaseId: lease.id,
        trancheKey: line.trancheKey,
        lineKey: line.lineKey,
        placedAt: now,
        gpuModel: line.gpuModel,
        nodes: nodeIds.length,
        ...placement,
      });
      const payload = { siteId: engine.siteId, ...where, gpuModel: line.gpuModel, ...placement };
      await appendOutbox(tx, leaseMessage(lease, "tranche.activated", payload), now);
    }
    return lines;
  }

  /** Takes a lease off the fleet: its nodes go back to the house, with their history. Returns how many. */
  async release(
    tx: SqlClient,
    engine: SiteEngine,
    lease: Lease,
    now: string,
    reason: string,
  ): Promise<number> {
    const nodeIds = releaseLeaseNodes(engine.state, lease.id);
    const from = nodeIds.map(() => leaseHolder(lease.id));
    await unassignNodes(tx, engine.siteId, { nodeIds, from, to: "house", leaseId: lease.id, reason }, now);
    return nodeIds.length;
  }
}
