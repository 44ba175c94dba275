/**
 * Node listings (per site and across sites), one node with its history, and state changes.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { actorOf } from "../../access/principal.js";
import type { FleetService } from "../../app/fleet-service.js";
import type { NodeStateChanges } from "../../app/node-state-changes.js";
import { type FleetNode, NODE_STATES } from "../../fleet/node.js";
import { plainText } from "../../shared/plain-text.js";
import type { NodeFilter } from "../../store/node-repository.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import { decodeCursor, encodeCursor, PageQuery } from "../pagination.js";
import { errorResponses, NodeDetailSchema, NodeSchema, RefSchema, SiteRefParam } from "../schemas.js";

const CursorSchema = z.object({ siteId: z.string(), path: z.string(), name: z.string() });

const NodeFilterQuery = z.strictObject({
  state: z
    .enum(NODE_STATES)
    .optional()
    .openapi({ param: { name: "state", in: "query" } }),
  gpuModel: RefSchema.max(64)
    .optional()
    .openapi({
      param: { name: "gpuModel", in: "query" },
      description: "GPU model, in any case (h100 is H100)",
    }),
  path: z
    .string()
    .max(1024)
    .regex(/^[A-Za-z0-9._/-]*$/)
    .optional()
    .openapi({
      param: { name: "path", in: "query" },
      description: "Topology prefix, e.g. hall-01/block-003",
    }),
  ...PageQuery,
});

const NodePage = z
  .object({ nodes: z.array(NodeSchema), nextCursor: z.string().nullable() })
  .openapi("NodePage");

const NodeRefParam = RefSchema.openapi({ param: { name: "node", in: "path" }, example: "r0001-n01" });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const NodeReplacementSchema = z
  .object({
    leaseId: z.string(),
    lease: z.string().openapi({ description: "The lease as tenant/name", example: "frontier-lab/rent-half" }),
    node: z.string().openapi({ description: "The node that left the lease" }),
    replacement: z
      .string()
      .nullable()
      .openapi({ description: "The node that took its place; null when the lease runs short" }),
    source: z.enum(["spare", "house"]).nullable(),
    level: z
      .string()
      .nullable()
      .openapi({ description: "The smallest domain holding both nodes: rack, block, hall or site" }),
    shortfallGpus: z
      .number()
      .int()
      .openapi({ description: "GPUs the lease is short of afterwards; 0 when whole" }),
  })
  .openapi("NodeReplacement");

export function nodesRoutes(fleet: FleetService, nodeStates: NodeStateChanges) {
  const app = new OpenAPIHono<AppEnv>();

  /** Adds a node's site name, so a listing needs no second lookup. */
  const withSiteName = async () => {
    const names = await fleet.siteNames();
    return (n: FleetNode) => ({ ...n, siteName: names.get(n.siteId) ?? n.siteId });
  };

  const page = async (filter: NodeFilter, query: z.infer<typeof NodeFilterQuery>) => {
    const after = query.cursor ? decodeCursor(query.cursor, CursorSchema) : undefined;
    const { nodes, next } = await fleet.nodes(
      { ...filter, state: query.state, gpuModel: query.gpuModel, pathPrefix: query.path },
      query.limit,
      after,
    );
    return { nodes: nodes.map(await withSiteName()), nextCursor: next ? encodeCursor(next) : null };
  };

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/nodes",
      tags: ["Fleet"],
      summary: "List nodes across sites (filter by site, state, GPU model, topology path; paginated)",
      request: {
        query: NodeFilterQuery.extend({
          site: RefSchema.optional().openapi({ param: { name: "site", in: "query" } }),
        }),
      },
      responses: { 200: json(NodePage, "One page of nodes"), ...errorResponses(404) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const siteId = query.site ? (await fleet.site(query.site)).id : undefined;
      return c.json(await page({ siteId }, query), 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/nodes",
      tags: ["Fleet"],
      summary: "List a site's nodes (filter by state, GPU model, topology path; paginated)",
      request: { params: z.object({ site: SiteRefParam }), query: NodeFilterQuery },
      responses: { 200: json(NodePage, "One page of nodes"), ...errorResponses(404) },
    }),
    async (c) => {
      const site = await fleet.site(c.req.valid("param").site);
      return c.json(await page({ siteId: site.id }, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/nodes/{node}",
      tags: ["Fleet"],
      summary: "Show one node (by id or name) with its recent state changes",
      request: { params: z.object({ site: SiteRefParam, node: NodeRefParam }) },
      responses: {
        200: json(NodeDetailSchema, "The node"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { site, node } = c.req.valid("param");
      const detail = await fleet.node(site, node);
      return c.json({ ...detail, node: (await withSiteName())(detail.node) }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "patch",
      path: "/v1/sites/{site}/nodes/{node}",
      tags: ["Fleet"],
      summary: "Set a node's state (healthy, degraded, failed, maintenance) with a reason",
      request: {
        params: z.object({ site: SiteRefParam, node: NodeRefParam }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.strictObject({
                state: z.enum(NODE_STATES),
                reason: plainText().min(1).max(500).openapi({ example: "XID 79: GPU fell off the bus" }),
              }),
            },
          },
        },
      },
      responses: {
        200: json(
          z.object({
            node: NodeSchema,
            changed: z.boolean().openapi({
              description: "False when the node already had the state: nothing was written",
            }),
            replacements: z.array(NodeReplacementSchema),
          }),
          "The node as stored, and the replacement when it left a lease",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { site, node } = c.req.valid("param");
      const { state, reason } = c.req.valid("json");
      const outcome = await nodeStates.change(site, [node], {
        state,
        reason,
        actor: actorOf(c.get("principal")),
      });
      const [updated] = outcome.nodes;
      if (!updated) throw new Error("a node state change returned no node");
      return c.json(
        {
          node: (await withSiteName())(updated),
          changed: outcome.unchanged.length === 0,
          replacements: outcome.replacements,
        },
        200,
      );
    },
  );

  app.openapi(
    operatorRoute({
      method: "patch",
      path: "/v1/sites/{site}/nodes",
      tags: ["Fleet"],
      summary: "Set the state of several nodes at once (all or nothing), e.g. a whole rack into maintenance",
      request: {
        params: z.object({ site: SiteRefParam }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.strictObject({
                nodes: z
                  .array(RefSchema)
                  .min(1)
                  .max(10_000)
                  .openapi({ example: ["r0113-n01", "r0113-n02"] }),
                state: z.enum(NODE_STATES),
                reason: plainText().min(1).max(500).openapi({ example: "rack 113: replace CDU pump" }),
              }),
            },
          },
        },
      },
      responses: {
        200: json(
          z.object({
            nodes: z.array(NodeSchema),
            unchanged: z.array(z.string()).openapi({
              description: "Names of the nodes that already had the state: nothing was written for them",
            }),
            replacements: z.array(NodeReplacementSchema),
          }),
          "The nodes as stored, those left as they were, and the replacements of leased nodes",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { nodes, state, reason } = c.req.valid("json");
      const outcome = await nodeStates.change(c.req.valid("param").site, nodes, {
        state,
        reason,
        actor: actorOf(c.get("principal")),
      });
      return c.json({ ...outcome, nodes: outcome.nodes.map(await withSiteName()) }, 200);
    },
  );

  return app;
}
