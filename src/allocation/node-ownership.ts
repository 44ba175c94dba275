/** Moving nodes between owners while keeping every per-domain counter of the allocation state exact. */
import type { AllocationState, LeaseRecord } from "./allocation-state.js";
import { tenantKey } from "./isolation.js";
import {
  at,
  bump,
  CLASS_COUNT,
  CLASS_HOUSE,
  CLASS_LEASED,
  HEALTHY,
  HOUSE,
  ownerClass,
  SPARE,
} from "./node-codes.js";

function mapAdd(map: Map<number, number>, key: number, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

/** Adds (sign 1) or removes (sign -1) one node's contribution to the counters of its domains. */
function count(state: AllocationState, i: number, sign: number): void {
  const { index } = state;
  const { domains } = index;
  const models = index.models.length;
  const m = at(index.nodeModel, i);
  const owner = at(state.owner, i);
  const cls = m * CLASS_COUNT + ownerClass(owner);
  bump(state.classNodes, cls, sign);
  bump(state.classGpus, cls, sign * at(index.nodeGpus, i));
  const isFree = owner === HOUSE && at(state.nodeState, i) === HEALTHY && at(index.nodeFull, i) === 1;
  const lease = owner >= 0 ? state.leases[owner] : undefined;
  if (!isFree && owner !== SPARE && !lease) return;
  for (let d = at(domains.nodeLeaf, i); d >= 0; d = at(domains.parent, d)) {
    if (isFree) bump(state.free, d * models + m, sign);
    else if (owner === SPARE) bump(state.spare, d * models + m, sign);
    else if (lease) addLeased(state, lease, d, sign);
  }
}

function addLeased(state: AllocationState, lease: LeaseRecord, d: number, delta: number): void {
  bump(state.leased, d, delta);
  mapAdd(state.tenantLeased, tenantKey(d, lease.tenant), delta);
  if (at(state.index.domains.level, d) === lease.isolationLevel) {
    bump(state.claimed, d, delta);
    mapAdd(state.tenantClaimed, tenantKey(d, lease.tenant), delta);
  }
}

/** Gives node `i` a new owner and state (a lease slot, HOUSE, SPARE or UNASSIGNED), updating every counter and lease list. */
export function moveNode(state: AllocationState, i: number, nextOwner: number, nextState: number): void {
  const previous = at(state.owner, i);
  count(state, i, -1);
  if (previous >= 0) dropFromLease(state, i, previous);
  state.owner[i] = nextOwner;
  state.nodeState[i] = nextState;
  if (nextOwner >= 0) {
    const lease = state.leases[nextOwner];
    if (lease) {
      state.leasePos[i] = lease.nodes.length;
      lease.nodes.push(i);
      bump(lease.heldNodes, at(state.index.nodeModel, i), 1);
    }
  }
  count(state, i, 1);
}

function dropFromLease(state: AllocationState, i: number, slot: number): void {
  const lease = state.leases[slot];
  if (!lease) return;
  const pos = at(state.leasePos, i);
  const last = lease.nodes.pop();
  if (last !== undefined && last !== i) {
    lease.nodes[pos] = last;
    state.leasePos[last] = pos;
  }
  state.leasePos[i] = -1;
  bump(lease.heldNodes, at(state.index.nodeModel, i), -1);
}

/**
 * Moves healthy full nodes of one model between the house and a lease in bulk: `sign` 1 takes
 * `nodes[0..length)` from the house into the lease in `slot`, -1 returns them to the house. Counters
 * are summed per domain first, so a 13,750-node tranche touches each rack, block and hall once.
 * On return (-1) the caller removes the nodes from `lease.nodes`.
 */
export function moveNodesInBulk(
  state: AllocationState,
  nodes: ArrayLike<number>,
  length: number,
  slot: number,
  sign: 1 | -1,
): void {
  const lease = state.leases[slot];
  const first = nodes[0];
  if (!lease || length === 0 || first === undefined) return;
  const { index } = state;
  const { domains } = index;
  const { delta } = state.scratch;
  const models = index.models.length;
  const m = at(index.nodeModel, first);
  const touched: number[] = [];
  let gpus = 0;
  for (let k = 0; k < length; k++) {
    const i = nodes[k] ?? 0;
    gpus += at(index.nodeGpus, i);
    if (sign === 1) {
      state.owner[i] = slot;
      state.leasePos[i] = lease.nodes.length;
      lease.nodes.push(i);
    } else {
      state.owner[i] = HOUSE;
      state.leasePos[i] = -1;
    }
    const leaf = at(domains.nodeLeaf, i);
    if (at(delta, leaf) === 0) touched.push(leaf);
    bump(delta, leaf, 1);
  }
  // Leaves all sit at one depth, so `touched` fills level by level and each domain is summed before it is read.
  for (let t = 0; t < touched.length; t++) {
    const d = touched[t] ?? 0;
    const c = at(delta, d);
    delta[d] = 0;
    const parent = at(domains.parent, d);
    if (parent >= 0) {
      if (at(delta, parent) === 0) touched.push(parent);
      bump(delta, parent, c);
    }
    bump(state.free, d * models + m, -sign * c);
    addLeased(state, lease, d, sign * c);
  }
  bump(lease.heldNodes, m, sign * length);
  bump(state.classNodes, m * CLASS_COUNT + CLASS_HOUSE, -sign * length);
  bump(state.classNodes, m * CLASS_COUNT + CLASS_LEASED, sign * length);
  bump(state.classGpus, m * CLASS_COUNT + CLASS_HOUSE, -sign * gpus);
  bump(state.classGpus, m * CLASS_COUNT + CLASS_LEASED, sign * gpus);
}
