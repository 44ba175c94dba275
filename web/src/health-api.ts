/**
 * The health endpoints the dashboard calls: a site's live health and its measured power by hour.
 * @module
 */
import { payload } from "../../src/contract/client.js";
import type { PowerHistory, SiteHealth } from "../../src/contract/generated/api.js";
import type { ApiClient } from "./api-client.js";

export function siteHealth(api: ApiClient, site: string): Promise<SiteHealth> {
  return payload(api.GET("/v1/sites/{site}/health", { params: { path: { site } } }));
}

export function powerHistory(api: ApiClient, site: string, hours = 48): Promise<PowerHistory> {
  return payload(api.GET("/v1/sites/{site}/power-history", { params: { path: { site }, query: { hours } } }));
}
