/**
 * What a lease holds and what happened to it: its allocation by block, and its versions and
 * events. Tenant keys read their own leases only; another tenant's answers 404.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { LeaseViews } from "../../app/lease-views.js";
import type { AppEnv } from "../app-env.js";
import { tenantRoute } from "../auth.js";
import {
  LeaseAllocationSchema,
  LeasedGpusSchema,
  LeaseHistorySchema,
  LeaseRefParam,
} from "../lease-schemas.js";
import { idAfter, idPage, NextCursor, PageQuery } from "../pagination.js";
import { errorResponses } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const params = z.object({ lease: LeaseRefParam });

export function leaseReadsRoutes(views: LeaseViews) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leased-gpus",
      tags: ["Leases"],
      summary:
        "GPUs under lease now and the peak from now on (a tranche counts from its start until its lease ends); a tenant key counts its own",
      request: { query: z.strictObject({}) },
      responses: { 200: json(LeasedGpusSchema, "GPUs under lease") },
    }),
    async (c) => c.json(await views.leasedGpus(c.get("principal")), 200),
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/allocation",
      tags: ["Leases"],
      summary: "The lease's nodes grouped by block, GPUs held and missing per model, placements, shortfalls",
      request: { params },
      responses: { 200: json(LeaseAllocationSchema, "The allocation"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const { lease } = c.req.valid("param");
      return c.json(await views.allocation(c.get("principal"), lease), 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/history",
      tags: ["Leases"],
      summary: "The lease's versions (who changed what, when and why) and its outbox events",
      request: { params },
      responses: { 200: json(LeaseHistorySchema, "The history"), ...errorResponses(404, 409) },
    }),
    async (c) => c.json(await views.history(c.get("principal"), c.req.valid("param").lease), 200),
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/node-moves",
      tags: ["Leases"],
      summary:
        "Every node that entered or left the lease, and why: house nodes a tranche preempted, replacements, releases",
      request: {
        params,
        query: z.strictObject({
          ...PageQuery,
        }),
      },
      responses: {
        200: json(
          z
            .object({
              moves: z.array(
                z.object({
                  id: z.number().int(),
                  at: z.string(),
                  nodeId: z.string(),
                  nodeName: z.string(),
                  path: z.string(),
                  gpus: z.number().int(),
                  from: z.string().openapi({ example: "house" }),
                  to: z.string().openapi({ example: "lease:lse_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
                  reason: z.string(),
                }),
              ),
              nextCursor: NextCursor,
            })
            .openapi("LeaseNodeMoves"),
          "The moves, oldest first",
        ),
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const read = { afterId: idAfter(cursor) ?? 0, limit: limit + 1 };
      const moves = await views.nodeMoves(c.get("principal"), c.req.valid("param").lease, read);
      const page = idPage(moves, limit);
      return c.json({ moves: page.rows, nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
