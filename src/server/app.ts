/**
 * The HTTP application: middleware (request id, metrics, limits, auth), the /v1 routes, the
 * OpenAPI document and the error mapping. Built from its dependencies, so tests run it in-process.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import type { AccessService } from "../app/access-service.js";
import type { AgentKeys } from "../app/agent-keys.js";
import type { BackupService } from "../app/backup-service.js";
import type { EconomicScenarios } from "../app/economic-scenarios.js";
import type { EconomicsService } from "../app/economics-service.js";
import type { FleetImports } from "../app/fleet-import.js";
import type { FleetService } from "../app/fleet-service.js";
import type { Health } from "../app/health.js";
import type { HealthPolicies } from "../app/health-policies.js";
import type { HeartbeatIngest } from "../app/heartbeat-ingest.js";
import type { IdempotencyService } from "../app/idempotency-service.js";
import type { InvoiceService } from "../app/invoice-service.js";
import type { LeaseQuotes } from "../app/lease-quote.js";
import type { LeaseService } from "../app/lease-service.js";
import type { LeaseViews } from "../app/lease-views.js";
import type { LimitChecks } from "../app/limit-checks.js";
import type { LimitPlans } from "../app/limit-plans.js";
import type { LimitSets } from "../app/limit-sets.js";
import type { NodeStateChanges } from "../app/node-state-changes.js";
import type { PortfolioDeals } from "../app/portfolio-deals.js";
import type { PortfolioViews } from "../app/portfolio-views.js";
import type { RevenueService } from "../app/revenue-service.js";
import type { SiteHealthViews } from "../app/site-health-views.js";
import type { TenantUnitEconomics } from "../app/tenant-unit-economics.js";
import type { UsageService } from "../app/usage-service.js";
import { LeaseholdError, validationError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { jsonTextDepth, MAX_NESTING } from "../shared/nesting.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { allowedMethods } from "./allowed-methods.js";
import type { AppEnv } from "./app-env.js";
import { authenticate, operatorRoute, perKeyLimit, publicRoute } from "./auth.js";
import { renderError } from "./error-body.js";
import { idempotent } from "./idempotency.js";
import type { ServerMetrics } from "./metrics.js";
import { openApiDocument } from "./openapi-document.js";
import { BODY_LIMITS, tooDeep, tooLarge } from "./read-body.js";
import type { RequestLimits } from "./request-limits.js";
import { accessRoutes } from "./routes/access-routes.js";
import { agentRoutes } from "./routes/agent-routes.js";
import { backupRoutes } from "./routes/backup-routes.js";
import { billingRoutes } from "./routes/billing-routes.js";
import { capacityRoutes } from "./routes/capacity-routes.js";
import { economicsRoutes } from "./routes/economics-routes.js";
import { importRoutes } from "./routes/import-routes.js";
import { leaseReadsRoutes } from "./routes/lease-reads-routes.js";
import { leaseTemplateRoutes } from "./routes/lease-template-routes.js";
import { leasesRoutes } from "./routes/leases-routes.js";
import { limitCheckRoutes } from "./routes/limit-check-routes.js";
import { limitPlanRoutes } from "./routes/limit-plan-routes.js";
import { nodesRoutes } from "./routes/nodes-routes.js";
import { portfolioRoutes } from "./routes/portfolio-routes.js";
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
  /** Usage-limit checks and settles. */
  limitChecks: LimitChecks;
  /** The owner's economics of a site, and saved scenarios. */
  economics: EconomicsService;
  scenarios: EconomicScenarios;
  /** The tenant's portfolio and unit economics. */
  portfolioDeals: PortfolioDeals;
  portfolioViews: PortfolioViews;
  unitEconomics: TenantUnitEconomics;
  metrics: ServerMetrics;
  /** Dumps and restores of the whole database. */
  backups: BackupService;
  /** Tenants' serving profiles and plans. */
  limitPlans: LimitPlans;
  /** Versioned limit sets. */
  limitSets: LimitSets;
  /** Stored answers of POSTs sent with an Idempotency-Key. */
  idempotency: IdempotencyService;
  /** Node agents: their keys, heartbeats, the health policy and sites' live health. */
  agentKeys: AgentKeys;
  heartbeats: HeartbeatIngest;
  healthPolicies: HealthPolicies;
  siteHealth: SiteHealthViews;
  usage: UsageService;
  invoices: InvoiceService;
  revenue: RevenueService;
  /** Failed sign-ins per client, quotes and imports per key. */
  limits: RequestLimits;
  logger: Logger;
  version: string;
  /** Directory of the built dashboard (index.html, assets/). */
  webRoot: string;
}

