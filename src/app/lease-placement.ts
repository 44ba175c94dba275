/**
 * Putting leases on the fleet: trial placements (place, then release, in one synchronous step so
 * nothing else ever sees them), the leasable capacity the calendar counts, placing the tranches
 * that are due and releasing a lease that ends.
 * @module
 */
import { leaseOf } from "../allocation/allocation-state.js";
import { nodeIdsOf } from "../allocation/fleet-index.js";
import { at as cell } from "../allocation/node-codes.js";
import { placeTranche } from "../allocation/place-tranche.js";
import type { PlacementRefusal } from "../allocation/placement-result.js";
import { releaseLease } from "../allocation/release-lease.js";
import { type LeaseSnapshot, restoreLease } from "../allocation/restore-lease.js";
import { type Lease, type LeaseTerms, leaseStartsAt } from "../leasing/lease.js";
import {
  assignNodes,
  insertTranchePlacement,
  tranchePlacements,
  unassignNodes,
} from "../store/allocation-repository.js";
import { appendOutbox } from "../store/lease-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { SiteEngine } from "./site-engines.js";

/** GPUs of each model the site can lease at all: healthy full nodes that are not spares. */
export function leasableGpus(engine: SiteEngine): Map<string, number> {
  const { index, state } = engine;
  const out = new Map<string, number>();
  index.models.forEach((model, m) => {
    let leased = 0;
    for (const record of state.leases) if (record) leased += cell(record.heldNodes, m);
    out.set(model.name, (cell(state.free, m) + leased) * model.gpusPerNode);
  });
  return out;
}

/** Per line, the GPUs of every tranche together: what the lease holds at full delivery. */
function fullDelivery(
  terms: Pick<LeaseTerms, "lines" | "tranches">,
): Array<{ gpuModel: string; gpus: number }> {
  return terms.lines
    .map((line) => ({
      gpuModel: line.gpuModel,
      gpus: terms.tranches.reduce((n, t) => n + (t.gpusByLine[line.key] ?? 0), 0),
    }))
    .filter((l) => l.gpus > 0);
}

export interface TrialPiece {
  gpuModel: string;
  gpus: number;
  fitLevel: string;
  pieces: Array<{ block: string; nodes: number; gpus: number }>;
  preemptedHouseGpus: number;
}

/**
 * Places the whole lease at full delivery on the site as it is now, reports where it would go,
 * and takes it off again before returning. Nothing is written; the engine ends as it began.
 */
export function trialPlacement(
  engine: SiteEngine,
  terms: Pick<LeaseTerms, "tenantId" | "lines" | "tranches" | "isolation" | "placement">,
): { ok: true; lines: TrialPiece[] } | PlacementRefusal {
  const trialId = `trial:${terms.tenantId}`;
  const lines: TrialPiece[] = [];
  try {
    for (const line of fullDelivery(terms)) {
      const result = placeTranche(engine.state, {
        leaseId: trialId,
        tenantId: terms.tenantId,
        gpuModel: line.gpuModel,
        gpuCount: line.gpus,
        isolation: terms.isolation,
        placement: terms.placement,
      });
      if (!result.ok) return result;
      lines.push({
        gpuModel: line.gpuModel,
        gpus: result.gpus,
        fitLevel: result.fitLevel,
        pieces: result.pieces,
        preemptedHouseGpus: result.preemptedHouseGpus,
      });
    }
    return { ok: true, lines };
  } finally {
    releaseLease(engine.state, trialId);
  }
}

/**
 * Places `terms` (at full delivery) on the fleet as it will be at every moment of its term when
 * the fleet changes: at its start, and whenever a tranche of another lease that overlaps it starts.
 * At each such moment, leases of `others` that have ended are off the fleet and the tranches of the
 * others that have started by then (but not by `now`, so are not placed yet) are on it, each with
 * its own tenant, isolation and placement. Returns the first refusal, else the placement at the
 * start. A commitment of another lease that cannot be placed even without `terms` is not held
 * against it. Nothing is written; the engine ends as it began.
 */
