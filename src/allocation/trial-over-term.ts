/**
 * Whether a lease places on the fleet as it will be over its whole term: at its start, and at every
 * later moment when a tranche of another lease starts, with the leases ended by then taken off and
 * the tranches started by then put on.
 * @module
 */
import { type Lease, type LeaseTerms, leaseStartsAt } from "../leasing/lease.js";
import type { AllocationState } from "./allocation-state.js";
import { withLeasesEnded } from "./leases-ended.js";
import { placeTranche } from "./place-tranche.js";
import { releaseLease } from "./release-lease.js";
import { type TrialResult, type TrialTerms, trialPlacement } from "./trial-placement.js";

/**
 * Places `terms` (at full delivery) on the fleet as it will be at every moment of its term when
 * the fleet changes: at its start, and whenever a tranche of another lease that overlaps it starts.
 * At each such moment, leases of `others` that have ended are off the fleet and the tranches of the
 * others that have started by then (but not by `now`, so are not placed yet) are on it, each with
 * its own tenant, isolation and placement. Returns the first refusal, else the placement at the
 * start. A commitment of another lease that cannot be placed even without `terms` is not held
 * against it. Nothing is kept; the state ends as it began.
 */
export function trialOverTerm(
  state: AllocationState,
  terms: TrialTerms & Pick<LeaseTerms, "endsAt">,
  others: readonly Lease[],
  now: string,
): TrialResult {
  const start = leaseStartsAt(terms);
  const later = new Set<string>();
  for (const other of others)
    for (const t of other.tranches)
      if (t.startsAt > now && t.startsAt > start && t.startsAt < terms.endsAt && other.endsAt > t.startsAt)
        later.add(t.startsAt);
  const placeAt = (moment: string): TrialResult => {
    const ended = others.filter((l) => l.endsAt <= moment);
    const pending = pendingTranches(others, now, moment);
    const trial = withLeasesEnded(state, ended, () =>
      withTranchesPlaced(state, pending, () => trialPlacement(state, terms)),
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
function withTranchesPlaced<T>(state: AllocationState, lines: readonly PendingLine[], work: () => T): T {
  const ids = new Set<string>();
  try {
    for (const line of lines) {
      const leaseId = `trial:pending:${line.lease.id}`;
      const result = placeTranche(state, {
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
    for (const id of ids) releaseLease(state, id);
  }
}
