/** What placing a tranche returns: the nodes and their pieces by block, or a refusal with the numbers. */

/** Why a tranche was not placed: a closed set the API maps to its error codes. */
export type RefusalReason = "INSUFFICIENT_CAPACITY" | "ISOLATION" | "POWER" | "INVALID_REQUEST";

/** The nodes a placement took inside one block. */
export interface BlockPiece {
  /** The block's path, e.g. `hall-01/block-003`. */
  block: string;
  nodes: number;
  gpus: number;
}

export interface PlacementSuccess {
  ok: true;
  leaseId: string;
  gpuModel: string;
  /** Node indices into the site's `FleetIndex` (see `nodeIdsOf`), grouped by block in path order. */
  nodes: Int32Array;
  gpus: number;
  /** Name of the level of the tightest domain holding the whole tranche: "rack", "block", "hall" or "site". */
  fitLevel: string;
  pieces: BlockPiece[];
  /**
   * Nodes taken from the house's internal work. A tranche only takes healthy unleased non-spare
   * nodes, and every such node runs house work, so this is every node of the tranche.
   */
  preemptedHouseNodes: number;
  preemptedHouseGpus: number;
  /** Facility draw of this tranche and of all leases on the site after it, MW. */
  trancheMw: number;
  leasedMw: number;
}

export interface PlacementRefusal {
  ok: false;
  reason: RefusalReason;
  /** Names the numbers: "needs 13,750 H100 nodes; 12,300 available in isolation-compatible blocks". */
  message: string;
  /** The request field at fault, for INVALID_REQUEST. */
  field?: string;
  neededNodes?: number;
  availableNodes?: number;
  wouldDrawMw?: number;
  permittedMw?: number;
  /** For ISOLATION: the other tenants' leases that keep the free capacity away, most first. */
  blockingLeaseIds?: string[];
}

export type PlacementResult = PlacementSuccess | PlacementRefusal;

/** Thousands separators: 13750 → "13,750". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** One decimal, as the power messages print megawatts: 312.44 → "312.4". */
export function formatMw(mw: number): string {
  return mw.toFixed(1);
}

export function invalid(field: string, message: string): PlacementRefusal {
  return { ok: false, reason: "INVALID_REQUEST", field, message };
}
