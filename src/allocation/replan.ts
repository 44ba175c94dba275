/** A full re-plan of a site from scratch: every lease tranche placed again, in priority order. */
import { type AllocationOptions, type AllocationState, createAllocationState } from "./allocation-state.js";
import type { FleetIndex } from "./fleet-index.js";
import { placeTranche } from "./place-tranche.js";
import type { PlacementResult } from "./placement-result.js";
import type { TrancheRequest } from "./tranche-request.js";

export interface ReplanResult {
  state: AllocationState;
  /** One result per request, in the order given. */
  results: PlacementResult[];
  placed: number;
  refused: number;
}

/**
 * Builds a fresh allocation (house everywhere healthy, spares reserved) and places `requests` in
 * the order given, which is the priority order: an earlier tranche is never displaced by a later
 * one. Deterministic: the same index, options and requests give the same nodes. Used at start-up
 * (rebuilding the engine's state from the stored leases) and to re-pack a site.
 */
export function replan(
  index: FleetIndex,
  requests: readonly TrancheRequest[],
  options: AllocationOptions = {},
): ReplanResult {
  const state = createAllocationState(index, options);
  const results = requests.map((request) => placeTranche(state, request));
  const placed = results.filter((r) => r.ok).length;
  return { state, results, placed, refused: results.length - placed };
}
