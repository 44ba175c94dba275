/**
 * The picture of a site's topology: racks grouped by the domain above them (usually blocks), each
 * with its node states, ready to draw as a map.
 * @module
 */
import { NODE_STATES, type NodeState } from "./node.js";
import { splitPath } from "./topology.js";

/** One node domain (normally a rack) and its nodes by state, as the store aggregates them. */
export interface RackCount {
  path: string;
  gpuModel: string;
  state: NodeState;
  nodeCount: number;
  gpuCount: number;
}

export interface RackCell {
  /** The rack's full path. */
  path: string;
  /** The rack's own segment. */
  name: string;
  gpuModel: string;
  gpus: number;
  nodesByState: Record<NodeState, number>;
}

export interface DomainGroup {
  /** The parent domain's path (e.g. `hall-01/block-003`); empty for a two-level site. */
  path: string;
  gpus: number;
  racks: RackCell[];
}

export interface TopologyMap {
  levels: string[];
  /** The level each cell stands for (the one just above nodes) and the level groups stand for. */
  cellLevel: string;
  groupLevel: string | null;
  groups: DomainGroup[];
}

/** Groups per-rack counts into the map, preserving path order. */
export function buildTopologyMap(levels: readonly string[], counts: readonly RackCount[]): TopologyMap {
  const racks = new Map<string, RackCell>();
  for (const c of counts) {
    let cell = racks.get(c.path);
    if (!cell) {
      const segments = splitPath(c.path);
      cell = {
        path: c.path,
        name: segments[segments.length - 1] ?? c.path,
        gpuModel: c.gpuModel,
        gpus: 0,
        nodesByState: Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>,
      };
      racks.set(c.path, cell);
    }
    cell.gpus += c.gpuCount;
    cell.nodesByState[c.state] += c.nodeCount;
  }
  const groups = new Map<string, DomainGroup>();
  for (const cell of [...racks.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const parent = splitPath(cell.path).slice(0, -1).join("/");
    const group = groups.get(parent) ?? { path: parent, gpus: 0, racks: [] };
    group.gpus += cell.gpus;
    group.racks.push(cell);
    groups.set(parent, group);
  }
  const depth = levels.length;
  return {
    levels: [...levels],
    cellLevel: levels[depth - 2] ?? levels[0] ?? "node",
    groupLevel: depth >= 3 ? (levels[depth - 3] ?? null) : null,
    groups: [...groups.values()],
  };
}
