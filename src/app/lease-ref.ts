/**
 * Resolves a lease reference (id, name, or `tenant/name`) in the caller's scope: the one lease it
 * means, or LEASE_NOT_FOUND with the closest names, or LEASE_AMBIGUOUS listing every lease a bare
 * name may mean as `tenant/name`. A tenant's scope holds its own leases only, so another tenant's
 * lease never makes its names ambiguous, nor shows up as a suggestion.
 * @module
 */
import type { TenantScope } from "../access/principal.js";
import type { Lease } from "../leasing/lease.js";
import { leaseSuggestions, qualifiedLeaseName } from "../leasing/lease-ref.js";
import { suggestionHint } from "../shared/did-you-mean.js";
import { LeaseholdError } from "../shared/errors.js";
import { leaseNames, leasesByRef } from "../store/lease-repository.js";
import type { SqlClient } from "../store/sql-client.js";

export async function resolveLease(db: SqlClient, scope: TenantScope, ref: string): Promise<Lease> {
  const matches = await leasesByRef(db, scope, ref);
  const only = matches.length === 1 ? matches[0] : matches.find((m) => m.lease.id === ref);
  if (only) return only.lease;
  if (matches.length > 1) {
    const candidates = matches.map((m) => qualifiedLeaseName(m.tenantName, m.lease.name));
    throw new LeaseholdError(
      "LEASE_AMBIGUOUS",
      `lease name ${ref} is used by ${matches.length} tenants: name one of ${candidates.join(", ")}`,
      [],
      candidates,
    );
  }
  const hint = suggestionHint(leaseSuggestions(ref, await leaseNames(db, scope)));
  throw new LeaseholdError("LEASE_NOT_FOUND", `no lease with id or name ${ref}${hint}`);
}
