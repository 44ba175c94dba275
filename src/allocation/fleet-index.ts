/** The allocation engine's read-only picture of one site: nodes sorted by path in typed arrays. */
import type { GpuCatalogue, GpuModel } from "../fleet/gpu-model.js";
import type { NodeState } from "../fleet/node.js";
import { type PowerSource, powerTotals } from "../fleet/site.js";
import { at, bump, STATE_CODE } from "./node-codes.js";
import { buildDomains, type TopologyDomains } from "./topology-domains.js";

/** A node as the engine needs it; `FleetNode` and a fleet file's node entry both fit. */
export interface IndexNodeInput {
  id?: string;
  name: string;
  path: string;
  gpuModel: string;
  gpuCount: number;
  state?: NodeState;
}

/** A site as the engine needs it; `Site` plus its nodes, or a fleet file's site entry, both fit. */
export interface IndexSiteInput {
  id?: string;
  name: string;
  pue: number;
  powerSources: readonly PowerSource[];
  /** From the top down, the last naming the node level, e.g. hall/block/rack/node. */
  topologyLevels: readonly string[];
  nodes: readonly IndexNodeInput[];
}

/**
 * One site, built once and never changed: node `i` is the i-th node in path order. Domain levels run
 * 0 (site) … `domains.depth` (the leaf, normally a rack). A node is *full* when it holds its model's
 * `gpusPerNode` GPUs; only full nodes are leased or kept as spares (a partial node stays with the house).
 */
export interface FleetIndex {
  siteId: string;
  siteName: string;
  pue: number;
  /** Sum of the power sources' permitted MW. */
  permittedMw: number;
  /** Name of each domain level: "site", then the site's topology levels. */
  levelNames: readonly string[];
  /** Level of the domain that holds a spare pool and that `block` isolation means. */
  blockDepth: number;
  /** Level that `spread` placements rotate over (halls). */
  hallDepth: number;
  /** Level that `rack` isolation means. */
  rackDepth: number;
  /** The GPU models present in the site; a node's model code indexes this list. */
  models: readonly GpuModel[];
  nodeCount: number;
  /** The node's id when given, else its name. */
  nodeIds: readonly string[];
  nodeNames: readonly string[];
  nodeModel: Uint8Array;
  nodeGpus: Uint16Array;
  nodeFull: Uint8Array;
  /** Node states when the index was built (see `STATE_CODE`). */
  nodeState: Uint8Array;
  domains: TopologyDomains;
  /** Full nodes of model m in domain d, any state: `capacity[d * models.length + m]`. */
  capacity: Int32Array;
  /** Largest `capacity` of a domain at level l: `maxCapacity[l * models.length + m]`. */
  maxCapacity: Int32Array;
  /** Nodes and GPUs of each model in the whole site, any state: what the accounting must add up to. */
  modelNodes: Float64Array;
  modelGpus: Float64Array;
}

/** Builds the index of one site. Throws RangeError on a node whose model the catalogue lacks or whose path has the wrong depth. */
export function buildFleetIndex(site: IndexSiteInput, catalogue: GpuCatalogue): FleetIndex {
  const nodes = sortedByPath(site.nodes);
  const depth = site.topologyLevels.length - 1;
  const modelCode = new Map<string, number>();
  const models: GpuModel[] = [];
  const n = nodes.length;
  const nodeModel = new Uint8Array(n);
  const nodeGpus = new Uint16Array(n);
  const nodeFull = new Uint8Array(n);
  const nodeState = new Uint8Array(n);
  const nodeIds = new Array<string>(n);
  const nodeNames = new Array<string>(n);
  const paths = new Array<string>(n);
  nodes.forEach((node, i) => {
    let code = modelCode.get(node.gpuModel);
    let model = code === undefined ? undefined : models[code];
    if (code === undefined || model === undefined) {
      model = catalogue.get(node.gpuModel);
      if (!model) throw new RangeError(`unknown GPU model ${node.gpuModel} on node ${node.name}`);
      code = models.length;
      models.push(model);
      modelCode.set(node.gpuModel, code);
    }
    nodeModel[i] = code;
    nodeGpus[i] = node.gpuCount;
    nodeFull[i] = node.gpuCount === model.gpusPerNode ? 1 : 0;
    nodeState[i] = STATE_CODE[node.state ?? "healthy"];
    nodeIds[i] = node.id ?? node.name;
    nodeNames[i] = node.name;
    paths[i] = node.path;
  });
  const domains = buildDomains(paths, depth);
  const modelNodes = new Float64Array(models.length);
  const modelGpus = new Float64Array(models.length);
  nodeModel.forEach((m, i) => {
    bump(modelNodes, m, 1);
    bump(modelGpus, m, at(nodeGpus, i));
  });
  const { capacity, maxCapacity } = capacities(domains, nodeModel, nodeFull, models.length);
  const levelOf = (name: string, fallback: number, limit: number) => {
    const found = site.topologyLevels.indexOf(name) + 1;
    return found > 0 && found <= limit ? found : Math.max(0, Math.min(fallback, limit));
  };
  const blockDepth = levelOf("block", depth - 1, depth);
  return {
    siteId: site.id ?? site.name,
    siteName: site.name,
    pue: site.pue,
    permittedMw: powerTotals(site.powerSources).permittedMw,
    levelNames: ["site", ...site.topologyLevels.slice(0, depth)],
    blockDepth,
    hallDepth: levelOf("hall", blockDepth - 1, Math.max(0, blockDepth - 1)),
    rackDepth: levelOf("rack", depth, depth),
    models,
    nodeCount: n,
    nodeIds,
    nodeNames,
    nodeModel,
    nodeGpus,
    nodeFull,
    nodeState,
    domains,
    capacity,
    maxCapacity,
    modelNodes,
    modelGpus,
  };
}

