/**
 * The lease, tenant and allocation endpoints the dashboard calls, typed by the contract; listings
 * of everything follow the cursors across pages.
 * @module
 */
import { payload } from "../../src/contract/client.js";
import type {
  AllocationMap,
  Lease,
  LeaseAllocation,
  LeasedGpus,
  LeaseHistory,
  LeaseRequest,
  Quote,
  Tenant,
} from "../../src/contract/generated/api.js";
import { everyPage, LARGEST_PAGE } from "../../src/contract/pages.js";
import type { ApiClient } from "./api-client.js";
import type { LeaseTemplateId } from "./lease-templates.js";

const leasePath = (lease: string) => ({ params: { path: { lease } } });

/** The query of one page of a listing followed to its end: the largest page, from `cursor`. */
const largestPage = (cursor: string | undefined) => ({ params: { query: { limit: LARGEST_PAGE, cursor } } });

export async function listLeases(api: ApiClient): Promise<Lease[]> {
  return (await everyPage("leases", (cursor) => payload(api.GET("/v1/leases", largestPage(cursor))))).leases;
}

/** GPUs under lease now and at the peak from now on, as the server counts them. */
export function leasedGpus(api: ApiClient): Promise<LeasedGpus> {
  return payload(api.GET("/v1/leased-gpus"));
}

export async function getLease(api: ApiClient, lease: string): Promise<Lease> {
  return (await payload(api.GET("/v1/leases/{lease}", leasePath(lease)))).lease;
}

export function leaseAllocation(api: ApiClient, lease: string): Promise<LeaseAllocation> {
  return payload(api.GET("/v1/leases/{lease}/allocation", leasePath(lease)));
}

export function leaseHistory(api: ApiClient, lease: string): Promise<LeaseHistory> {
  return payload(api.GET("/v1/leases/{lease}/history", leasePath(lease)));
}

/** A seed scenario as a ready request, sized by the server from what the site can lease. */
export function leaseTemplate(
  api: ApiClient,
  site: string,
  template: LeaseTemplateId,
  query: { tenant: string; name: string },
): Promise<LeaseRequest> {
  return payload(
    api.GET("/v1/sites/{site}/lease-templates/{template}", { params: { path: { site, template }, query } }),
  );
}

export function quoteLease(api: ApiClient, request: LeaseRequest): Promise<Quote> {
  return payload(api.POST("/v1/leases/quote", { body: request }));
}

/** Creates the lease and reserves its capacity in one step. */
export async function reserveLease(api: ApiClient, request: LeaseRequest): Promise<Lease> {
  const answer = await payload(
    api.POST("/v1/leases", { params: { query: { reserve: "true" } }, body: request }),
  );
  return answer.lease;
}

export async function cancelLease(api: ApiClient, lease: string, reason: string): Promise<Lease> {
  return (await payload(api.POST("/v1/leases/{lease}/cancel", { ...leasePath(lease), body: { reason } })))
    .lease;
}

export async function giveNotice(
  api: ApiClient,
  lease: string,
  request: { endsAt?: string; reason: string },
): Promise<Lease> {
  return (await payload(api.POST("/v1/leases/{lease}/notice", { ...leasePath(lease), body: request }))).lease;
}

/** The site's allocation map; with `path`, also who holds each node under that path. */
export function allocationMap(api: ApiClient, site: string, path?: string): Promise<AllocationMap> {
  const query = path ? { path } : {};
  return payload(api.GET("/v1/sites/{site}/allocation-map", { params: { path: { site }, query } }));
}

export async function listTenants(api: ApiClient): Promise<Tenant[]> {
  return (await everyPage("tenants", (cursor) => payload(api.GET("/v1/tenants", largestPage(cursor)))))
    .tenants;
}

export async function createTenant(api: ApiClient, name: string): Promise<Tenant> {
  return (await payload(api.POST("/v1/tenants", { body: { name } }))).tenant;
}