export function trialOverTerm(
  engine: SiteEngine,
  terms: Pick<LeaseTerms, "tenantId" | "lines" | "tranches" | "endsAt" | "isolation" | "placement">,
  others: readonly Lease[],
  now: string,
): ReturnType<typeof trialPlacement> {
  const start = leaseStartsAt(terms);
  const later = new Set<string>();
  for (const other of others)
    for (const t of other.tranches)
      if (t.startsAt > now && t.startsAt > start && t.startsAt < terms.endsAt && other.endsAt > t.startsAt)
        later.add(t.startsAt);
  const placeAt = (moment: string): ReturnType<typeof trialPlacement> => {
    const ended = others.filter((l) => l.endsAt <= moment);
    const pending = pendingTranches(others, now, moment);
    const trial = withLeasesEnded(engine, ended, () =>
      withTranchesPlaced(engine, pending, () => trialPlacement(engine, terms)),
    );
    if (trial.ok || pending.length === 0) return trial;
    const names = [...new Set(pending.map((p) => p.lease.name))].join(", ");
    return { ...trial, message: `${trial.message} from ${moment}, once ${names} has started` };
  };
  const atStart = placeAt(start);
  if (!atStart.ok) return atStart;
  for (const moment of [...later].sort()) {
    const trial = placeAt(moment);
    if (!trial.ok) return trial;
  }
  return atStart;
}

interface PendingLine {
  lease: Lease;
  gpuModel: string;
  gpus: number;
}

/** The GPUs per line of the tranches of `leases` that start after `now` and by `moment`. */
function pendingTranches(leases: readonly Lease[], now: string, moment: string): PendingLine[] {
  const out: PendingLine[] = [];
  for (const lease of leases) {
    if (lease.endsAt <= moment) continue;
    for (const line of lease.lines) {
      const gpus = lease.tranches
        .filter((t) => t.startsAt > now && t.startsAt <= moment)
        .reduce((n, t) => n + (t.gpusByLine[line.key] ?? 0), 0);
      if (gpus > 0) out.push({ lease, gpuModel: line.gpuModel, gpus });
    }
  }
  return out;
}

/** Runs `work` with the pending lines placed under trial ids (skipping any that do not fit), then takes them off. */
function withTranchesPlaced<T>(engine: SiteEngine, lines: readonly PendingLine[], work: () => T): T {
  const ids = new Set<string>();
  try {
    for (const line of lines) {
      const leaseId = `trial:pending:${line.lease.id}`;
      const result = placeTranche(engine.state, {
        leaseId,
        tenantId: line.lease.tenantId,
        gpuModel: line.gpuModel,
        gpuCount: line.gpus,
        isolation: line.lease.isolation,
        placement: line.lease.placement,
      });
      if (result.ok) ids.add(leaseId);
    }
    return work();
  } finally {
    for (const id of ids) releaseLease(engine.state, id);
  }
}

export interface PlacedTranche {
  trancheKey: string;
  lineKey: string;
  gpus: number;
  preemptedHouseNodes: number;
  refused?: string;
}

/**
 * Places every tranche line of `lease` that is due at `now` and not placed yet, writing the
 * allocations, the placement records and outbox events. A line the engine cannot place stays
 * unplaced (retried on the next tick) and shows as shortfall.
 */
