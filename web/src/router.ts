/**
 * Hash routes: `#/` is the fleet, `#/sites/{name}` one site.
 * @module
 */

export type Route = { page: "fleet" } | { page: "site"; site: string } | { page: "not-found"; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "");
  if (path === "" || path === "/") return { page: "fleet" };
  const site = /^\/sites\/([^/]+)$/.exec(path);
  if (site?.[1]) return { page: "site", site: decodeURIComponent(site[1]) };
  return { page: "not-found", hash };
}

export function fleetHref(): string {
  return "#/";
}

export function siteHref(site: string): string {
  return `#/sites/${encodeURIComponent(site)}`;
}
