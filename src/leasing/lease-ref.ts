/**
 * How a person names a lease: by id, by its name when that is unambiguous, or as `tenant/name`
 * (names are unique per tenant, so two tenants may both have `rent-half`).
 * @module
 */
import { closestNames } from "../shared/did-you-mean.js";

/** `frontier-lab/rent-half`: the one reference to a lease that is unambiguous for any key. */
export function qualifiedLeaseName(tenantName: string, leaseName: string): string {
  return `${tenantName}/${leaseName}`;
}

/**
 * The references to suggest for a misspelled `ref` among the leases the asker may see: bare names
 * for a bare reference (qualified where two tenants share the name, so the suggestion resolves),
 * `tenant/name` for a qualified one. Closest first.
 */
export function leaseSuggestions(
  ref: string,
  leases: readonly { name: string; tenantName: string }[],
): string[] {
  if (ref.includes("/")) {
    return closestNames(
      ref,
      leases.map((l) => qualifiedLeaseName(l.tenantName, l.name)),
    );
  }
  return closestNames(
    ref,
    leases.map((l) => l.name),
  ).flatMap((name) => {
    const owners = leases.filter((l) => l.name === name);
    return owners.length === 1 ? [name] : owners.map((l) => qualifiedLeaseName(l.tenantName, name));
  });
}