export async function placeDueTranches(
  tx: SqlClient,
  engine: SiteEngine,
  lease: Lease,
  now: string,
): Promise<PlacedTranche[]> {
  const done = new Set((await tranchePlacements(tx, [lease.id])).map((p) => `${p.trancheKey}/${p.lineKey}`));
  const placed: PlacedTranche[] = [];
  for (const tranche of lease.tranches) {
    if (tranche.startsAt > now) continue;
    for (const line of lease.lines) {
      const gpus = tranche.gpusByLine[line.key] ?? 0;
      if (gpus === 0 || done.has(`${tranche.key}/${line.key}`)) continue;
      const result = placeTranche(engine.state, {
        leaseId: lease.id,
        tenantId: lease.tenantId,
        gpuModel: line.gpuModel,
        gpuCount: gpus,
        isolation: lease.isolation,
        placement: lease.placement,
      });
      if (!result.ok) {
        placed.push({
          trancheKey: tranche.key,
          lineKey: line.key,
          gpus: 0,
          preemptedHouseNodes: 0,
          refused: result.message,
        });
        await appendOutbox(tx, {
          topic: "tranche.unplaced",
          aggregateId: lease.id,
          tenantId: lease.tenantId,
          payload: { tranche: tranche.key, line: line.key, reason: result.reason, message: result.message },
        });
        continue;
      }
      const nodeIds = nodeIdsOf(engine.index, result.nodes);
      await assignNodes(
        tx,
        engine.siteId,
        lease.id,
        {
          nodeIds,
          from: nodeIds.map(() => "house"),
          to: `lease:${lease.id}`,
          leaseId: lease.id,
          reason: `tranche ${tranche.key} line ${line.key}`,
        },
        now,
      );
      await insertTranchePlacement(tx, {
        leaseId: lease.id,
        trancheKey: tranche.key,
        lineKey: line.key,
        placedAt: now,
        gpuModel: line.gpuModel,
        gpus: result.gpus,
        nodes: result.nodes.length,
        preemptedHouseNodes: result.preemptedHouseNodes,
        fitLevel: result.fitLevel,
        pieces: result.pieces,
      });
      await appendOutbox(tx, {
        topic: "tranche.activated",
        aggregateId: lease.id,
        tenantId: lease.tenantId,
        payload: {
          siteId: engine.siteId,
          tranche: tranche.key,
          line: line.key,
          gpuModel: line.gpuModel,
          gpus: result.gpus,
          preemptedHouseNodes: result.preemptedHouseNodes,
          fitLevel: result.fitLevel,
          pieces: result.pieces,
        },
      });
      placed.push({
        trancheKey: tranche.key,
        lineKey: line.key,
        gpus: result.gpus,
        preemptedHouseNodes: result.preemptedHouseNodes,
      });
    }
  }
  return placed;
}

/** Takes a lease off the fleet: its nodes go back to the house, with their history recorded. */
export async function releaseFromFleet(
  tx: SqlClient,
  engine: SiteEngine,
  lease: Lease,
  now: string,
  reason: string,
): Promise<number> {
  const record = leaseOf(engine.state, lease.id);
  if (!record) return 0;
  const nodeIds = nodeIdsOf(engine.index, record.nodes);
  releaseLease(engine.state, lease.id);
  await unassignNodes(
    tx,
    engine.siteId,
    { nodeIds, from: nodeIds.map(() => `lease:${lease.id}`), to: "house", leaseId: lease.id, reason },
    now,
  );
  return nodeIds.length;
}

/**
 * Runs `work` on the engine as it will be once the given leases have ended: they are taken off,
 * `work` runs, and they are put back exactly, all in one synchronous step (nothing else ever sees
 * the intermediate state). Used to quote a start that only fits after other leases end.
 */
export function withLeasesEnded<T>(engine: SiteEngine, leases: readonly Lease[], work: () => T): T {
  const saved: LeaseSnapshot[] = [];
  for (const lease of leases) {
    const record = leaseOf(engine.state, lease.id);
    if (!record) continue;
    const requestedGpusByModel: Record<string, number> = {};
    engine.index.models.forEach((model, m) => {
      const nodes = cell(record.requestedNodes, m);
      if (nodes > 0) requestedGpusByModel[model.name] = nodes * model.gpusPerNode;
    });
    saved.push({
      leaseId: lease.id,
      tenantId: lease.tenantId,
      isolation: lease.isolation,
      requestedGpusByModel,
      nodeIds: nodeIdsOf(engine.index, record.nodes),
    });
    releaseLease(engine.state, lease.id);
  }
  try {
    return work();
  } finally {
    for (const snapshot of saved) restoreLease(engine.state, snapshot);
  }
}
