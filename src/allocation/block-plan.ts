/** Choosing where a tranche goes: the tightest domain that fits, or pieces across blocks (packed or spread). */
import type { FleetIndex } from "./fleet-index.js";
import { at } from "./node-codes.js";
import { descendantsAt } from "./topology-domains.js";

export type PlacementPolicy = "packed" | "spread";

/** `nodes` nodes to take inside `domain`, a domain at or below the block level. */
export interface Piece {
  domain: number;
  nodes: number;
}

/** The pieces of a placement and the level of the tightest domain holding all of them. */
export interface Plan {
  pieces: Piece[];
  level: number;
}

export interface PlanRequest {
  model: number;
  /** Nodes wanted. */
  need: number;
  /** Smallest piece allowed inside one block, in nodes (1 = any). */
  islandNodes: number;
  policy: PlacementPolicy;
}

/**
 * Best fit at the lowest level that fits: the domain with the fewest available nodes that still
 * holds the whole request, trying leaves (racks) first, then each level up to the blocks. Past one
 * block, `spread` rotates over the halls of the site, and `packed` picks, among the tightest domains
 * above the blocks that fit, the one needing the fewest blocks (largest blocks first, best fit for the
 * remainder). Every piece of a multi-block plan is at least `islandNodes`. Undefined when no plan fits.
 */
export function choosePlan(index: FleetIndex, available: Int32Array, request: PlanRequest): Plan | undefined {
  const { domains } = index;
  const models = index.models.length;
  const fits = (level: number) => at(index.maxCapacity, level * models + request.model) >= request.need;
  for (let level = domains.depth; level >= index.blockDepth; level--) {
    if (!fits(level)) continue;
    let best = -1;
    for (let d = at(domains.levelStart, level); d < at(domains.levelStart, level + 1); d++) {
      const a = at(available, d);
      if (a >= request.need && (best < 0 || a < at(available, best))) best = d;
    }
    if (best >= 0) return { pieces: [{ domain: best, nodes: request.need }], level };
  }
  if (request.policy === "spread") {
    const pieces = spreadPieces(index, available, request);
    return pieces ? { pieces, level: 0 } : undefined;
  }
  for (let level = index.blockDepth - 1; level >= 0; level--) {
    if (!fits(level)) continue;
    let best: Piece[] | undefined;
    let bestDomain = -1;
    for (let d = at(domains.levelStart, level); d < at(domains.levelStart, level + 1); d++) {
      if (at(available, d) < request.need) continue;
      const pieces = packedPieces(available, blocksBySize(index, available, d, request.islandNodes), request);
      if (!pieces) continue;
      const better =
        !best ||
        pieces.length < best.length ||
        (pieces.length === best.length && at(available, d) < at(available, bestDomain));
      if (better) {
        best = pieces;
        bestDomain = d;
      }
    }
    if (best) return { pieces: best, level };
  }
  return undefined;
}

/** Blocks inside `domain` with at least `minNodes` available, largest first (ties in path order). */
function blocksBySize(index: FleetIndex, available: Int32Array, domain: number, minNodes: number): number[] {
  const [first, end] = descendantsAt(index.domains, domain, index.blockDepth);
  const blocks: number[] = [];
  for (let b = first; b < end; b++) if (at(available, b) >= minNodes && at(available, b) > 0) blocks.push(b);
  return blocks.sort((x, y) => at(available, y) - at(available, x) || x - y);
}

/** Fewest blocks: whole blocks largest first until the remainder fits one, then the tightest block for it. */
function packedPieces(available: Int32Array, blocks: number[], request: PlanRequest): Piece[] | undefined {
  const pieces: Piece[] = [];
  let remaining = request.need;
  for (let i = 0; i < blocks.length && remaining > 0; i++) {
    const size = at(available, blocks[i] ?? 0);
    if (size < remaining) {
      pieces.push({ domain: blocks[i] ?? 0, nodes: size });
      remaining -= size;
      continue;
    }
    let j = i;
    while (j + 1 < blocks.length && at(available, blocks[j + 1] ?? 0) >= remaining) j++;
    while (j > i && at(available, blocks[j - 1] ?? 0) === at(available, blocks[j] ?? 0)) j--;
    pieces.push({ domain: blocks[j] ?? 0, nodes: remaining });
    remaining = 0;
  }
  return remaining > 0 ? undefined : withIslands(available, pieces, request.islandNodes);
}

/** Round-robin over the halls in path order, each turn taking the hall's next largest block (or the remainder). */
function spreadPieces(index: FleetIndex, available: Int32Array, request: PlanRequest): Piece[] | undefined {
  const [firstHall, endHall] = descendantsAt(index.domains, 0, index.hallDepth);
  const halls: number[][] = [];
  for (let h = firstHall; h < endHall; h++)
    halls.push(blocksBySize(index, available, h, request.islandNodes));
  const pieces: Piece[] = [];
  let remaining = request.need;
  for (let turn = 0; remaining > 0; turn++) {
    let progress = false;
    for (const blocks of halls) {
      const block = blocks[turn];
      if (block === undefined || remaining === 0) continue;
      const nodes = Math.min(at(available, block), remaining);
      pieces.push({ domain: block, nodes });
      remaining -= nodes;
      progress = true;
    }
    if (!progress) return undefined;
  }
  return withIslands(available, pieces, request.islandNodes);
}

/**
 * Makes the last piece at least `islandNodes` (every block offered holds that many) by taking the
 * difference from earlier pieces, none going below `islandNodes`. Undefined when they cannot give it.
 */
function withIslands(available: Int32Array, pieces: Piece[], islandNodes: number): Piece[] | undefined {
  const last = pieces[pieces.length - 1];
  if (!last || last.nodes >= islandNodes) return pieces;
  let deficit = islandNodes - last.nodes;
  if (at(available, last.domain) < islandNodes) return undefined;
  last.nodes = islandNodes;
  for (let k = pieces.length - 2; k >= 0 && deficit > 0; k--) {
    const piece = pieces[k];
    if (!piece) continue;
    const give = Math.min(deficit, piece.nodes - islandNodes);
    piece.nodes -= give;
    deficit -= give;
  }
  return deficit > 0 ? undefined : pieces;
}
