/**
 * Putting leases on the fleet and taking them off, as the engine decides (see
 * `placeDueTranches` and `releaseLeaseNodes` in src/allocation): the allocations, the placement
 * records and the outbox events those decisions write.
 * @module
 */
import { type DueLine, placeDueTranches as placeDueLines } from "../allocation/due-tranches.js";
import { leaseHolder } from "../allocation/holder-move.js";
import { releaseLeaseNodes } from "../allocation/release-lease.js";
import type { Lease } from "../leasing/lease.js";
import {
  assignNodes,
  insertTranchePlacement,
  tranchePlacements,
  unassignNodes,
} from "../store/allocation-repository.js";
import { appendOutbox } from "../store/lease-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { SiteEngine } from "./site-engines.js";

/**
 * Places every tranche line of `lease` that is due at `now` and not placed yet, writing the
 * allocations, the placement records and outbox events. A line the engine cannot place stays
 * unplaced (retried on the next tick) and shows as shortfall. Returns the lines it tried.
 */
export async function placeDueTranches(
  tx: SqlClient,
  engine: SiteEngine,
  lease: Lease,
  now: string,
): Promise<DueLine[]> {
  const lines = placeDueLines(engine.state, lease, now, await tranchePlacements(tx, [lease.id]));
  for (const line of lines) {
    const where = { tranche: line.trancheKey, line: line.lineKey };
    if ("refused" in line) {
      const { reason, message } = line.refused;
      await appendOutbox(tx, {
        topic: "tranche.unplaced",
        aggregateId: lease.id,
        tenantId: lease.tenantId,
        payload: { ...where, reason, message },
      });
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
    await appendOutbox(tx, {
      topic: "tranche.activated",
      aggregateId: lease.id,
      tenantId: lease.tenantId,
      payload: { siteId: engine.siteId, ...where, gpuModel: line.gpuModel, ...placement },
    });
  }
  return lines;
}

/** Takes a lease off the fleet: its nodes go back to the house, with their history recorded. */
export async function releaseFromFleet(
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
