/**
 * The usage-limit endpoints the dashboard calls, typed by the contract.
 * @module
 */
import { payload } from "../../src/contract/client.js";
import type { LimitDecisions, LimitSet, LimitSetWithDiff } from "../../src/contract/generated/api.js";
import { type ApiClient, ApiError } from "./api-client.js";

/** The set in force with its diff, or undefined when the tenant has published none. */
export async function currentLimitSet(api: ApiClient, tenant: string): Promise<LimitSetWithDiff | undefined> {
  try {
    return await payload(
      api.GET("/v1/tenants/{tenant}/limit-sets/{version}", {
        params: { path: { tenant, version: "current" } },
      }),
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === "LIMIT_SET_NOT_FOUND") return undefined;
    throw error;
  }
}

/** The tenant's newest sets (at most 20), oldest first. */
export async function recentLimitSets(api: ApiClient, tenant: string): Promise<LimitSet[]> {
  const page = await payload(
    api.GET("/v1/tenants/{tenant}/limit-sets", { params: { path: { tenant }, query: { limit: 20 } } }),
  );
  return [...page.sets].reverse();
}

/** Granted and denied checks per minute over the last hour, for one tenant. */
export async function limitDecisions(api: ApiClient, tenant: string): Promise<LimitDecisions> {
  return payload(api.GET("/v1/limits/decisions", { params: { query: { tenant } } }));
}
