/**
 * Authentication and access policy. Every /v1 route is declared through `operatorRoute` or
 * `tenantRoute`: the declaration both documents who may call it (`x-leasehold-access` in
 * OpenAPI) and installs the check, so no route can exist without a policy.
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AccessService } from "../app/access-service.js";
import { LeaseholdError } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";

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
