/**
 * Authentication and access policy. Every /v1 route is declared through `operatorRoute` or
 * `tenantRoute`: the declaration both documents who may call it (`x-leasehold-access` in
 * OpenAPI) and installs the check, so no route can exist without a policy. `publicRoute`
 * declares the few routes outside /v1 that need no key.
 * @module
 */

import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Principal } from "../access/principal.js";
import type { AccessService } from "../app/access-service.js";
import { LeaseholdError } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";
import { type KeyedBuckets, rateLimited } from "./request-limits.js";
import { type ErrorStatus, errorResponses } from "./schemas.js";
import { declaredQueryNames, strictQuery } from "./strict-query.js";

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

/** Lets through only the roles `access` admits: a checker or agent key reaches nothing else. */
function requireRoles(access: RouteAccess): MiddlewareHandler<AppEnv> {
  const admitted = ROUTE_ROLES[access];
  return async (c, next) => {
    const role = c.get("principal").role;
    if (!admitted.includes(role)) {
      throw new LeaseholdError(
        "FORBIDDEN",
        `${c.req.method} ${c.req.routePath} needs ${ROUTE_KEY_NAMES[access]}; this key is a ${role} key`,
      );
    }
    await next();
  };
}

/** Who may call a route of each access, besides operators where listed. */
type RouteAccess = "tenant" | "checker" | "agent";
const ROUTE_ROLES: Record<RouteAccess, readonly Principal["role"][]> = {
  tenant: ["operator", "tenant"],
  checker: ["operator", "tenant", "checker"],
  agent: ["agent"],
};
const ROUTE_KEY_NAMES: Record<RouteAccess, string> = {
  tenant: "an operator or tenant key",
  checker: "an operator, tenant or checker key",
  agent: "a node's agent key",
};

type RouteConfig = Parameters<typeof createRoute>[0];

/**
 * The error responses every route of this access gives besides its own (404s, 409s): 400 for a
 * query parameter it does not declare (and for bad parameters, queries and bodies), 401 on a /v1
 * route, and 429 once a client's failed sign-ins or a key's quota of a costly route ran out,
 * 403 when it needs an operator key, 413 and 415 when it reads a body or writes, and on a POST the
 * Idempotency-Key answers (400 for a malformed key, 409 while its first request runs, 422 when it
 * came with another request).
 */
function withImpliedErrors<R extends RouteConfig>(config: R, access: "operator" | RouteAccess | "public"): R {
  const request = config.request;
  const statuses: ErrorStatus[] = [400];
  if (access !== "public") statuses.push(401, 403, 429);
  // A write refuses a body that is not JSON (or too large) even where it reads none.
  const writes = config.method === "post" || config.method === "patch" || config.method === "put";
  if (request?.body || writes) statuses.push(413, 415);
  if (config.method === "post") statuses.push(409, 422);
  return { ...config, responses: { ...errorResponses(...statuses), ...config.responses } };
}

/**
 * A stable operationId from the method and path when the route names none, for code generators
 * and API consoles: `GET /v1/sites/{site}/nodes` → `getV1SitesSiteNodes`.
 */
function withOperationId<R extends RouteConfig>(config: R): R {
  if (config.operationId) return config;
  const words = config.path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return { ...config, operationId: `${config.method}${words.join("")}` };
}

/** Refuses the query parameters `config` does not declare, before anything else reads the request. */
function queryGuard(config: RouteConfig): MiddlewareHandler<AppEnv> {
  return strictQuery(declaredQueryNames(config.request?.query));
}

/** A route only operators may call. */
export function operatorRoute<R extends RouteConfig>(config: R) {
  return createRoute({
    ...withImpliedErrors(withOperationId(config), "operator"),
    security: [{ bearerAuth: [] }],
    middleware: [requireOperator, queryGuard(config)],
    "x-leasehold-access": "operator",
  } as R);
}

/** A route tenants may call too; its handler must scope reads and writes with `tenantScope`. */
export function tenantRoute<R extends RouteConfig>(config: R) {
  return keyedRoute(config, "tenant");
}

/**
 * A route a tenant's checker key may call besides tenant and operator keys (checking and settling
 * usage limits); its handler must scope with `tenantScope`, which gives a checker its tenant.
 */
export function checkerRoute<R extends RouteConfig>(config: R) {
  return keyedRoute(config, "checker");
}

/** A route only a node's agent may call (reporting); the handler checks the node is the key's own. */
export function agentRoute<R extends RouteConfig>(config: R) {
  return keyedRoute(config, "agent");
}

function keyedRoute<R extends RouteConfig>(config: R, access: RouteAccess) {
  return createRoute({
    ...withImpliedErrors(withOperationId(config), access),
    security: [{ bearerAuth: [] }],
    middleware: [requireRoles(access), queryGuard(config)],
    "x-leasehold-access": access,
  } as R);
}

/** A route anyone may call without a key: health and the API's own description. */
export function publicRoute<R extends RouteConfig>(config: R) {
  return createRoute({
    ...withImpliedErrors(withOperationId(config), "public"),
    security: [],
    middleware: [queryGuard(config)],
    "x-leasehold-access": "public",
  } as R);
}
