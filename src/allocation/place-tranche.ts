/** Placing one tranche of a lease on a site: validate, check power, choose blocks, take nodes from the house. */
import { type AllocationState, type LeaseRecord, tenantCode } from "./allocation-state.js";
import { computeAvailable } from "./available-capacity.js";
import { choosePlan } from "./block-plan.js";
import { fillDomain, type NodeSink } from "./fill-domain.js";
import { isolationView } from "./isolation-blockers.js";
import { at } from "./node-codes.js";
import { moveNodesInBulk } from "./node-ownership.js";
import type { BlockPiece, PlacementRefusal, PlacementResult } from "./placement-result.js";
import { formatCount } from "./placement-result.js";
import { checkPower, nodesKw } from "./power.js";
import { ancestorAt, domainPath } from "./topology-domains.js";
import { type TrancheRequest, type ValidTranche, validateTranche } from "./tranche-request.js";

/**
 * Places a tranche: `request.gpuCount` healthy GPUs of one model, taken from the house (never from
 * spares), best fit at the lowest topology level that holds it (see `choosePlan`), never sharing a
 * domain at the coarser of two tenants' isolation levels, and never taking leased draw past the
 * permit. On success the nodes belong to the lease (created on its first tranche). Work is
 * proportional to the domains of the site plus the nodes taken; no other node is read.
 */
export function placeTranche(state: AllocationState, request: TrancheRequest): PlacementResult {
  const valid = validateTranche(state, request);
  if ("ok" in valid) return valid;
  const { index } = state;
  const addKw = nodesKw(index, valid.model, valid.need);
  const power = checkPower(state, addKw);
  if (power) return power;
  const tenant = tenantCode(state, request.tenantId);
  const available = computeAvailable(state, tenant, valid.isolationLevel, valid.model);
  // The site root is domain 0, so its counters sit at the model's own index.
  const free = at(state.free, valid.model);
  if (at(available, 0) < valid.need)
    return capacityRefusal(state, request, valid, tenant, at(available, 0), free);
  const plan = choosePlan(index, available, {
    model: valid.model,
    need: valid.need,
    islandNodes: valid.islandNodes,
    policy: request.placement.policy,
  });
  if (!plan) return islandRefusal(request, valid, at(available, 0));
  const sink: NodeSink = { nodes: new Int32Array(valid.need), length: 0 };
  for (const piece of plan.pieces) fillDomain(state, available, valid.model, piece.domain, piece.nodes, sink);
  if (sink.length !== valid.need) {
    throw new Error(
      `allocation counters disagree with nodes: picked ${sink.length} of ${valid.need} (${free} free)`,
    );
  }
  const lease = leaseFor(state, request, valid, tenant);
  moveNodesInBulk(state, sink.nodes, sink.length, lease.slot, 1);
  lease.record.requestedNodes[valid.model] = at(lease.record.requestedNodes, valid.model) + valid.need;
  lease.record.committedKw += addKw;
  state.committedKw += addKw;
  const gpus = valid.need * valid.gpusPerNode;
  return {
    ok: true,
    leaseId: request.leaseId,
    gpuModel: request.gpuModel,
    nodes: sink.nodes,
    gpus,
    fitLevel: index.levelNames[plan.level] ?? "site",
    pieces: piecesByBlock(state, sink.nodes, valid.gpusPerNode),
    preemptedHouseNodes: valid.need,
    preemptedHouseGpus: gpus,
    trancheMw: addKw / 1000,
    leasedMw: state.committedKw / 1000,
  };
}

/** The lease's slot and record on this site, created on its first tranche. */
export function leaseFor(
  state: AllocationState,
  request: Pick<TrancheRequest, "leaseId" | "tenantId" | "isolation">,
  valid: Pick<ValidTranche, "isolationLevel">,
  tenant: number,
): { slot: number; record: LeaseRecord } {
  const existing = state.leaseSlots.get(request.leaseId);
  const found = existing === undefined ? undefined : state.leases[existing];
  if (existing !== undefined && found) return { slot: existing, record: found };
  const slot = state.freeSlots.pop() ?? state.leases.length;
  const models = state.index.models.length;
  const record: LeaseRecord = {
    leaseId: request.leaseId,
    tenantId: request.tenantId,
    tenant,
    isolation: request.isolation,
    isolationLevel: valid.isolationLevel,
    requestedNodes: new Int32Array(models),
    heldNodes: new Int32Array(models),
    nodes: [],
    committedKw: 0,
  };
  state.leases[slot] = record;
  state.leaseSlots.set(request.leaseId, slot);
  return { slot, record };
}

function piecesByBlock(state: AllocationState, nodes: Int32Array, gpusPerNode: number): BlockPiece[] {
  const { domains } = state.index;
  const pieces: BlockPiece[] = [];
  let current = -1;
  let piece: BlockPiece | undefined;
  for (const i of nodes) {
    const block = ancestorAt(domains, at(domains.nodeLeaf, i), state.index.blockDepth);
    if (block !== current || !piece) {
      current = block;
      piece = { block: domainPath(domains, block), nodes: 0, gpus: 0 };
      pieces.push(piece);
    }
    piece.nodes++;
    piece.gpus += gpusPerNode;
  }
  return pieces;
}

function capacityRefusal(
  state: AllocationState,
  request: TrancheRequest,
  valid: ValidTranche,
  tenant: number,
  available: number,
  free: number,
): PlacementRefusal {
  const needs = `needs ${formatCount(valid.need)} ${request.gpuModel} nodes (${formatCount(request.gpuCount)} GPUs)`;
  if (free >= valid.need) {
    const level = valid.isolationLevel >= 0 ? state.index.levelNames[valid.isolationLevel] : undefined;
    const where = level === undefined ? "domains no other tenant isolates" : `isolation-compatible ${level}s`;
    return {
      ok: false,
      reason: "ISOLATION",
      message: `${needs}; ${formatCount(available)} available in ${where} (${formatCount(free)} free on the site)`,
      neededNodes: valid.need,
      availableNodes: available,
      blockingLeaseIds: isolationView(state, tenant, valid.isolationLevel, valid.model).blockers.map(
        (b) => b.leaseId,
      ),
    };
  }
  return {
    ok: false,
    reason: "INSUFFICIENT_CAPACITY",
    message: `${needs}; ${formatCount(free)} available (healthy, not leased, not spare)`,
    neededNodes: valid.need,
    availableNodes: free,
  };
}

function islandRefusal(request: TrancheRequest, valid: ValidTranche, available: number): PlacementRefusal {
  const island = valid.islandNodes * valid.gpusPerNode;
  return {
    ok: false,
    reason: "INSUFFICIENT_CAPACITY",
    message:
      `needs ${formatCount(valid.need)} ${request.gpuModel} nodes in pieces of at least ` +
      `${formatCount(valid.islandNodes)} nodes (${formatCount(island)} GPUs) inside one block; ` +
      `${formatCount(available)} available, but not in pieces that large`,
    neededNodes: valid.need,
    availableNodes: available,
  };
}
