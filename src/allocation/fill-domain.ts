/** Picking the nodes of one piece inside its domain: fewest racks, best fit for the remainder. */
import type { AllocationState } from "./allocation-state.js";
import { at, HEALTHY, HOUSE } from "./node-codes.js";

/** Where picked node indices go: `nodes[0..length)`. */
export interface NodeSink {
  nodes: Int32Array;
  length: number;
}

/**
 * Appends `need` takeable nodes of model `m` inside domain `d` to `sink`, given `available` from
 * `computeAvailable` for the same request (not yet changed by this placement). A domain taken whole
 * with nothing blocked inside is read as one node range; otherwise children are filled like blocks
 * are: the tightest child that holds the rest, else the largest children first. Reads only; the
 * caller commits the nodes.
 */
export function fillDomain(
  state: AllocationState,
  available: Int32Array,
  m: number,
  d: number,
  need: number,
  sink: NodeSink,
): void {
  if (need <= 0) return;
  const { domains } = state.index;
  const models = state.index.models.length;
  const whole = at(available, d) === need && need === at(state.free, d * models + m);
  if (whole || at(domains.level, d) === domains.depth) {
    takeNodes(state, m, at(domains.start, d), at(domains.end, d), need, sink);
    return;
  }
  const children: number[] = [];
  for (let c = at(domains.childStart, d); c < at(domains.childEnd, d); c++) {
    if (at(available, c) > 0) children.push(c);
  }
  children.sort((x, y) => at(available, y) - at(available, x) || x - y);
  let remaining = need;
  for (let i = 0; i < children.length && remaining > 0; i++) {
    const size = at(available, children[i] ?? 0);
    if (size < remaining) {
      fillDomain(state, available, m, children[i] ?? 0, size, sink);
      remaining -= size;
      continue;
    }
    let j = i;
    while (j + 1 < children.length && at(available, children[j + 1] ?? 0) >= remaining) j++;
    while (j > i && at(available, children[j - 1] ?? 0) === at(available, children[j] ?? 0)) j--;
    fillDomain(state, available, m, children[j] ?? 0, remaining, sink);
    remaining = 0;
  }
}

/** The first `need` healthy full house nodes of model `m` in node range `[from, to)`. */
function takeNodes(
  state: AllocationState,
  m: number,
  from: number,
  to: number,
  need: number,
  sink: NodeSink,
): void {
  const { owner, nodeState } = state;
  const { nodeModel, nodeFull } = state.index;
  let taken = 0;
  for (let i = from; i < to && taken < need; i++) {
    if (owner[i] === HOUSE && nodeState[i] === HEALTHY && nodeModel[i] === m && nodeFull[i] === 1) {
      sink.nodes[sink.length++] = i;
      taken++;
    }
  }
}
