/** A tranche placement request and its validation against a site and the leases already on it. */
import type { AllocationState } from "./allocation-state.js";
import type { PlacementPolicy } from "./block-plan.js";
import { modelCodeOf } from "./fleet-index.js";
import { ISOLATIONS, type Isolation, isolationLevel } from "./isolation.js";
import { invalid, type PlacementRefusal } from "./placement-result.js";

/** One tranche of one lease line: `gpuCount` GPUs of one model, added to the lease `leaseId`. */
export interface TrancheRequest {
  leaseId: string;
  tenantId: string;
  gpuModel: string;
  /** A positive multiple of the model's GPUs per node. */
  gpuCount: number;
  isolation: Isolation;
  placement: {
    policy: PlacementPolicy;
    /** Every per-block piece holds at least this many GPUs (rounded up to whole nodes); at most `gpuCount`. */
    minIslandGpus?: number;
  };
}

/** A request checked against the site: model code, nodes wanted and the smallest piece, in nodes. */
export interface ValidTranche {
  model: number;
  gpusPerNode: number;
  need: number;
  islandNodes: number;
  isolationLevel: number;
}

/**
 * Checks a request: known model on this site, whole nodes, a known isolation and policy, an island
 * no larger than the tranche, and the same tenant and isolation as earlier tranches of the lease.
 */
export function validateTranche(
  state: AllocationState,
  request: TrancheRequest,
): ValidTranche | PlacementRefusal {
  const { index } = state;
  if (!request.leaseId) return invalid("leaseId", "leaseId must not be empty");
  if (!request.tenantId) return invalid("tenantId", "tenantId must not be empty");
  const model = modelCodeOf(index, request.gpuModel);
  const gpuModel = model === undefined ? undefined : index.models[model];
  if (model === undefined || !gpuModel) {
    const offered = index.models.map((m) => m.name).join("|") || "none";
    return invalid("gpuModel", `site ${index.siteName} has no ${request.gpuModel} nodes (one of ${offered})`);
  }
  const perNode = gpuModel.gpusPerNode;
  const { gpuCount } = request;
  if (!Number.isSafeInteger(gpuCount) || gpuCount <= 0 || gpuCount % perNode !== 0) {
    return invalid(
      "gpuCount",
      `gpuCount must be a positive multiple of ${perNode} for ${gpuModel.name} (got ${gpuCount})`,
    );
  }
  if (!ISOLATIONS.includes(request.isolation)) {
    return invalid(
      "isolation",
      `isolation must be one of ${ISOLATIONS.join("|")} (got ${request.isolation})`,
    );
  }
  const { policy, minIslandGpus } = request.placement;
  if (policy !== "packed" && policy !== "spread") {
    return invalid("placement.policy", `placement.policy must be packed|spread (got ${policy})`);
  }
  const island = minIslandGpus ?? perNode;
  if (!Number.isSafeInteger(island) || island <= 0 || island > gpuCount) {
    return invalid(
      "placement.minIslandGpus",
      `placement.minIslandGpus must be a positive integer <= gpuCount ${gpuCount} (got ${minIslandGpus})`,
    );
  }
  const slot = state.leaseSlots.get(request.leaseId);
  const lease = slot === undefined ? undefined : state.leases[slot];
  if (lease && lease.tenantId !== request.tenantId) {
    return invalid(
      "tenantId",
      `lease ${request.leaseId} belongs to tenant ${lease.tenantId} (got ${request.tenantId})`,
    );
  }
  if (lease && lease.isolation !== request.isolation) {
    return invalid(
      "isolation",
      `lease ${request.leaseId} has isolation ${lease.isolation} (got ${request.isolation})`,
    );
  }
  return {
    model,
    gpusPerNode: perNode,
    need: gpuCount / perNode,
    islandNodes: Math.ceil(island / perNode),
    isolationLevel: isolationLevel(index, request.isolation),
  };
}
