/**
 * What a batch of node state changes does to a site's allocation: which leases lose nodes, which
 * nodes replace them, the history of every move, the events to announce, and the follow-up work
 * (shortfall records, a refill) the change needs. Decided on the state, which it changes.
 * @module
 */
import type { NodeState } from "../fleet/node.js";
import { type AllocationState, leaseOf, shortfallGpus } from "./allocation-state.js";
import type { ReplacementSource } from "./find-replacement.js";
import { nodeIdsOf } from "./fleet-index.js";
import { type HolderMove, leaseHolder } from "./holder-move.js";
import { setNodeState } from "./node-events.js";

/** A node held by a lease. */
export interface NodeHold {
  nodeId: string;
  leaseId: string;
}

/** A leased node left its lease, and what (if anything) replaced it. */
export interface NodeReplaced {
  leaseId: string;
  tenantId: string | null;
  siteId: string;
  failedNodeId: string;
  /** The state the node went to. */
  state: NodeState;
  replacementNodeId: string | null;
  /** Level name of the smallest domain holding both nodes: "rack", "block", "hall" or "site". */
  level: string | null;
  source: ReplacementSource | null;
  /** GPUs the lease is short of its tranches afterwards, 0 when whole. */
  shortfallGpus: number;
}

export interface NodeDecision {
  /**
   * Net changes of who holds what over the whole batch: a replacement that failed later in the
   * same batch neither joins nor leaves.
   */
  released: NodeHold[];
  assigned: NodeHold[];
  /** Every move in order, including those the net changes cancel out. */
  moves: HolderMove[];
  events: NodeReplaced[];
  /** Leases whose shortfall moved: their shortfall records must be brought in line. */
  touched: Set<string>;
  /** A node came back while some lease is short: refill (see `refillShortLeases`). */
  refill: boolean;
}

/**
 * Applies node health changes to `state` and says what they moved: a failed leased node leaves its
 * lease and is replaced (spare or house, nearest domain first), or the lease runs short; a recovered
 * node goes back to the spares or the house, and short leases are to be refilled. `nodes` are
 * indices into the site's `FleetIndex`; `actor` is named in the reason of every move.
 */
export function decideNodeStates(
  state: AllocationState,
  nodes: readonly number[],
  to: NodeState,
  actor: string,
): NodeDecision {
  const { index } = state;
  const touched = new Set<string>();
  const holder = new Map<string, string | null>();
  const left = new Map<string, string>();
  const moves: HolderMove[] = [];
  const events: NodeReplaced[] = [];
  for (const i of nodes) {
    const owner = state.owner[i] ?? -1;
    const before = owner >= 0 ? state.leases[owner] : undefined;
    const shortBefore = before ? shortfallGpus(state, before) : 0;
    const result = setNodeState(state, i, to);
    const leaseId = result.leaseId;
    if (!leaseId) continue;
    // Shortfall records only move when the lease's shortfall did (a replaced node changes nothing).
    if (result.shortfallGpus !== shortBefore) touched.add(leaseId);
    const failedNodeId = index.nodeIds[i] ?? "";
    const replacement =
      result.replacedBy === undefined ? undefined : nodeIdsOf(index, [result.replacedBy])[0];
    holder.set(failedNodeId, null);
    left.set(failedNodeId, leaseId);
    moves.push({
      nodeId: failedNodeId,
      from: leaseHolder(leaseId),
      to: result.ownedBy === "unassigned" ? "out_of_service" : result.ownedBy,
      leaseId,
      reason: `node ${to} (${actor})`,
    });
    if (replacement) {
      holder.set(replacement, leaseId);
      moves.push({
        nodeId: replacement,
        from: result.source ?? "house",
        to: leaseHolder(leaseId),
        leaseId,
        reason: `replaces ${failedNodeId}`,
      });
    }
    events.push({
      leaseId,
      tenantId: leaseOf(state, leaseId)?.tenantId ?? null,
      siteId: index.siteId,
      failedNodeId,
      state: to,
      replacementNodeId: replacement ?? null,
      level: result.level ?? null,
      source: result.source ?? null,
      shortfallGpus: result.shortfallGpus,
    });
  }
  const released = [...holder].flatMap(([nodeId, lease]) =>
    lease === null ? [{ nodeId, leaseId: left.get(nodeId) ?? "" }] : [],
  );
  const assigned = [...holder].flatMap(([nodeId, leaseId]) => (leaseId ? [{ nodeId, leaseId }] : []));
  const refill = to === "healthy" && state.leases.some((l) => l !== undefined && shortfallGpus(state, l) > 0);
  return { released, assigned, moves, events, touched, refill };
}

/** Whether a decision needs work beyond its own rows: shortfall records to reconcile, or a refill. */
export function needsFollowUp(decision: NodeDecision): boolean {
  return decision.touched.size > 0 || decision.refill;
}
