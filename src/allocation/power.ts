/** The site's power permit: leases commit draw against it, and the house runs elastically on what is left. */
import type { AllocationState } from "./allocation-state.js";
import type { FleetIndex } from "./fleet-index.js";
import { at, CLASS_COUNT, CLASS_HOUSE } from "./node-codes.js";
import { formatMw, type PlacementRefusal } from "./placement-result.js";

/** Slack for float sums of kW, far below a single GPU's draw. */
const EPSILON_KW = 1e-6;

/** Facility draw of `nodes` full nodes of model code `m`, kW: GPUs × kW per GPU × PUE. */
export function nodesKw(index: FleetIndex, m: number, nodes: number): number {
  const model = index.models[m];
  return model ? nodes * model.gpusPerNode * model.powerKwPerGpu * index.pue : 0;
}

/**
 * A POWER refusal when committing `addKw` more to leases would take them past the permit. Leases
 * commit their full requested draw, held or not, so replacing a failed node never needs a check.
 */
export function checkPower(state: AllocationState, addKw: number): PlacementRefusal | undefined {
  const permittedKw = state.index.permittedMw * 1000;
  const wouldKw = state.committedKw + addKw;
  if (wouldKw <= permittedKw + EPSILON_KW) return undefined;
  const wouldDrawMw = wouldKw / 1000;
  return {
    ok: false,
    reason: "POWER",
    message:
      `leases would draw ${formatMw(wouldDrawMw)} MW of ${formatMw(state.index.permittedMw)} MW permitted ` +
      `(${formatMw(state.committedKw / 1000)} MW already leased + ${formatMw(addKw / 1000)} MW for this tranche)`,
    wouldDrawMw,
    permittedMw: state.index.permittedMw,
  };
}

export interface HousePowerByModel {
  gpuModel: string;
  houseNodes: number;
  /** House nodes that fit within the power left after leases; the rest sit idle. */
  runnableNodes: number;
}

/** How the permit splits: committed to leases, and what remains for the house's elastic work. */
export interface PowerReport {
  permittedMw: number;
  leasedMw: number;
  headroomMw: number;
  /** Draw if every house node (healthy or degraded) ran, MW. */
  houseFullMw: number;
  houseNodes: number;
  houseRunnableNodes: number;
  houseIdleNodes: number;
  byModel: HousePowerByModel[];
}

/**
 * The house scales down uniformly when the headroom cannot run all of it: each model keeps
 * floor(houseNodes × headroom / houseFullMw) nodes running. Spares and unassigned nodes draw nothing here.
 */
export function powerReport(state: AllocationState): PowerReport {
  const { index } = state;
  const leasedMw = state.committedKw / 1000;
  const headroomMw = Math.max(0, index.permittedMw - leasedMw);
  let houseFullMw = 0;
  index.models.forEach((model, m) => {
    houseFullMw +=
      (at(state.classGpus, m * CLASS_COUNT + CLASS_HOUSE) * model.powerKwPerGpu * index.pue) / 1000;
  });
  const fraction = houseFullMw > 0 ? Math.min(1, headroomMw / houseFullMw) : 1;
  const byModel = index.models.map((model, m) => {
    const houseNodes = at(state.classNodes, m * CLASS_COUNT + CLASS_HOUSE);
    return { gpuModel: model.name, houseNodes, runnableNodes: Math.floor(houseNodes * fraction) };
  });
  const houseNodes = byModel.reduce((sum, b) => sum + b.houseNodes, 0);
  const houseRunnableNodes = byModel.reduce((sum, b) => sum + b.runnableNodes, 0);
  return {
    permittedMw: index.permittedMw,
    leasedMw,
    headroomMw,
    houseFullMw,
    houseNodes,
    houseRunnableNodes,
    houseIdleNodes: houseNodes - houseRunnableNodes,
    byModel,
  };
}
