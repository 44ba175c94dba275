/**
 * Not-found errors for sites and tenants that suggest the closest names the caller may see: every
 * site (only operator keys reach a site by name), and the tenants in the caller's scope (a tenant
 * key sees its own only, so another tenant's name is never suggested to it).
 * @module
 */
import type { TenantScope } from "../access/principal.js";
import { didYouMean } from "../shared/did-you-mean.js";
import { type FieldIssue, LeaseholdError } from "../shared/errors.js";
import { listTenants } from "../store/access-repository.js";
import { listSites } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";

/** SITE_NOT_FOUND for `ref`, with the closest site names. */
export async function siteNotFound(
  db: SqlClient,
  ref: string,
  issues: FieldIssue[] = [],
): Promise<LeaseholdError> {
  const hint = didYouMean(
    ref,
    (await listSites(db)).map((s) => s.name),
  );
  return new LeaseholdError("SITE_NOT_FOUND", `no site with id or name ${ref}${hint}`, issues);
}

/** TENANT_NOT_FOUND for `ref`, with the closest tenant names in the scope. */
export async function tenantNotFound(
  db: SqlClient,
  scope: TenantScope,
  ref: string,
  issues: FieldIssue[] = [],
): Promise<LeaseholdError> {
  const hint = didYouMean(
    ref,
    (await listTenants(db, scope)).map((t) => t.name),
  );
  return new LeaseholdError("TENANT_NOT_FOUND", `no tenant with id or name ${ref}${hint}`, issues);
}
