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

/** `tenant/lease` for each of `ids` found in `leases`, in the order of `ids`. */
export async function leaseLabels(db: SqlClient, leases: readonly Lease[], ids: readonly string[]) {
  const byId = new Map(leases.map((l) => [l.id, l]));
  const tenants = new Map((await listTenants(db, { tenantId: null })).map((t) => [t.id, t.name]));
  return ids.flatMap((id) => {
    const lease = byId.get(id);
    return lease ? [`${tenants.get(lease.tenantId) ?? lease.tenantId}/${lease.name}`] : [];
  });
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
  const labels = await leaseLabels(db, leases, ids);
  if (labels.length === 0) return rest;
  const shown = labels.slice(0, 3).join(", ");
  const more = labels.length > 3 ? ` and ${labels.length - 3} more` : "";
  return { ...rest, message: `${rest.message} (kept by ${shown}${more})` };
}

export type NamedRefusal = Omit<FieldIssue, "field"> & { field?: string };
