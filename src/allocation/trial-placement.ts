/**
 * Where a lease would go: its whole delivery placed on the site as it stands, then taken off again
 * in the same synchronous step, so nothing else ever sees it.
 * @module
 */
import type { LeaseTerms } from "../leasing/lease.js";
import type { AllocationState } from "./allocation-state.js";
import { placeTranche } from "./place-tranche.js";
import type { BlockPiece, PlacementRefusal } from "./placement-result.js";
import { releaseLease } from "./release-lease.js";

/** What the terms a trial places: tenant, lines and tranches, isolation and placement policy. */
export type TrialTerms = Pick<LeaseTerms, "tenantId" | "lines" | "tranches" | "isolation" | "placement">;

/** Where one line of a lease would go at full delivery. */
export interface TrialPiece {
  gpuModel: string;
  gpus: number;
  /** Level of the tightest domain holding the line: "rack", "block", "hall" or "site". */
  fitLevel: string;
  pieces: BlockPiece[];
  preemptedHouseGpus: number;
}

export type TrialResult = { ok: true; lines: TrialPiece[] } | PlacementRefusal;

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

/**
 * Places the whole lease at full delivery on the site as it is now, reports where it would go,
 * and takes it off again before returning. Nothing is kept; the state ends as it began.
 */
export function trialPlacement(state: AllocationState, terms: TrialTerms): TrialResult {
  const trialId = `trial:${terms.tenantId}`;
  const lines: TrialPiece[] = [];
  try {
    for (const line of fullDelivery(terms)) {
      const result = placeTranche(state, {
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
    releaseLease(state, trialId);
  }
}
