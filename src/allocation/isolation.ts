/** Tenant isolation: which topology domains a tenant's lease may share with other tenants. */
import type { AllocationState } from "./allocation-state.js";
import type { FleetIndex } from "./fleet-index.js";
import { at } from "./node-codes.js";

/** `node`: nodes are never shared, domains may be; `rack`/`block`: no other tenant in the lease's racks/blocks; `site`: single tenant of the whole site. */
export const ISOLATIONS = ["node", "rack", "block", "site"] as const;
export type Isolation = (typeof ISOLATIONS)[number];

/** The domain level an isolation keeps to one tenant, or -1 for `node` (no domain is kept). */
export function isolationLevel(index: FleetIndex, isolation: Isolation): number {
  switch (isolation) {
    case "node":
      return -1;
    case "rack":
      return index.rackDepth;
    case "block":
      return index.blockDepth;
    case "site":
      return 0;
  }
}

/** Room for 2^21 tenants per site in the (domain, tenant) keys below. */
const TENANT_SPACE = 2_097_152;

/** The key of a (domain, tenant) pair in the per-tenant counter maps. */
export function tenantKey(domain: number, tenant: number): number {
  return domain * TENANT_SPACE + tenant;
}

/** The (domain, tenant) pair of a key from `tenantKey`. */
export function splitTenantKey(key: number): { domain: number; tenant: number } {
  return { domain: Math.floor(key / TENANT_SPACE), tenant: key % TENANT_SPACE };
}

/**
 * True when tenant `tenant`, placing with isolation level `level`, may not use domain `d` itself
 * (ancestors are checked separately): another tenant's isolated lease holds nodes in `d` at its own
 * isolation level, or `d` is at `level` and holds any other tenant's node. Isolation is symmetric:
 * two tenants never share a domain at the coarser of their two isolation levels.
 */
export function isBlocked(state: AllocationState, d: number, tenant: number, level: number): boolean {
  const claimed = at(state.claimed, d);
  if (claimed > 0 && claimed - (state.tenantClaimed.get(tenantKey(d, tenant)) ?? 0) > 0) return true;
  if (level < 0 || at(state.index.domains.level, d) !== level) return false;
  const leased = at(state.leased, d);
  return leased > 0 && leased - (state.tenantLeased.get(tenantKey(d, tenant)) ?? 0) > 0;
}
