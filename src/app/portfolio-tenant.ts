/**
 * The tenant whose portfolio a request reads or changes: named in the path, resolved through the
 * caller's scope (a tenant key reaches its own only; an operator acts for the tenant it names),
 * with the tenant's leases as the portfolio sees them.
 * @module
 */
import { type Principal, tenantScope } from "../access/principal.js";
import type { Lease } from "../leasing/lease.js";
import { type LinkedLease, linkedLease } from "../portfolio/linked-lease.js";
import { findTenant, type Tenant } from "../store/access-repository.js";
import { listLeases } from "../store/lease-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { tenantNotFound } from "./not-found.js";

/** The tenant `ref` names, if `by` may act for it; else TENANT_NOT_FOUND, as if it did not exist. */
export async function portfolioTenant(db: SqlClient, by: Principal, ref: string): Promise<Tenant> {
  const tenant = await findTenant(db, tenantScope(by), ref);
  if (!tenant) throw await tenantNotFound(db, tenantScope(by), ref);
  return tenant;
}

/** The tenant's leases, and each as a deal sees it, by lease id. */
export async function tenantLeases(
  db: SqlClient,
  tenantId: string,
): Promise<{ leases: Lease[]; linked: Map<string, LinkedLease> }> {
  const leases = await listLeases(db, { tenantId });
  return { leases, linked: new Map(leases.map((l) => [l.id, linkedLease(l)])) };
}
