/**
 * The HTTP application: middleware (request id, metrics, limits, auth), the /v1 routes, the
 * OpenAPI document and the error mapping. Built from its dependencies, so tests run it in-process.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { Logger } from "pino";
import type { AccessService } from "../app/access-service.js";
import type { FleetService } from "../app/fleet-service.js";
import type { LeaseService } from "../app/lease-service.js";
import type { SiteEngines } from "../app/site-engines.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import type { SqlClient } from "../store/sql-client.js";
import { allowedMethods } from "./allowed-methods.js";
import type { AppEnv } from "./app-env.js";
import { authenticate, operatorRoute, publicRoute } from "./auth.js";
import { renderError } from "./error-body.js";
import type { ServerMetrics } from "./metrics.js";
import { openApiDocument } from "./openapi-document.js";
import { BODY_LIMITS, tooLarge } from "./read-body.js";
import { accessRoutes } from "./routes/access-routes.js";
import { capacityRoutes } from "./routes/capacity-routes.js";
import { importRoutes } from "./routes/import-routes.js";
import { leaseReadsRoutes } from "./routes/lease-reads-routes.js";
import { leaseTemplateRoutes } from "./routes/lease-template-routes.js";
import { leasesRoutes } from "./routes/leases-routes.js";
import { nodesRoutes } from "./routes/nodes-routes.js";
import { sitesRoutes } from "./routes/sites-routes.js";
import { systemRoutes } from "./routes/system-routes.js";

export interface AppDeps {
  db: SqlClient;
  fleet: FleetService;
  access: AccessService;
  leases: LeaseService;
  /** The per-site allocation engines the lease read models and quotes look at. */
  engines: SiteEngines;
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

  app.route("/", systemRoutes(deps.db, { version: deps.version, webRoot: deps.webRoot }));

  app.use("/metrics", authenticate(deps.access));
  app.openapi(
    operatorRoute({
      method: "get",
      path: "/metrics",
      tags: ["System"],
      summary: "Prometheus metrics: requests and latencies by route pattern, imports, the process",
      responses: {
        200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
      },
    }),
    async (c) =>
      c.text(await deps.metrics.registry.metrics(), 200, {
        "content-type": deps.metrics.registry.contentType,
      }),
  );

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
  app.route("/", nodesRoutes(deps.fleet));
  app.route("/", importRoutes(deps.db, deps.fleet, deps.metrics));
  app.route("/", accessRoutes(deps.access));
  app.route("/", capacityRoutes(deps));
  app.route(
    "/",
    leaseTemplateRoutes({ db: deps.db, engines: deps.engines, fleet: deps.fleet, clock: deps.leases.clock }),
  );
  app.route("/", leasesRoutes(deps.leases, deps.fleet));
  app.route("/", leaseReadsRoutes({ db: deps.db, engines: deps.engines, clock: deps.leases.clock }));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `lh_op_…` (operator) or `lh_tn_…` (tenant)",
  });
  app.openapi(
    publicRoute({
      method: "get",
      path: "/openapi.json",
      tags: ["System"],
      summary: "This document: every route, its parameters, bodies, answers and who may call it",
      responses: {
        200: {
          description: "The OpenAPI 3.1 document",
          content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
        },
      },
    }),
    (c) => c.json(openApiDocument(app, deps.version), 200),
  );

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
