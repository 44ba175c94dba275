/**
 * Delivering a lease's tranches as they fall due: every tranche line that has started and is not
 * on the fleet yet is placed, or refused with the reason (it stays unplaced and is tried again).
 * @module
 */
import type { Lease } from "../leasing/lease.js";
import type { AllocationState } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import { placeTranche } from "./place-tranche.js";
import type { BlockPiece, RefusalReason } from "./placement-result.js";

/** A tranche line already on the fleet. */
export interface PlacedLine {
  trancheKey: string;
  lineKey: string;
}

/** One due tranche line: where it went, or why it did not. */
export type DueLine = PlacedLine & { gpuModel: string } & (
    | {
        placed: {
          nodeIds: string[];
          gpus: number;
          /** Level of the tightest domain holding the line: "rack", "block", "hall" or "site". */
          fitLevel: string;
          pieces: BlockPiece[];
          /** Nodes taken from the house's internal work: every node of the line. */
          preemptedHouseNodes: number;
        };
      }
    | { refused: { reason: RefusalReason; message: string } }
  );

/**
 * Places every tranche line of `lease` that has started by `now` and is not in `alreadyPlaced`, in
 * tranche then line order, each with the lease's tenant, isolation and placement policy. A line
 * that does not fit changes nothing and comes back refused.
 */
export function placeDueTranches(
  state: AllocationState,
  lease: Pick<Lease, "id" | "tenantId" | "lines" | "tranches" | "isolation" | "placement">,
  now: string,
  alreadyPlaced: readonly PlacedLine[],
): DueLine[] {
  const done = new Set(alreadyPlaced.map((p) => `${p.trancheKey}/${p.lineKey}`));
  const out: DueLine[] = [];
  for (const tranche of lease.tranches) {
    if (tranche.startsAt > now) continue;
    for (const line of lease.lines) {
      const gpus = tranche.gpusByLine[line.key] ?? 0;
      if (gpus === 0 || done.has(`${tranche.key}/${line.key}`)) continue;
      const result = placeTranche(state, {
        leaseId: lease.id,
        tenantId: lease.tenantId,
        gpuModel: line.gpuModel,
        gpuCount: gpus,
        isolation: lease.isolation,
        placement: lease.placement,
      });
      const key = { trancheKey: tranche.key, lineKey: line.key, gpuModel: line.gpuModel };
      if (!result.ok) {
        out.push({ ...key, refused: { reason: result.reason, message: result.message } });
        continue;
      }
      out.push({
        ...key,
        placed: {
          nodeIds: nodeIdsOf(state.index, result.nodes),
          gpus: result.gpus,
          fitLevel: result.fitLevel,
          pieces: result.pieces,
          preemptedHouseNodes: result.preemptedHouseNodes,
        },
      });
    }
  }
  return out;
}
