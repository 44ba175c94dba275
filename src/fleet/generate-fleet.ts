/**
 * Synthetic fleets: lays out GPUs of several models into halls, blocks, racks and nodes, with a
 * seeded sprinkle of unhealthy nodes. Deterministic for a given spec, so tests and benchmarks
 * can regenerate the same fleet.
 * @module
 */

import { prng } from "../shared/prng.js";
import type { FleetDocumentInput } from "./fleet-document.js";
import type { GpuCatalogue } from "./gpu-model.js";
import type { NodeState } from "./node.js";
import type { PowerSource, SiteKind } from "./site.js";

/** One model's share of a generated site. */
export interface GeneratedGroup {
  gpuModel: string;
  /** GPUs wanted; rounded up to whole nodes. */
  gpuCount: number;
  /** Defaults to the model's catalogue value. */
  nodesPerRack?: number;
  racksPerBlock: number;
  blocksPerHall: number;
}

export interface GenerateSpec {
  siteName: string;
  kind: SiteKind;
  location: string;
  pue: number;
  electricityUsdPerMwh: string;
  powerSources: PowerSource[];
  groups: GeneratedGroup[];
  /** Fraction of nodes in each non-healthy state, e.g. { failed: 0.002 }. */
  unhealthy: Partial<Record<Exclude<NodeState, "healthy">, number>>;
  seed: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Lays out a site. Halls and blocks are numbered across the whole site; each group starts a new hall. */
export function generateFleet(spec: GenerateSpec, catalogue: GpuCatalogue): FleetDocumentInput {
  const random = prng(spec.seed);
  const thresholds = Object.entries(spec.unhealthy) as Array<[NodeState, number]>;
  const pickState = (): NodeState => {
    let r = random();
    for (const [state, fraction] of thresholds) {
      if (r < fraction) return state;
      r -= fraction;
    }
    return "healthy";
  };

  const nodes: NonNullable<FleetDocumentInput["sites"][number]["nodes"]> = [];
  let hall = 0;
  let block = 0;
  let rack = 0;
  for (const group of spec.groups) {
    const model = catalogue.get(group.gpuModel);
    if (!model) throw new RangeError(`unknown GPU model ${group.gpuModel}`);
    const nodesPerRack = group.nodesPerRack ?? model.nodesPerRack;
    const nodeCount = Math.ceil(group.gpuCount / model.gpusPerNode);
    const nodesPerBlock = nodesPerRack * group.racksPerBlock;
    const nodesPerHall = nodesPerBlock * group.blocksPerHall;
    for (let i = 0; i < nodeCount; i++) {
      if (i % nodesPerHall === 0) hall++;
      if (i % nodesPerBlock === 0) block++;
      if (i % nodesPerRack === 0) rack++;
      const slot = (i % nodesPerRack) + 1;
      nodes.push({
        name: `r${pad(rack, 4)}-n${pad(slot, 2)}`,
        path: `hall-${pad(hall, 2)}/block-${pad(block, 3)}/rack-${pad(rack, 4)}`,
        gpuModel: model.name,
        gpuCount: model.gpusPerNode,
        state: pickState(),
      });
    }
  }

  return {
    sites: [
      {
        name: spec.siteName,
        kind: spec.kind,
        location: spec.location,
        pue: spec.pue,
        electricityUsdPerMwh: spec.electricityUsdPerMwh,
        powerSources: spec.powerSources,
        topologyLevels: ["hall", "block", "rack", "node"],
        nodes,
      },
    ],
  };
}
