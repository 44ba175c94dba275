/**
 * Whether a lease places on the fleet as it will be over its whole term: at its start, and at every
 * later moment when a tranche of another lease starts, with the leases ended by then taken off and
 * the tranches started by then put on.
 * @module
 */
import type { Lease, LeaseTerms, Tranche } from "../leasing/lease.js";
import { leaseStartsAt } from "../leasing/lease.js";
import type { AllocationState } from "./allocation-state.js";
import { takeOff } from "./leases-ended.js";
import { placeTranche } from "./place-tranche.js";
import { releaseLease } from "./release-lease.js";
import { type LeaseSnapshot, restoreLease } from "./restore-lease.js";
import { type TrialResult, type TrialTerms, trialPlacement } from "./trial-placement.js";

/** The trial id prefix of another lease's tranches put on the fleet ahead of time. */
const PENDING = "trial:pending:";

/** Something inside the term that changes the fleet: another lease ends, or one of its tranches starts. */
interface FleetChange {
  at: string;
  lease: Lease;
  /** The tranche that starts; absent when the lease ends. */
  tranche?: Tranche;
}

/**
 * Places `terms` (at full delivery) on the fleet as it will be at every moment of its term when
 * the fleet changes: at its start, and whenever a tranche of another lease that overlaps it starts.
 * The fleet is walked forward once: leases of `others` come off as they end, and the tranches of
 * the others that start after `now` (so are not placed yet) go on as they start, in time order, each
 * with its own tenant, isolation and placement (one that does not fit is tried again after the next
 * end). Only leases that end inside the term or have a tranche starting inside it are looked at; a
 * lease that holds its nodes throughout is already on the fleet. Returns the first refusal, else the
 * placement at the start. A commitment of another lease that cannot be placed even without `terms`
 * is not held against it. Nothing is kept; the state ends as it began.
 */
export function trialOverTerm(
  state: AllocationState,
  terms: TrialTerms & Pick<LeaseTerms, "endsAt">,
  others: readonly Lease[],
  now: string,
): TrialResult {
  const start = leaseStartsAt(terms);
  const { changes, later } = fleetChanges(others, now, start, terms.endsAt);
  const order = new Map(others.map((l, i) => [l.id, i]));
  const endedOff: LeaseSnapshot[] = [];
  const pendingIds = new Set<string>();
  /** Leases with a tranche on (or waiting to go on) under a trial id, by name, for the refusal. */
  const pending = new Map<string, Lease>();
  let waiting: Array<{ lease: Lease; tranche: Tranche }> = [];
  const putOn = (lease: Lease, tranche: Tranche): boolean => {
    let placed = true;
    for (const line of lease.lines) {
      const gpus = tranche.gpusByLine[line.key] ?? 0;
      if (gpus === 0) continue;
      pending.set(lease.id, lease);
      const leaseId = `${PENDING}${lease.id}`;
      const result = placeTranche(state, {
        leaseId,
        tenantId: lease.tenantId,
        gpuModel: line.gpuModel,
        gpuCount: gpus,
        isolation: lease.isolation,
        placement: lease.placement,
      });
      if (result.ok) pendingIds.add(leaseId);
      else placed = false;
    }
    return placed;
  };
  let next = 0;
  const placeAt = (moment: string): TrialResult => {
    let freed = false;
    for (let c = changes[next]; c && c.at <= moment; c = changes[++next]) {
      if (c.tranche) {
        if (!putOn(c.lease, c.tranche)) waiting.push({ lease: c.lease, tranche: c.tranche });
        continue;
      }
      const snapshot = takeOff(state, c.lease);
      if (snapshot) endedOff.push(snapshot);
      const trialId = `${PENDING}${c.lease.id}`;
      if (pendingIds.delete(trialId)) releaseLease(state, trialId);
      pending.delete(c.lease.id);
      waiting = waiting.filter((w) => w.lease.id !== c.lease.id);
      freed = true;
    }
    if (freed && waiting.length > 0) waiting = waiting.filter((w) => !putOn(w.lease, w.tranche));
    const trial = withRealIds(trialPlacement(state, terms));
    if (trial.ok || pending.size === 0) return trial;
    const names = [...pending.values()]
      .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
      .map((l) => l.name)
      .join(", ");
    return { ...trial, message: `${trial.message} from ${moment}, once ${names} has started` };
  };
  try {
    const atStart = placeAt(start);
    if (!atStart.ok) return atStart;
    for (const moment of later) {
      const trial = placeAt(moment);
      if (!trial.ok) return trial;
    }
    return atStart;
  } finally {
    for (const id of pendingIds) releaseLease(state, id);
    for (const snapshot of endedOff) restoreLease(state, snapshot);
  }
}

/** A refusal whose blocking leases are named by their own ids, not the trial ids they were put on under. */
function withRealIds(trial: TrialResult): TrialResult {
  if (trial.ok || !trial.blockingLeaseIds) return trial;
  const ids = trial.blockingLeaseIds.map((id) => (id.startsWith(PENDING) ? id.slice(PENDING.length) : id));
  return { ...trial, blockingLeaseIds: [...new Set(ids)] };
}

/**
 * The changes to the fleet before `end` that a trial from `start` must see, in time order (at one
 * instant, ends before starts): each lease of `others` that ends before `end`, and each tranche of
 * theirs that starts after `now`, before `end` and before its lease ends. `later`: the instants
 * after `start` at which such a tranche starts, in order.
 */
export function fleetChanges(others: readonly Lease[], now: string, start: string, end: string) {
  const changes: FleetChange[] = [];
  const later = new Set<string>();
  for (const lease of others) {
    if (lease.endsAt < end) changes.push({ at: lease.endsAt, lease });
    for (const tranche of lease.tranches) {
      const at = tranche.startsAt;
      if (at <= now || at >= end || at >= lease.endsAt) continue;
      changes.push({ at, lease, tranche });
      if (at > start) later.add(at);
    }
  }
  changes.sort((a, b) =>
    a.at !== b.at
      ? a.at < b.at
        ? -1
        : 1
      : Number(a.tranche !== undefined) - Number(b.tranche !== undefined),
  );
  return { changes, later: [...later].sort() };
}
