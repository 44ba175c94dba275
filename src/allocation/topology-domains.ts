/** Topology domains of one site as contiguous node ranges, numbered level by level from the site root. */
import { splitPath } from "../fleet/topology.js";
import { at } from "./node-codes.js";

/**
 * Every domain of a site (the site itself, then each hall, block, rack …) as a node-index range.
 * Nodes are sorted by path, so a domain's nodes are `[start, end)` and a domain's children are the
 * domain ids `[childStart, childEnd)` of the next level. Domains of level `l` are the ids
 * `[levelStart[l], levelStart[l + 1])`, in path order; level 0 is the site (id 0) and level `depth`
 * the leaf domain whose members are nodes (normally a rack).
 */
export interface TopologyDomains {
  count: number;
  /** Path segments per node; domain levels run 0 (site) … depth (leaf). */
  depth: number;
  level: Uint8Array;
  /** Parent domain id; -1 for the site root. */
  parent: Int32Array;
  start: Int32Array;
  end: Int32Array;
  childStart: Int32Array;
  childEnd: Int32Array;
  levelStart: Int32Array;
  /** The domain's own path segment ("" for the site root). */
  segment: string[];
  /** The leaf domain of each node. */
  nodeLeaf: Int32Array;
}

interface LevelBuild {
  start: number[];
  parent: number[];
  segment: string[];
}

/** Builds the domains from node paths already sorted (every prefix contiguous). Throws on a path of the wrong depth. */
export function buildDomains(paths: readonly string[], depth: number): TopologyDomains {
  const levels: LevelBuild[] = [];
  for (let l = 0; l <= depth; l++) levels.push({ start: [], parent: [], segment: [] });
  let prev: string[] = [];
  let prevPath: string | undefined;
  paths.forEach((path, i) => {
    if (path === prevPath) return;
    const segments = splitPath(path);
    if (segments.length !== depth) {
      throw new RangeError(`node path "${path}" must have ${depth} segments, got ${segments.length}`);
    }
    let k = 0;
    while (k < depth && segments[k] === prev[k]) k++;
    for (let l = k + 1; l <= depth; l++) {
      const build = levels[l];
      const above = levels[l - 1];
      if (!build || !above) continue;
      build.start.push(i);
      build.parent.push(l === 1 ? 0 : above.start.length - 1);
      build.segment.push(segments[l - 1] ?? "");
    }
    prev = segments;
    prevPath = path;
  });
  return assemble(levels, depth, paths.length);
}

function assemble(levels: LevelBuild[], depth: number, nodeCount: number): TopologyDomains {
  const levelStart = new Int32Array(depth + 2);
  levelStart[1] = 1;
  for (let l = 1; l <= depth; l++) levelStart[l + 1] = at(levelStart, l) + (levels[l]?.start.length ?? 0);
  const count = at(levelStart, depth + 1);
  const domains: TopologyDomains = {
    count,
    depth,
    level: new Uint8Array(count),
    parent: new Int32Array(count).fill(-1),
    start: new Int32Array(count),
    end: new Int32Array(count),
    childStart: new Int32Array(count),
    childEnd: new Int32Array(count),
    levelStart,
    segment: new Array<string>(count).fill(""),
    nodeLeaf: new Int32Array(nodeCount),
  };
  domains.end[0] = nodeCount;
  for (let l = 1; l <= depth; l++) {
    const build = levels[l];
    if (!build) continue;
    const base = at(levelStart, l);
    const parentBase = at(levelStart, l - 1);
    const size = build.start.length;
    for (let j = 0; j < size; j++) {
      const id = base + j;
      const parent = parentBase + (build.parent[j] ?? 0);
      domains.level[id] = l;
      domains.parent[id] = parent;
      domains.start[id] = build.start[j] ?? 0;
      domains.end[id] = j + 1 < size ? (build.start[j + 1] ?? nodeCount) : nodeCount;
      domains.segment[id] = build.segment[j] ?? "";
      if (at(domains.childEnd, parent) === 0) domains.childStart[parent] = id;
      domains.childEnd[parent] = id + 1;
    }
  }
  for (let leaf = at(levelStart, depth); leaf < count; leaf++) {
    domains.nodeLeaf.fill(leaf, at(domains.start, leaf), at(domains.end, leaf));
  }
  return domains;
}

/** The domain's full path, e.g. `hall-01/block-003` ("" for the site root). */
export function domainPath(domains: TopologyDomains, id: number): string {
  const parts: string[] = [];
  for (let d = id; d > 0; d = at(domains.parent, d)) parts.push(domains.segment[d] ?? "");
  return parts.reverse().join("/");
}

/** The ancestor of domain `id` at level `level` (the domain itself when it is at that level). */
export function ancestorAt(domains: TopologyDomains, id: number, level: number): number {
  let d = id;
  while (d > 0 && at(domains.level, d) > level) d = at(domains.parent, d);
  return d;
}

/** The ids of the domains at `level` inside domain `id`, as a range `[first, end)`. */
export function descendantsAt(domains: TopologyDomains, id: number, level: number): [number, number] {
  let first = id;
  let end = id + 1;
  for (let l = at(domains.level, id); l < level && first < end; l++) {
    const nextFirst = at(domains.childStart, first);
    const nextEnd = at(domains.childEnd, end - 1);
    first = nextFirst;
    end = nextEnd;
  }
  return [first, end];
}
