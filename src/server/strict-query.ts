/**
 * Unknown query parameters are refused on every route, from the route's declared query schema:
 * a misspelled `limt=10` or `stauts=active` answers 400 instead of being silently ignored.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { LeaseholdError } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";

/** The parameter names a route's query schema declares (none when it declares no query). */
export function declaredQueryNames(schema: unknown): string[] {
  if (schema && typeof schema === "object" && "shape" in schema) {
    return Object.keys((schema as { shape: Record<string, unknown> }).shape);
  }
  return [];
}

/** Refuses a request whose query string names a parameter outside `allowed`. */
export function strictQuery(allowed: readonly string[]): MiddlewareHandler<AppEnv> {
  const known = new Set(allowed);
  const bound = allowed.length ? `one of ${allowed.join("|")}` : "no query parameters";
  return async (c, next) => {
    for (const name of new URL(c.req.url).searchParams.keys()) {
      if (!known.has(name)) {
        throw new LeaseholdError(
          "UNKNOWN_QUERY_PARAMETER",
          `unknown query parameter "${name}" on ${c.req.method} ${c.req.routePath} (${bound})`,
          [{ field: name, message: "unknown query parameter", bound }],
        );
      }
    }
    await next();
  };
}
