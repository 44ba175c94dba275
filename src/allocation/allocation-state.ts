/** The mutable allocation of one site: who owns each node, and per-domain counters kept current on every event. */
import type { FleetIndex } from "./fleet-index.js";
import type { Isolation } from "./isolation.js";
import {
  at,
  bump,
  CLASS_COUNT,
  HEALTHY,
  HOUSE,
  isOutOfService,
  ownerClass,
  SPARE,
  UNASSIGNED,
} from "./node-codes.js";
import { DEFAULT_SPARE_POLICY, reserveSpares, type SparePolicy, spareTargets } from "./spare-pool.js";

/** One lease's hold on this site: every tranche placed under its id adds to it. */
export interface LeaseRecord {
  readonly leaseId: string;
  readonly tenantId: string;
  /** The tenant's small integer code in this state. */
  readonly tenant: number;
  readonly isolation: Isolation;
  /** Domain level kept to this tenant; -1 for `node`. */
  readonly isolationLevel: number;
  /** Nodes the lease's tranches asked for, per model code. */
  readonly requestedNodes: Int32Array;
  /** Nodes it holds now, per model code; below `requestedNodes` only after an unreplaced failure. */
  readonly heldNodes: Int32Array;
  /** The node indices it holds, unordered; `leasePos` gives each node's position here. */
  readonly nodes: number[];
  /** Facility draw committed by its tranches, kW (GPUs × kW per GPU × PUE), whether or not all are held. */
  committedKw: number;
}

/**
 * The allocation of one site. Engine operations mutate only the state passed to them and are
 * deterministic. Counters are per domain `d` (and per model `m` at `d * models + m`):
 * `free` healthy full house nodes (what a lease may take), `spare` spare nodes, `leased` leased nodes,
 * `claimed` leased nodes whose lease isolates this domain's level; `tenantLeased`/`tenantClaimed`
 * split the last two by tenant (keys from `tenantKey`).
 */
export interface AllocationState {
  readonly index: FleetIndex;
  readonly spareTarget: Int32Array;
  readonly nodeState: Uint8Array;
  readonly owner: Int32Array;
  readonly leasePos: Int32Array;
  readonly free: Int32Array;
  readonly spare: Int32Array;
  readonly leased: Int32Array;
  readonly claimed: Int32Array;
  readonly tenantLeased: Map<number, number>;
  readonly tenantClaimed: Map<number, number>;
  /** Nodes and GPUs per model and owner class: `[m * CLASS_COUNT + class]`. */
  readonly classNodes: Float64Array;
  readonly classGpus: Float64Array;
  readonly leases: Array<LeaseRecord | undefined>;
  readonly leaseSlots: Map<string, number>;
  readonly freeSlots: number[];
  readonly tenants: Map<string, number>;
  /** Facility kW committed to all leases. Never above the permit × 1000. */
  committedKw: number;
  /** Per-request working memory, one slot per domain. */
  readonly scratch: { available: Int32Array; blocked: Uint8Array; delta: Int32Array };
}

export interface AllocationOptions {
  spares?: SparePolicy;
}

/** A fresh allocation: every healthy or degraded node with the house, failed and maintenance unassigned, spares reserved. */
export function createAllocationState(index: FleetIndex, options: AllocationOptions = {}): AllocationState {
  const n = index.nodeCount;
  const count = index.domains.count;
  const models = index.models.length;
  const nodeState = index.nodeState.slice();
  const owner = new Int32Array(n);
  for (let i = 0; i < n; i++) owner[i] = isOutOfService(at(nodeState, i)) ? UNASSIGNED : HOUSE;
  const spareTarget = spareTargets(index, options.spares ?? DEFAULT_SPARE_POLICY);
  reserveSpares(index, spareTarget, nodeState, owner);
  const state: AllocationState = {
    index,
    spareTarget,
    nodeState,
    owner,
    leasePos: new Int32Array(n).fill(-1),
    free: new Int32Array(count * models),
    spare: new Int32Array(count * models),
    leased: new Int32Array(count),
    claimed: new Int32Array(count),
    tenantLeased: new Map(),
    tenantClaimed: new Map(),
    classNodes: new Float64Array(models * CLASS_COUNT),
    classGpus: new Float64Array(models * CLASS_COUNT),
    leases: [],
    leaseSlots: new Map(),
    freeSlots: [],
    tenants: new Map(),
    committedKw: 0,
    scratch: {
      available: new Int32Array(count),
      blocked: new Uint8Array(count),
      delta: new Int32Array(count),
    },
  };
  countOwners(state);
  return state;
}

/** Builds `free`, `spare` and the class totals from the owners (no leases yet): leaves first, then upward. */
function countOwners(state: AllocationState): void {
  const { index, owner, nodeState, free, spare } = state;
  const { domains, nodeModel, nodeGpus, nodeFull } = index;
  const models = index.models.length;
  for (let i = 0; i < index.nodeCount; i++) {
    const m = at(nodeModel, i);
    const o = at(owner, i);
    const slot = at(domains.nodeLeaf, i) * models + m;
    if (o === HOUSE && at(nodeState, i) === HEALTHY && at(nodeFull, i) === 1) bump(free, slot, 1);
    else if (o === SPARE) bump(spare, slot, 1);
    bump(state.classNodes, m * CLASS_COUNT + ownerClass(o), 1);
    bump(state.classGpus, m * CLASS_COUNT + ownerClass(o), at(nodeGpus, i));
  }
  for (let d = domains.count - 1; d > 0; d--) {
    const parent = at(domains.parent, d);
    for (let m = 0; m < models; m++) {
      bump(free, parent * models + m, at(free, d * models + m));
      bump(spare, parent * models + m, at(spare, d * models + m));
    }
  }
}

/** The tenant's code, assigned on first sight. */
export function tenantCode(state: AllocationState, tenantId: string): number {
  let code = state.tenants.get(tenantId);
  if (code === undefined) {
    code = state.tenants.size;
    state.tenants.set(tenantId, code);
  }
  return code;
}

/** The lease record for an id, or undefined. */
export function leaseOf(state: AllocationState, leaseId: string): LeaseRecord | undefined {
  const slot = state.leaseSlots.get(leaseId);
  return slot === undefined ? undefined : state.leases[slot];
}

/** GPUs a lease is short of its tranches, over all models (0 when whole). */
export function shortfallGpus(state: AllocationState, lease: LeaseRecord): number {
  let missing = 0;
  state.index.models.forEach((model, m) => {
    missing += (at(lease.requestedNodes, m) - at(lease.heldNodes, m)) * model.gpusPerNode;
  });
  return missing;
}
