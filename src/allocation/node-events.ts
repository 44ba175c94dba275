/** Node health events: a leased node that fails is replaced nearby, a recovered node refills the spare pool. */
import type { NodeState } from "../fleet/node.js";
import { type AllocationState, leaseOf, shortfallGpus } from "./allocation-state.js";
import { findReplacement, type ReplacementSource } from "./find-replacement.js";
import { at, HEALTHY, HOUSE, SPARE, STATE_CODE, STATE_NAMES, UNASSIGNED } from "./node-codes.js";
import { moveNode } from "./node-ownership.js";
import { blockOf, spareWanted, topUpSpares } from "./spare-refill.js";

export type NodeOwnerKind = "house" | "spare" | "unassigned";

export interface NodeEventResult {
  node: number;
  previousState: NodeState;
  state: NodeState;
  /** Who holds the node now. */
  ownedBy: NodeOwnerKind;
  /** The lease that lost the node, when it was leased. */
  leaseId?: string;
  replacedBy?: number;
  /** Level name of the smallest domain holding the node and its replacement: "rack", "block", "hall" or "site". */
  level?: string;
  source?: ReplacementSource;
  /**
   * GPUs the lease is short of its tranches after this event, 0 when whole (or not leased).
   * The caller records SLA downtime for exactly this many GPUs until it is made good.
   */
  shortfallGpus: number;
}

/**
 * Changes a node's health. Leaving service (failed, maintenance) unassigns it; degraded hands it to
 * the house (it may still run internal work, but a lease only holds healthy nodes). A leased node
 * that stops being healthy is replaced at once by `findReplacement`; when nothing fits, the lease
 * runs short. Back to healthy, a node rejoins its block's spare pool when the block is below its
 * target, else the house; it is not given back to a short lease (call `refillLease` for that).
 * `node` is an index from the site's `FleetIndex` (see `nodeIndexOf`); one outside it is a bug (RangeError).
 */
export function setNodeState(state: AllocationState, node: number, next: NodeState): NodeEventResult {
  if (!Number.isInteger(node) || node < 0 || node >= state.index.nodeCount) {
    throw new RangeError(
      `node index ${node} is outside site ${state.index.siteName} (0..${state.index.nodeCount - 1})`,
    );
  }
  const previous = at(state.nodeState, node);
  const owner = at(state.owner, node);
  const base = { node, previousState: STATE_NAMES[previous] ?? "healthy", state: next };
  const code = STATE_CODE[next];
  if (code === previous) return { ...base, ownedBy: ownerKind(owner), shortfallGpus: 0 };
  if (code === HEALTHY) {
    const target = spareWanted(state, node) ? SPARE : HOUSE;
    moveNode(state, node, target, HEALTHY);
    return { ...base, ownedBy: ownerKind(target), shortfallGpus: 0 };
  }
  const nextOwner = code === STATE_CODE.degraded ? HOUSE : UNASSIGNED;
  const lease = owner >= 0 ? state.leases[owner] : undefined;
  moveNode(state, node, nextOwner, code);
  if (!lease) return { ...base, ownedBy: ownerKind(nextOwner), shortfallGpus: 0 };
  const { domains } = state.index;
  const found = findReplacement(state, lease, at(domains.nodeLeaf, node), at(state.index.nodeModel, node));
  if (found) {
    moveNode(state, found.node, owner, HEALTHY);
    // The spare pool is kept: a house node of the block takes the spare's place.
    if (found.source === "spare") topUpSpares(state, blockOf(state, found.node), found.node);
  }
  return {
    ...base,
    ownedBy: ownerKind(nextOwner),
    leaseId: lease.leaseId,
    ...(found && {
      replacedBy: found.node,
      level: state.index.levelNames[found.level] ?? "site",
      source: found.source,
    }),
    shortfallGpus: shortfallGpus(state, lease),
  };
}

/** `setNodeState(state, node, "failed")`. */
export function failNode(state: AllocationState, node: number): NodeEventResult {
  return setNodeState(state, node, "failed");
}

/** `setNodeState(state, node, "healthy")`: back to the spare pool if its block is short of spares, else to the house. */
export function recoverNode(state: AllocationState, node: number): NodeEventResult {
  return setNodeState(state, node, "healthy");
}

export type RefillResult =
  | { ok: true; leaseId: string; addedNodes: number; shortfallGpus: number }
  | { ok: false; reason: "LEASE_NOT_FOUND"; message: string };

/**
 * Makes good a short lease as far as the site allows: one replacement per missing node, searched
 * outward from the lease's first node (from the whole site when it holds none).
 */
export function refillLease(state: AllocationState, leaseId: string): RefillResult {
  const lease = leaseOf(state, leaseId);
  const slot = state.leaseSlots.get(leaseId);
  if (!lease || slot === undefined) {
    return {
      ok: false,
      reason: "LEASE_NOT_FOUND",
      message: `no lease ${leaseId} on site ${state.index.siteName}`,
    };
  }
  const { domains } = state.index;
  let addedNodes = 0;
  const sparesTaken = new Set<number>();
  state.index.models.forEach((_, m) => {
    while (at(lease.heldNodes, m) < at(lease.requestedNodes, m)) {
      const anchor = lease.nodes[0];
      const fromLeaf = anchor === undefined ? 0 : at(domains.nodeLeaf, anchor);
      const found = findReplacement(state, lease, fromLeaf, m);
      if (!found) break;
      if (found.source === "spare") sparesTaken.add(blockOf(state, found.node));
      moveNode(state, found.node, slot, HEALTHY);
      addedNodes++;
    }
  });
  // A refill follows recoveries, which may have sent nodes to the house: rebuild the pools it drew on.
  for (const block of sparesTaken) topUpSpares(state, block);
  return { ok: true, leaseId, addedNodes, shortfallGpus: shortfallGpus(state, lease) };
}

function ownerKind(owner: number): NodeOwnerKind {
  if (owner === SPARE) return "spare";
  return owner === UNASSIGNED ? "unassigned" : "house";
}
