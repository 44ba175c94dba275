/**
 * The lease, tenant and allocation endpoints the dashboard calls, typed.
 * @module
 */
import type { ApiClient } from "./api-client.js";
import type {
  AllocationMap,
  LeaseAllocation,
  LeaseHistory,
  LeaseQuote,
  LeaseRequest,
  LeaseView,
  SiteAvailability,
  Tenant,
} from "./lease-types.js";

const seg = encodeURIComponent;

export async function listLeases(api: ApiClient): Promise<LeaseView[]> {
  return (await api.get<{ leases: LeaseView[] }>("/v1/leases")).leases;
}

export async function getLease(api: ApiClient, lease: string): Promise<LeaseView> {
  return (await api.get<{ lease: LeaseView }>(`/v1/leases/${seg(lease)}`)).lease;
}

export function leaseAllocation(api: ApiClient, lease: string): Promise<LeaseAllocation> {
  return api.get<LeaseAllocation>(`/v1/leases/${seg(lease)}/allocation`);
}

export function leaseHistory(api: ApiClient, lease: string): Promise<LeaseHistory> {
  return api.get<LeaseHistory>(`/v1/leases/${seg(lease)}/history`);
}

export function quoteLease(api: ApiClient, request: LeaseRequest): Promise<LeaseQuote> {
  return api.post<LeaseQuote>("/v1/leases/quote", request);
}

/** Creates the lease and reserves its capacity in one step. */
export async function reserveLease(api: ApiClient, request: LeaseRequest): Promise<LeaseView> {
  return (await api.post<{ lease: LeaseView }>("/v1/leases?reserve=true", request)).lease;
}

export async function cancelLease(api: ApiClient, lease: string, reason: string): Promise<LeaseView> {
  return (await api.post<{ lease: LeaseView }>(`/v1/leases/${seg(lease)}/cancel`, { reason })).lease;
}

export async function giveNotice(
  api: ApiClient,
  lease: string,
  request: { endsAt?: string; reason: string },
): Promise<LeaseView> {
  return (await api.post<{ lease: LeaseView }>(`/v1/leases/${seg(lease)}/notice`, request)).lease;
}

export function allocationMap(api: ApiClient, site: string): Promise<AllocationMap> {
  return api.get<AllocationMap>(`/v1/sites/${seg(site)}/allocation-map`);
}

export function siteAvailability(api: ApiClient, site: string): Promise<SiteAvailability> {
  return api.get<SiteAvailability>(`/v1/sites/${seg(site)}/availability`);
}

export async function listTenants(api: ApiClient): Promise<Tenant[]> {
  return (await api.get<{ tenants: Tenant[] }>("/v1/tenants")).tenants;
}

export async function createTenant(api: ApiClient, name: string): Promise<Tenant> {
  return (await api.post<{ tenant: Tenant }>("/v1/tenants", { name })).tenant;
}