/** Routes whose latency has a histogram of its own, by the operation they perform. */
const TIMED_ROUTES: Record<string, string> = {
  "POST /v1/leases": "create",
  "POST /v1/leases/:lease/reserve": "reserve",
  "POST /v1/leases/:lease/amendments": "amend",
  "PATCH /v1/sites/:site/nodes/:node": "node",
  "PATCH /v1/sites/:site/nodes": "node_batch",
};

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
  // The dashboard and /docs hold an operator key: no inline script, no framing, no sniffing.
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ECharts and Swagger UI set style attributes; scripts stay strict.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath || "unmatched";
    const seconds = (performance.now() - started) / 1000;
    const status = c.res.status;
    deps.metrics.requests.inc({ method: c.req.method, route, status: String(status) });
    deps.metrics.duration.observe({ method: c.req.method, route }, seconds);
    if (status < 400) {
      const timed = TIMED_ROUTES[`${c.req.method} ${route}`];
      if (timed === "create" && c.req.query("reserve") !== "true") {
        // A draft is not placed.
      } else if (timed) {
        const histogram = timed.startsWith("node") ? deps.metrics.nodeChanges : deps.metrics.placement;
        histogram.observe({ operation: timed }, seconds);
      }
    }
    // One line per request: who can follow it by id, which route, how it ended, how long it took.
    deps.logger[status >= 500 ? "error" : "info"](
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        route,
        status,
        latencyMs: Math.round(seconds * 1e5) / 100,
      },
      "request",
    );
  });

  app.route("/", systemRoutes(deps.health, { version: deps.version, webRoot: deps.webRoot }));

  app.use("/metrics", authenticate(deps.access, deps.limits.failedAuth));
  app.openapi(
    operatorRoute({
      method: "get",
      path: "/metrics",
      tags: ["System"],
      summary:
        "Prometheus metrics: requests and latencies, lease placement and node changes, the fleet's gauges",
      responses: {
        200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
      },
    }),
    async (c) =>
      c.text(await deps.metrics.registry.metrics(), 200, {
        "content-type": deps.metrics.registry.contentType,
      }),
  );

  app.use("/v1/*", authenticate(deps.access, deps.limits.failedAuth));
  app.post("/v1/leases/quote", perKeyLimit(deps.limits.quotes));
  app.post("/v1/fleet/import", perKeyLimit(deps.limits.imports));
  app.use("/v1/*", async (c, next) => {
    const method = c.req.method;
    const writes = method === "POST" || method === "PATCH" || method === "PUT";
    // The fleet import (JSON or YAML) and a restore (a dump's lines) read their own bodies.
    const ownBody = c.req.path === "/v1/fleet/import" || c.req.path === "/v1/admin/restore";
    if (writes && !ownBody && hasBody(c.req.raw)) {
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
      })(c, async () => {
        // RFC 8259: JSON text carries no byte order mark; decoders drop one silently, so look at bytes.
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
          throw new LeaseholdError("MALFORMED_JSON", "request body starts with a byte order mark", [
            {
              field: "(body)",
              message: "starts with a byte order mark",
              bound: "JSON without a byte order mark",
            },
          ]);
        }
        // Bounded before any parser, validator or error message walks it recursively.
        if (jsonTextDepth(new TextDecoder().decode(bytes)) > MAX_NESTING) throw tooDeep("JSON");
        await next();
      });
    }
    await next();
  });
  app.use("/v1/*", idempotent(deps.idempotency));

  app.route("/", backupRoutes(deps.backups));
  app.route("/", sitesRoutes(deps.fleet));
  app.route("/", nodesRoutes(deps.fleet, deps.nodeStates));
  app.route("/", importRoutes(deps.imports, deps.fleet, deps.metrics));
  app.route("/", billingRoutes(deps.usage, deps.invoices, deps.revenue));
  app.route("/", accessRoutes(deps.access));
  app.route("/", capacityRoutes(deps));
  app.route("/", leaseTemplateRoutes(deps.quotes));
  app.route("/", leasesRoutes(deps.leases));
  app.route("/", leaseReadsRoutes(deps.views));
  app.route("/", limitCheckRoutes(deps.limitChecks));
  app.route("/", limitPlanRoutes(deps.limitPlans, deps.limitSets));
  app.route("/", agentRoutes(deps));
  app.route("/", economicsRoutes(deps.economics, deps.scenarios));
  app.route(
    "/",
    portfolioRoutes({
      deals: deps.portfolioDeals,
      views: deps.portfolioViews,
      unitEconomics: deps.unitEconomics,
    }),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key: `lh_op_…` (operator) or `lh_tn_…` (tenant), or a node agent's key `lh_ag_…`",
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
    // A route that exists for this method but found nothing to serve (a missing asset) is a 404 too.
    if (allowed.length === 0 || allowed.includes(c.req.method)) {
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
