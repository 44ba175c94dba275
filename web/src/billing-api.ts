/**
 * The usage and invoice endpoints the lease page calls, typed by the contract.
 * @module
 */
import { payload } from "../../src/contract/client.js";
import type { components } from "../../src/contract/generated/api.js";
import type { ApiClient } from "./api-client.js";

export type LeaseUsage = components["schemas"]["LeaseUsage"];
export type InvoiceDocument = components["schemas"]["InvoiceDocument"];

/** The lease's month (this month when `month` is absent), hour by hour, with downtime and availability. */
export function leaseUsage(api: ApiClient, lease: string, month?: string): Promise<LeaseUsage> {
  return payload(
    api.GET("/v1/leases/{lease}/usage", { params: { path: { lease }, query: month ? { month } : {} } }),
  );
}

/** The lease's invoices and notes, oldest first (up to 1,000: eighty years of months). */
export async function leaseInvoices(api: ApiClient, lease: string): Promise<InvoiceDocument[]> {
  return (await payload(api.GET("/v1/invoices", { params: { query: { lease, limit: 1000 } } }))).invoices;
}
