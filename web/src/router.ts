/**
 * Hash routes: `#/` is the fleet, `#/sites/{name}` one site, `#/leases` every lease, and one lease
 * at `#/leases/{ref}`: its id, its name, or `{tenant}/{name}` (names are unique per tenant only);
 * `#/portfolio/{tenant}` a tenant's portfolio.
 * @module
 */

export type Route =
  | { page: "fleet" }
  | { page: "site"; site: string }
  | { page: "leases" }
  | { page: "lease"; lease: string }
  | { page: "portfolio"; tenant?: string }
  | { page: "not-found"; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  if (path === "" || path === "/") return { page: "fleet" };
  const site = /^\/sites\/([^/]+)$/.exec(path);
  if (site?.[1]) return { page: "site", site: decodeURIComponent(site[1]) };
  if (path === "/leases") return { page: "leases" };
  if (path === "/portfolio") return { page: "portfolio" };
  const portfolio = /^\/portfolio\/([^/]+)$/.exec(path);
  if (portfolio?.[1]) return { page: "portfolio", tenant: decodeURIComponent(portfolio[1]) };
  const lease = /^\/leases\/([^/]+(?:\/[^/]+)?)$/.exec(path);
  if (lease?.[1]) return { page: "lease", lease: lease[1].split("/").map(decodeURIComponent).join("/") };
  return { page: "not-found", hash };
}

export function fleetHref(): string {
  return "#/";
}

export function siteHref(site: string): string {
  return `#/sites/${encodeURIComponent(site)}`;
}

export function leasesHref(): string {
  return "#/leases";
}

/** The URL of a lease by reference; `tenant/name` keeps its slash, so the URL reads as it is typed. */
export function leaseHref(lease: string): string {
  return `#/leases/${lease.split("/").map(encodeURIComponent).join("/")}`;
}

/** A tenant's portfolio; without a tenant, the first. */
export function portfolioHref(tenant?: string): string {
  return tenant ? `#/portfolio/${encodeURIComponent(tenant)}` : "#/portfolio";
}
