/**
 * Authentication and access policy. Every /v1 route is declared through `operatorRoute` or
 * `tenantRoute`: the declaration both documents who may call it (`x-leasehold-access` in
 * OpenAPI) and installs the check, so no route can exist without a policy. `publicRoute`
 * declares the few routes outside /v1 that need no key.
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AccessService } from "../app/access-service.js";
import { LeaseholdError } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";
import { type ErrorStatus, errorResponses } from "./schemas.js";

/** Reads `Authorization: Bearer <key>` (or `X-Api-Key`) and puts the principal on the context. */
export function authenticate(access: AccessService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    const key = header?.startsWith("Bearer ") ? header.slice(7).trim() : c.req.header("x-api-key");
    if (!key) {
      throw new LeaseholdError("UNAUTHENTICATED", "missing API key: send Authorization: Bearer <key>");
    }
    const principal = await access.authenticate(key);
    if (!principal) throw new LeaseholdError("UNAUTHENTICATED", "API key is unknown or revoked");
    c.set("principal", principal);
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

/**
 * The error responses every route of this access gives besides its own (404s, 409s): 401 on a
 * /v1 route, 403 when it needs an operator key, 400 when it reads parameters, a query or a body,
 * and 413 and 415 when it reads a body.
 */
function withImpliedErrors<R extends RouteConfig>(config: R, access: "operator" | "tenant"): R {
  const request = config.request;
  const statuses: ErrorStatus[] = [401];
  if (access === "operator") statuses.push(403);
  if (request?.params || request?.query || request?.body) statuses.push(400);
  if (request?.body) statuses.push(413, 415);
  return { ...config, responses: { ...errorResponses(...statuses), ...config.responses } };
}

/** A route only operators may call. */
export function operatorRoute<R extends RouteConfig>(config: R) {
  return createRoute({
    ...withImpliedErrors(config, "operator"),
    security: [{ bearerAuth: [] }],
    middleware: [requireOperator],
    "x-leasehold-access": "operator",
  } as R);
}

/** A route tenants may call too; its handler must scope reads and writes with `tenantScope`. */
export function tenantRoute<R extends RouteConfig>(config: R) {
  return createRoute({
    ...withImpliedErrors(config, "tenant"),
    security: [{ bearerAuth: [] }],
    "x-leasehold-access": "tenant",
  } as R);
}

/** A route anyone may call without a key: health and the API's own description. */
export function publicRoute<R extends RouteConfig>(config: R) {
  return createRoute({ ...config, "x-leasehold-access": "public" } as R);
}