function sortedByPath(nodes: readonly IndexNodeInput[]): readonly IndexNodeInput[] {
  const before = (a: IndexNodeInput, b: IndexNodeInput) =>
    a.path < b.path || (a.path === b.path && a.name < b.name);
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1];
    const b = nodes[i];
    if (a && b && before(b, a)) {
      return [...nodes].sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0));
    }
  }
  return nodes;
}

function capacities(
  domains: TopologyDomains,
  nodeModel: Uint8Array,
  nodeFull: Uint8Array,
  modelCount: number,
) {
  const capacity = new Int32Array(domains.count * modelCount);
  nodeModel.forEach((m, i) => {
    if (nodeFull[i]) bump(capacity, at(domains.nodeLeaf, i) * modelCount + m, 1);
  });
  const maxCapacity = new Int32Array((domains.depth + 1) * modelCount);
  for (let d = domains.count - 1; d >= 0; d--) {
    const parent = at(domains.parent, d);
    const level = at(domains.level, d);
    for (let m = 0; m < modelCount; m++) {
      const c = at(capacity, d * modelCount + m);
      if (parent >= 0) bump(capacity, parent * modelCount + m, c);
      const slot = level * modelCount + m;
      if (c > at(maxCapacity, slot)) maxCapacity[slot] = c;
    }
  }
  return { capacity, maxCapacity };
}

const idLookups = new WeakMap<FleetIndex, Map<string, number>>();

/** The node index of a node id (or name), or undefined. The lookup table is built on first use. */
export function nodeIndexOf(index: FleetIndex, id: string): number | undefined {
  let lookup = idLookups.get(index);
  if (!lookup) {
    lookup = new Map(index.nodeIds.map((nodeId, i) => [nodeId, i]));
    idLookups.set(index, lookup);
  }
  return lookup.get(id);
}

const nameLookups = new WeakMap<FleetIndex, Map<string, number>>();

/**
 * The node index of a node id, else of a node name (names are unique within a site), or undefined.
 * The name table is built on first use.
 */
export function nodeIndexByRef(index: FleetIndex, ref: string): number | undefined {
  const byId = nodeIndexOf(index, ref);
  if (byId !== undefined) return byId;
  let lookup = nameLookups.get(index);
  if (!lookup) {
    lookup = new Map(index.nodeNames.map((name, i) => [name, i]));
    nameLookups.set(index, lookup);
  }
  return lookup.get(ref);
}

/** The node indices of node ids or names (see `nodeIndexByRef`), or undefined when one is unknown. */
export function nodeIndicesByRef(index: FleetIndex, refs: readonly string[]): number[] | undefined {
  const out: number[] = [];
  for (const ref of refs) {
    const i = nodeIndexByRef(index, ref);
    if (i === undefined) return undefined;
    out.push(i);
  }
  return out;
}

/** The ids of the given node indices. */
export function nodeIdsOf(index: FleetIndex, nodes: ArrayLike<number>): string[] {
  return Array.from(nodes, (i) => index.nodeIds[i] ?? "");
}

/** The model code of a GPU model name in this site, or undefined when the site has none. */
export function modelCodeOf(index: FleetIndex, name: string): number | undefined {
  const code = index.models.findIndex((m) => m.name === name);
  return code < 0 ? undefined : code;
}
