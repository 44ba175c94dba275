/** Hand-built small sites for the engine's tests: halls → blocks → racks → nodes, named by position. */
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../fleet/gpu-model.js";
import type { NodeState } from "../fleet/node.js";
import { buildFleetIndex, type FleetIndex, type IndexNodeInput, type IndexSiteInput } from "./fleet-index.js";

export const CATALOGUE = catalogueOf(BUILT_IN_GPU_MODELS);

export interface SmallFleetSpec {
  /** Nodes per rack, by hall and block: `[[[4, 4], [2]]]` is one hall with blocks of 4+4 and 2 nodes. */
  layout: number[][][];
  /** GPU model of each hall; H100 where not given. */
  hallModels?: string[];
  /** States by node name (`rack-003-n2`); healthy where not given. */
  states?: Record<string, NodeState>;
  permittedMw?: number;
  pue?: number;
}

/**
 * The site of a spec. Blocks and racks are numbered across the site (`hall-1/block-02/rack-003`),
 * nodes within their rack (`rack-003-n1`), so a test can name any node.
 */
export function smallSite(spec: SmallFleetSpec): IndexSiteInput {
  const nodes: IndexNodeInput[] = [];
  let block = 0;
  let rack = 0;
  spec.layout.forEach((blocks, h) => {
    const gpuModel = spec.hallModels?.[h] ?? "H100";
    const gpuCount = CATALOGUE.get(gpuModel)?.gpusPerNode ?? 8;
    for (const racks of blocks) {
      block++;
      for (const size of racks) {
        rack++;
        const rackName = `rack-${String(rack).padStart(3, "0")}`;
        for (let n = 1; n <= size; n++) {
          const name = `${rackName}-n${n}`;
          const path = `hall-${h + 1}/block-${String(block).padStart(2, "0")}/${rackName}`;
          nodes.push({ name, path, gpuModel, gpuCount, state: spec.states?.[name] ?? "healthy" });
        }
      }
    }
  });
  return {
    name: "test-site",
    pue: spec.pue ?? 1.2,
    powerSources: [
      { kind: "grid", installedMw: spec.permittedMw ?? 100, permittedMw: spec.permittedMw ?? 100 },
    ],
    topologyLevels: ["hall", "block", "rack", "node"],
    nodes,
  };
}

export function smallIndex(spec: SmallFleetSpec): FleetIndex {
  return buildFleetIndex(smallSite(spec), CATALOGUE);
}

/** The index of the node with this name; throws when the fixture has none (a broken test). */
export function nodeNamed(index: FleetIndex, name: string): number {
  const i = index.nodeIds.indexOf(name);
  if (i < 0) throw new Error(`fixture has no node ${name}`);
  return i;
}
