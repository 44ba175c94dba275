/**
 * The HTTP application: middleware (request id, metrics, limits, auth), the /v1 routes, the
 * OpenAPI document and the error mapping. Built from its dependencies, so tests run it in-process.
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { Logger } from "pino";
import type { AccessService } from "../app/access-service.js";
import type { FleetImports } from "../app/fleet-import.js";
import type { FleetService } from "../app/fleet-service.js";
import type { Health } from "../app/health.js";
import type { LeaseQuotes } from "../app/lease-quote.js";
import type { LeaseService } from "../app/lease-service.js";
import type { LeaseViews } from "../app/lease-views.js";
import type { NodeStateChanges } from "../app/node-state-changes.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { allowedMethods } from "./allowed-methods.js";
import type { AppEnv } from "./app-env.js";
import { authenticate } from "./auth.js";
import { renderError } from "./error-body.js";
import type { ServerMetrics } from "./metrics.js";
import { BODY_LIMITS, tooLarge } from "./read-body.js";
import { accessRoutes } from "./routes/access-routes.js";
import { capacityRoutes } from "./routes/capacity-routes.js";
import { importRoutes } from "./routes/import-routes.js";
import { leaseReadsRoutes } from "./routes/lease-reads-routes.js";
import { leasesRoutes } from "./routes/leases-routes.js";
import { nodesRoutes } from "./routes/nodes-routes.js";
import { sitesRoutes } from "./routes/sites-routes.js";
import { systemRoutes } from "./routes/system-routes.js";

/** The services the routes call; never the database itself. */
export interface AppDeps {
  health: Health;
  fleet: FleetService;
  imports: FleetImports;
  nodeStates: NodeStateChanges;
  access: AccessService;
  leases: LeaseService;
  quotes: LeaseQuotes;
  views: LeaseViews;
  metrics: ServerMetrics;
  logger: Logger;
  version: string;
  /** Directory of the built dashboard (index.html, assets/). */
  webRoot: string;
}

/** A request without a body (e.g. `POST /v1/leases/tick`) needs no Content-Type. */
function hasBody(request: Request): boolean {
  return request.body !== null && request.headers.get("content-length") !== "0";
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw validationError(toFieldIssues(result.error, [], "data" in result ? result.data : undefined));
    },
  });

  app.use(requestId({ generator: () => newId("request") }));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath || "unmatched";
    deps.metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    deps.metrics.duration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    if (c.res.status >= 500)
      deps.logger.error({ requestId: c.get("requestId"), route, status: c.res.status }, "request failed");
  });

  app.route("/", systemRoutes(deps.health, { version: deps.version, webRoot: deps.webRoot }));

  app.use("/metrics", authenticate(deps.access));
  app.get("/metrics", async (c) => {
    if (c.get("principal").role !== "operator")
      throw new LeaseholdError("FORBIDDEN", "GET /metrics needs an operator key");
    return c.body(await deps.metrics.registry.metrics(), 200, {
      "content-type": deps.metrics.registry.contentType,
    });
  });

  app.use("/v1/*", authenticate(deps.access));
  app.use("/v1/*", async (c, next) => {
    const method = c.req.method;
    const writes = method === "POST" || method === "PATCH" || method === "PUT";
    if (writes && c.req.path !== "/v1/fleet/import" && hasBody(c.req.raw)) {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/json") {
        throw new LeaseholdError(
          "UNSUPPORTED_MEDIA_TYPE",
          `Content-Type must be application/json (got "${type || "none"}")`,
          [{ field: "Content-Type", message: "unsupported media type", bound: "application/json" }],
        );
      }
      return bodyLimit({
        maxSize: BODY_LIMITS.defaultBytes,
        onError: () => {
          throw tooLarge(
            Number(c.req.header("content-length") ?? BODY_LIMITS.defaultBytes + 1),
            BODY_LIMITS.defaultBytes,
          );
        },
      })(c, next);
    }
    await next();
  });

  app.route("/", sitesRoutes(deps.fleet));
  app.route("/", nodesRoutes(deps.fleet, deps.nodeStates));
  app.route("/", importRoutes(deps.imports, deps.fleet, deps.metrics));
  app.route("/", accessRoutes(deps.access));
  app.route("/", capacityRoutes(deps));
  app.route("/", leasesRoutes(deps.leases, deps.fleet));
  app.route("/", leaseReadsRoutes(deps.views));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `lh_op_…` (operator) or `lh_tn_…` (tenant)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Leasehold API",
      version: deps.version,
      description: "Control plane for renting out GPU data centers. Every /v1 route needs an API key.",
    },
  });

  const methodsFor = allowedMethods(() => app.routes);
  app.notFound((c) => {
    const allowed = methodsFor(c.req.path);
    if (allowed.length === 0) {
      return renderError(c, new LeaseholdError("ROUTE_NOT_FOUND", `no route ${c.req.method} ${c.req.path}`));
    }
    c.header("allow", allowed.join(", "));
    return renderError(
      c,
      new LeaseholdError(
        "METHOD_NOT_ALLOWED",
        `${c.req.method} is not allowed on ${c.req.path} (allowed: ${allowed.join(", ")})`,
      ),
    );
  });
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 400) {
      return renderError(
        c,
        new LeaseholdError("MALFORMED_JSON", `request body is not valid JSON: ${error.message}`, [
          { field: "(body)", message: error.message, bound: "JSON" },
        ]),
      );
    }
    if (!(error instanceof LeaseholdError))
      deps.logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    return renderError(c, error);
  });
  return app;
}

export type LeaseholdApp = ReturnType<typeof createApp>;
