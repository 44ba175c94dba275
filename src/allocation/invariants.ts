/** A full audit of an allocation state against its nodes: for tests, start-up checks and incident forensics. */
import { accountSite } from "./accounting.js";
import type { AllocationState } from "./allocation-state.js";
import { splitTenantKey, tenantKey } from "./isolation.js";
import {
  at,
  CLASS_COUNT,
  HEALTHY,
  HOUSE,
  isOutOfService,
  ownerClass,
  SPARE,
  UNASSIGNED,
} from "./node-codes.js";
import { nodesKw } from "./power.js";

/**
 * Every broken invariant, as sentences (empty when sound): owners agree with states; each lease's
 * node list matches the owner array (so no node is in two leases); every counter equals a recount;
 * no two tenants share a domain at the coarser of their isolation levels; the accounting balances;
 * committed power matches the tranches and stays within the permit. O(nodes × depth + domains × models).
 */
export function checkInvariants(state: AllocationState): string[] {
  const problems: string[] = [];
  const { index, owner, nodeState } = state;
  const { domains } = index;
  const models = index.models.length;
  const free = new Int32Array(domains.count * models);
  const spare = new Int32Array(domains.count * models);
  const leased = new Int32Array(domains.count);
  const tenantLeased = new Map<number, number>();
  const tenantClaimed = new Map<number, number>();
  const tenantsIn = new Map<number, Set<number>>();
  const classNodes = new Float64Array(models * CLASS_COUNT);
  const add = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + 1);
  for (let i = 0; i < index.nodeCount; i++) {
    const o = at(owner, i);
    const s = at(nodeState, i);
    const m = at(index.nodeModel, i);
    classNodes[m * CLASS_COUNT + ownerClass(o)] = at(classNodes, m * CLASS_COUNT + ownerClass(o)) + 1;
    const full = at(index.nodeFull, i) === 1;
    if ((o >= 0 || o === SPARE) && (s !== HEALTHY || !full))
      problems.push(`node ${i} is leased or spare but not healthy and full`);
    if ((o === UNASSIGNED) !== isOutOfService(s))
      problems.push(`node ${i} is unassigned exactly when out of service`);
    const lease = o >= 0 ? state.leases[o] : undefined;
    if (o >= 0 && (!lease || lease.nodes[at(state.leasePos, i)] !== i))
      problems.push(`node ${i} is missing from lease slot ${o}`);
    for (let d = at(domains.nodeLeaf, i); d >= 0; d = at(domains.parent, d)) {
      if (o === HOUSE && s === HEALTHY && full) free[d * models + m] = at(free, d * models + m) + 1;
      if (o === SPARE) spare[d * models + m] = at(spare, d * models + m) + 1;
      if (!lease) continue;
      leased[d] = at(leased, d) + 1;
      add(tenantLeased, tenantKey(d, lease.tenant));
      if (at(domains.level, d) === lease.isolationLevel) add(tenantClaimed, tenantKey(d, lease.tenant));
      const set = tenantsIn.get(d) ?? new Set<number>();
      tenantsIn.set(d, set.add(lease.tenant));
    }
  }
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((x, k) => x === b[k]);
  if (!same(free, state.free)) problems.push("free counters disagree with a recount");
  if (!same(spare, state.spare)) problems.push("spare counters disagree with a recount");
  if (!same(leased, state.leased)) problems.push("leased counters disagree with a recount");
  if (!same(classNodes, state.classNodes)) problems.push("owner class totals disagree with a recount");
  const sameMap = (a: Map<number, number>, b: Map<number, number>) =>
    a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  if (!sameMap(tenantLeased, state.tenantLeased))
    problems.push("per-tenant leased counters disagree with a recount");
  if (!sameMap(tenantClaimed, state.tenantClaimed)) problems.push("isolation claims disagree with a recount");
  let committedKw = 0;
  state.leases.forEach((lease, slot) => {
    if (!lease) return;
    if (lease.nodes.some((i) => at(owner, i) !== slot))
      problems.push(`lease ${lease.leaseId} lists a node it does not own`);
    let requestedKw = 0;
    index.models.forEach((_, m) => {
      const held = lease.nodes.filter((i) => at(index.nodeModel, i) === m).length;
      if (held !== at(lease.heldNodes, m)) problems.push(`lease ${lease.leaseId} held count is stale`);
      if (held > at(lease.requestedNodes, m))
        problems.push(`lease ${lease.leaseId} holds more than it asked for`);
      requestedKw += nodesKw(index, m, at(lease.requestedNodes, m));
    });
    if (Math.abs(requestedKw - lease.committedKw) > 1e-6)
      problems.push(`lease ${lease.leaseId} commits the wrong power`);
    committedKw += lease.committedKw;
  });
  for (const [key] of tenantClaimed) {
    const { domain, tenant } = splitTenantKey(key);
    const others = [...(tenantsIn.get(domain) ?? [])].filter((t) => t !== tenant);
    if (others.length > 0)
      problems.push(`tenant ${tenant} isolates domain ${domain} but shares it with ${others}`);
  }
  if (Math.abs(committedKw - state.committedKw) > 1e-3)
    problems.push("committed power disagrees with the leases");
  if (state.committedKw > index.permittedMw * 1000 + 1e-6) problems.push("leases exceed the permitted power");
  for (const account of accountSite(state)) {
    if (!account.balanced) problems.push(`${account.gpuModel}: house + spare + leased + unassigned ≠ site`);
  }
  return problems;
}
