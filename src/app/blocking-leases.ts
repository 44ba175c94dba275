/**
 * Refusals that name the leases in their way: an operator reads which lease of which tenant keeps
 * the capacity (`tenant/lease`); a tenant reads only that another tenant's lease does.
 * @module
 */
import type { Principal } from "../access/principal.js";
import type { Lease } from "../leasing/lease.js";
import type { FieldIssue } from "../shared/errors.js";
import { listTenants } from "../store/access-repository.js";
import type { SqlClient } from "../store/sql-client.js";

/** Each of `leases` as `tenant/lease`, by id. */
export async function leaseLabels(db: SqlClient, leases: readonly Lease[]): Promise<Map<string, string>> {
  const tenants = new Map((await listTenants(db, { tenantId: null })).map((t) => [t.id, t.name]));
  return new Map(leases.map((l) => [l.id, `${tenants.get(l.tenantId) ?? l.tenantId}/${l.name}`]));
}

/**
 * A refusal with the leases that block it named for `viewer` (at most three, then a count), and
 * without the ids it carried.
 */
export async function withBlockersNamed<T extends { message: string; blockingLeaseIds?: string[] }>(
  db: SqlClient,
  viewer: Principal,
  leases: readonly Lease[],
  refusal: T,
): Promise<Omit<T, "blockingLeaseIds">> {
  const { blockingLeaseIds: ids, ...rest } = refusal;
  if (!ids?.length) return rest;
  if (viewer.role === "tenant")
    return { ...rest, message: `${rest.message} (kept by another tenant's lease)` };
  const byId = await leaseLabels(db, leases);
  const labels = ids.flatMap((id) => byId.get(id) ?? []);
  if (labels.length === 0) return rest;
  const shown = labels.slice(0, 3).join(", ");
  const more = labels.length > 3 ? ` and ${labels.length - 3} more` : "";
  return { ...rest, message: `${rest.message} (kept by ${shown}${more})` };
}

export type NamedRefusal = Omit<FieldIssue, "field"> & { field?: string };
