/**
 * The dashboard's client of the Leasehold API: the shared typed client (src/contract) on the origin
 * that served the page, with the server's error answers as ApiError.
 * @module
 */
import { createLeaseholdApi, type LeaseholdApi } from "../../src/contract/client.js";

/** An API error body turned into an exception: `status` is the HTTP status, `code` the API's code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** Per-field problems of a refused request, when the API gave them. */
    readonly issues: Array<{ field?: string; message: string }> = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type ApiClient = LeaseholdApi;

/** A client that sends `key` as a bearer token to the same origin that served the dashboard. */
export function createApiClient(key: string): ApiClient {
  return createLeaseholdApi({
    baseUrl: "",
    apiKey: key,
    onErrorAnswer: (a) => new ApiError(a.status, a.code, a.message, a.requestId, a.issues),
  });
}
