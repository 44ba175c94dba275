/**
 * Hash routes: `#/` is the fleet, `#/sites/{name}` one site, `#/leases` every lease, and one lease
 * at `#/leases/{ref}`: its id, its name, or `{tenant}/{name}` (names are unique per tenant only);
 * `#/economics` the owner's economics of the first site, `#/economics/{site}` of one site.
 * `#/portfolio/{tenant}` a tenant's portfolio.
 * @module
 */

export type Route =
  | { page: "fleet" }
  | { page: "site"; site: string }
  | { page: "leases" }
  | { page: "lease"; lease: string }
  | { page: "limits"; tenant?: string }
  | { page: "economics"; site: string | undefined }
  | { page: "portfolio"; tenant?: string }
  | { page: "not-found"; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  if (path === "" || path === "/") return { page: "fleet" };
  const site = /^\/sites\/([^/]+)$/.exec(path);
  if (site?.[1]) return { page: "site", site: decodeURIComponent(site[1]) };
  if (path === "/leases") return { page: "leases" };
  if (path === "/limits") return { page: "limits" };
  const limits = /^\/limits\/([^/]+)$/.exec(path);
  if (limits?.[1]) return { page: "limits", tenant: decodeURIComponent(limits[1]) };
  if (path === "/economics") return { page: "economics", site: undefined };
  const economics = /^\/economics\/([^/]+)$/.exec(path);
  if (economics?.[1]) return { page: "economics", site: decodeURIComponent(economics[1]) };
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

/** The usage-limits page, of one tenant when named. */
export function limitsHref(tenant?: string): string {
  return tenant ? `#/limits/${encodeURIComponent(tenant)}` : "#/limits";
}

export function leasesHref(): string {
  return "#/leases";
}

/** The URL of a lease by reference; `tenant/name` keeps its slash, so the URL reads as it is typed. */
export function leaseHref(lease: string): string {
  return `#/leases/${lease.split("/").map(encodeURIComponent).join("/")}`;
}

/** The owner's economics of `site` (the first site when absent). */
export function economicsHref(site?: string): string {
  return site ? `#/economics/${encodeURIComponent(site)}` : "#/economics";
}

/** A tenant's portfolio; without a tenant, the first. */
export function portfolioHref(tenant?: string): string {
  return tenant ? `#/portfolio/${encodeURIComponent(tenant)}` : "#/portfolio";
}
