/**
 * Authentication and access policy. Every /v1 route is declared through `operatorRoute` or
 * `tenantRoute`: the declaration both documents who may call it (`x-leasehold-access` in
 * OpenAPI) and installs the check, so no route can exist without a policy.
 * @module
 */

import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AccessService } from "../app/access-service.js";
import { LeaseholdError } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";
import { type KeyedBuckets, rateLimited } from "./request-limits.js";

/** The client's address as the socket saw it (a proxy in front is one client); "local" in-process. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "local";
  }
}

/**
 * Reads `Authorization: Bearer <key>` (or `X-Api-Key`) and puts the principal on the context. A
 * client whose failed attempts used up `failures` gets 429 until its bucket refills, whatever key
 * it sends, so keys cannot be guessed at speed.
 */
export function authenticate(access: AccessService, failures: KeyedBuckets): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const client = clientAddress(c);
    const blocked = failures.exhausted(client);
    if (blocked.exhausted) throw rateLimited(c, failures, blocked.retryAfterS);
    const header = c.req.header("authorization");
    const key = header?.startsWith("Bearer ") ? header.slice(7).trim() : c.req.header("x-api-key");
    if (!key) {
      failures.take(client);
      throw new LeaseholdError("UNAUTHENTICATED", "missing API key: send Authorization: Bearer <key>");
    }
    const principal = await access.authenticate(key);
    if (!principal) {
      failures.take(client);
      throw new LeaseholdError("UNAUTHENTICATED", "API key is unknown or revoked");
    }
    c.set("principal", principal);
    await next();
  };
}

/** Limits a costly route per API key: 429 with `retry-after` once the key's bucket is empty. */
export function perKeyLimit(buckets: KeyedBuckets): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const answer = buckets.take(c.get("principal").keyId);
    if (!answer.granted) throw rateLimited(c, buckets, answer.retryAfterS);
    await next();
  };
}

export const requireOperator: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("principal").role !== "operator") {
    throw new LeaseholdError("FORBIDDEN", `${c.req.method} ${c.req.routePath} needs an operator key`);
  }
  await next();
};

type RouteConfig = Parameters<typeof createRoute>[0];

/** A route only operators may call. */
export function operatorRoute<R extends RouteConfig>(config: R) {
  return createRoute({
    ...config,
    security: [{ bearerAuth: [] }],
    middleware: [requireOperator],
    "x-leasehold-access": "operator",
  } as R);
}

/** A route tenants may call too; its handler must scope reads and writes with `tenantScope`. */
export function tenantRoute<R extends RouteConfig>(config: R) {
  return createRoute({ ...config, security: [{ bearerAuth: [] }], "x-leasehold-access": "tenant" } as R);
}
