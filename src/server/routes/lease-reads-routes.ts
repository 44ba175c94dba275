/**
 * What a lease holds and what happened to it: its allocation by block, and its versions and
 * events. Tenant keys read their own leases only; another tenant's answers 404.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Clock } from "../../app/clock.js";
import { leaseAllocation, leaseHistory } from "../../app/lease-views.js";
import type { SiteEngines } from "../../app/site-engines.js";
import type { SqlClient } from "../../store/sql-client.js";
import type { AppEnv } from "../app-env.js";
import { tenantRoute } from "../auth.js";
import { LeaseAllocationSchema, LeaseHistorySchema, LeaseRefParam } from "../lease-schemas.js";
import { errorResponses } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const params = z.object({ lease: LeaseRefParam });

export function leaseReadsRoutes(deps: { db: SqlClient; engines: SiteEngines; clock: Clock }) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/allocation",
      tags: ["Leases"],
      summary: "The lease's nodes grouped by block, GPUs held and missing per model, placements, shortfalls",
      request: { params },
      responses: { 200: json(LeaseAllocationSchema, "The allocation"), ...errorResponses(404) },
    }),
    async (c) => {
      const { lease } = c.req.valid("param");
      const allocation = await leaseAllocation(
        deps.db,
        deps.engines,
        c.get("principal"),
        lease,
        deps.clock.now(),
      );
      return c.json(allocation, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/history",
      tags: ["Leases"],
      summary: "The lease's versions (who changed what, when and why) and its outbox events",
      request: { params },
      responses: { 200: json(LeaseHistorySchema, "The history"), ...errorResponses(404) },
    }),
    async (c) => c.json(await leaseHistory(deps.db, c.get("principal"), c.req.valid("param").lease), 200),
  );

  return app;
}
