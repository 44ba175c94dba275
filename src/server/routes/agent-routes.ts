/**
 * Node agents and health: agent keys (issued per site, revoked per node), the agent's own
 * identity and its heartbeats, the health policy, and a site's live health and measured power.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AgentKeys } from "../../app/agent-keys.js";
import type { HealthPolicies } from "../../app/health-policies.js";
import type { HeartbeatIngest } from "../../app/heartbeat-ingest.js";
import type { SiteHealthViews } from "../../app/site-health-views.js";
import { NODE_STATES } from "../../fleet/node.js";
import { LeaseholdError } from "../../shared/errors.js";
import type { AppEnv } from "../app-env.js";
import { agentRoute, operatorRoute } from "../auth.js";
import { queryInteger } from "../pagination.js";
import { errorResponses, RefSchema, SiteRefParam } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

const NodeRefParam = RefSchema.openapi({ param: { name: "node", in: "path" }, example: "r0001-n01" });

/** Readings outside these bounds are absurd for any GPU made: the heartbeat is refused. */
const HeartbeatGpuSchema = z
  .strictObject({
    uuid: z
      .string()
      .min(1)
      .max(96)
      .regex(/^[A-Za-z0-9._:-]+$/),
    utilizationPct: z.number().min(0).max(100).nullable(),
    powerW: z.number().min(0).max(5_000).nullable(),
    temperatureC: z.number().min(-40).max(150).nullable(),
    memoryUsedMib: z.number().int().min(0).max(4_194_304).nullable(),
    memoryTotalMib: z.number().int().min(0).max(4_194_304).nullable(),
    eccUncorrectedNew: z.number().int().min(0).max(1_000_000),
    xid: z.number().int().min(1).max(1_000).nullable(),
  })
  .openapi("HeartbeatGpu");

const HeartbeatSchema = z
  .strictObject({
    agentId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .openapi({ description: "Chosen by the agent at start; sequences count from 1 per agent id" }),
    sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    readAt: z.iso
      .datetime({ offset: true })
      .openapi({ description: "When the GPUs were read (at most 5 min ahead)" }),
    intervalS: z.number().int().min(1).max(3_600),
    gpus: z.array(HeartbeatGpuSchema).max(144),
    gpusLost: z.number().int().min(0).max(144),
  })
  .openapi("Heartbeat");

const HeartbeatReportSchema = z
  .strictObject({
    site: RefSchema.openapi({ description: "The key's site, by name or id" }),
    node: RefSchema.openapi({ description: "The key's node, by name or id" }),
    heartbeats: z.array(HeartbeatSchema).min(1).max(1_000),
  })
  .openapi("HeartbeatReport");

const IngestOutcomeSchema = z
  .object({
    accepted: z.number().int().openapi({ description: "Heartbeats counted now" }),
    duplicates: z
      .number()
      .int()
      .openapi({ description: "Heartbeats already counted (re-sent): nothing changed" }),
    highWater: z.number().int().openapi({ description: "Highest sequence counted for this agent" }),
    state: z.enum(NODE_STATES),
    change: z
      .object({ from: z.enum(NODE_STATES), to: z.enum(NODE_STATES), reason: z.string() })
      .nullable()
      .openapi({ description: "The state change this report caused, with its cause" }),
  })
  .openapi("HeartbeatAck");

const HealthPolicySchema = z
  .strictObject({
    fatalXids: z.array(z.number().int().min(1).max(1_000)).max(1_000),
    missedIntervals: z.number().int().min(1).max(100),
    recoveryHeartbeats: z.number().int().min(1).max(1_000),
  })
  .openapi("HealthPolicy");

const IssuedKeysSchema = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    revoked: z.number().int().openapi({ description: "Live keys the new ones replaced" }),
    keys: z.array(z.object({ node: z.string(), nodeId: z.string(), keyId: z.string(), key: z.string() })),
  })
  .openapi("IssuedAgentKeys");

const SiteHealthSchema = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    at: z.string(),
    freshWithinS: z.number().int(),
    reportingNodes: z.number().int().openapi({ description: "Nodes whose agent has ever reported" }),
    freshNodes: z.number().int().openapi({ description: "Of those, heard from within freshWithinS" }),
    newestHeartbeatAt: z.string().nullable(),
    measuredItMw: z.number().nullable().openapi({ description: "GPU power of the fresh nodes, MW" }),
    permittedMw: z.number(),
    failedByCause: z.array(z.object({ cause: z.string(), nodes: z.number().int() })),
    failedNodes: z
      .array(
        z.object({
          node: z.string(),
          path: z.string(),
          cause: z.string(),
          reason: z.string(),
          since: z.string(),
          lastHeartbeatAt: z.string().nullable(),
        }),
      )
      .openapi({ description: "Failed nodes with their cause (at most 2,000, newest first)" }),
  })
  .openapi("SiteHealth");

const PowerHistorySchema = z
  .object({
    siteId: z.string(),
    permittedMw: z.number(),
    pue: z.number(),
    hours: z.array(
      z.object({
        hour: z.string(),
        itMwh: z.number().openapi({ description: "Measured GPU energy in the hour, MWh (= mean IT MW)" }),
        facilityMw: z.number().openapi({ description: "itMwh × PUE: the mean facility draw, MW" }),
        readings: z.number().int(),
      }),
    ),
  })
  .openapi("PowerHistory");

export function agentRoutes(deps: {
  agentKeys: AgentKeys;
  heartbeats: HeartbeatIngest;
  healthPolicies: HealthPolicies;
  siteHealth: SiteHealthViews;
}) {
  const app = new OpenAPIHono<AppEnv>();
  const { agentKeys, heartbeats, healthPolicies, siteHealth } = deps;

  const agentOf = (p: AppEnv["Variables"]["principal"]) => {
    if (p.role !== "agent") throw new LeaseholdError("FORBIDDEN", "needs a node's agent key");
    return p;
  };

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/sites/{site}/agent-keys",
      tags: ["Agents"],
      summary:
        "Issue agent keys for every node of a site (or the nodes listed); each replaces the node's key",
      request: {
        params: z.object({ site: SiteRefParam }),
        body: body(z.strictObject({ nodes: z.array(RefSchema).min(1).max(100_000).optional() })),
      },
      responses: { 201: json(IssuedKeysSchema, "The new keys, shown only now"), ...errorResponses(404) },
    }),
    async (c) => {
      const { nodes } = c.req.valid("json");
      return c.json(await agentKeys.issue(c.get("principal"), c.req.valid("param").site, nodes), 201);
    },
  );

  app.openapi(
    operatorRoute({
      method: "delete",
      path: "/v1/sites/{site}/nodes/{node}/agent-key",
      tags: ["Agents"],
      summary: "Revoke a node's agent key",
      request: { params: z.object({ site: SiteRefParam, node: NodeRefParam }) },
      responses: {
        200: json(z.object({ node: z.string(), keyId: z.string() }).openapi("RevokedAgentKey"), "Revoked"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { site, node } = c.req.valid("param");
      return c.json(await agentKeys.revoke(c.get("principal"), site, node), 200);
    },
  );

  app.openapi(
    agentRoute({
      method: "get",
      path: "/v1/agent/identity",
      tags: ["Agents"],
      summary: "The node an agent key reports for",
      responses: {
        200: json(
          z
            .object({ keyId: z.string(), siteId: z.string(), nodeId: z.string(), node: z.string() })
            .openapi("AgentIdentity"),
          "The key's node",
        ),
      },
    }),
    async (c) => {
      const p = agentOf(c.get("principal"));
      return c.json({ keyId: p.keyId, siteId: p.siteId, nodeId: p.nodeId, node: p.keyName }, 200);
    },
  );

  app.openapi(
    agentRoute({
      method: "post",
      path: "/v1/agent/heartbeats",
      tags: ["Agents"],
      summary:
        "Report heartbeats of the key's node, oldest first (one, or a buffered batch); re-sent ones count once",
      request: { body: body(HeartbeatReportSchema) },
      responses: { 200: json(IngestOutcomeSchema, "What was counted"), ...errorResponses(404) },
    }),
    async (c) => c.json(await heartbeats.ingest(agentOf(c.get("principal")), c.req.valid("json")), 200),
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/health-policy",
      tags: ["Agents"],
      summary:
        "The health policy: fatal XIDs, missed intervals before failing, good heartbeats before recovering",
      responses: { 200: json(HealthPolicySchema, "The policy in force") },
    }),
    async (c) => {
      const p = await healthPolicies.current();
      return c.json({ ...p, fatalXids: [...p.fatalXids] }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "put",
      path: "/v1/health-policy",
      tags: ["Agents"],
      summary: "Replace the health policy",
      request: { body: body(HealthPolicySchema) },
      responses: { 200: json(HealthPolicySchema, "The policy now in force") },
    }),
    async (c) => {
      const p = await healthPolicies.set(c.get("principal"), c.req.valid("json"));
      return c.json({ ...p, fatalXids: [...p.fatalXids] }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/health",
      tags: ["Agents"],
      summary: "A site's live health: heartbeat freshness, failed nodes by cause, measured power",
      request: { params: z.object({ site: SiteRefParam }) },
      responses: { 200: json(SiteHealthSchema, "The site's health now"), ...errorResponses(404) },
    }),
    async (c) => c.json(await siteHealth.health(c.req.valid("param").site), 200),
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/power-history",
      tags: ["Agents"],
      summary: "Measured power by hour (from agents' readings) against the permit",
      request: {
        params: z.object({ site: SiteRefParam }),
        query: z.strictObject({
          hours: queryInteger({ min: 1, max: 24 * 93 })
            .default(48)
            .openapi({ param: { name: "hours", in: "query" }, description: "Hours back from now (1-2232)" }),
        }),
      },
      responses: { 200: json(PowerHistorySchema, "Hourly measured power"), ...errorResponses(404) },
    }),
    async (c) =>
      c.json(await siteHealth.powerHistory(c.req.valid("param").site, c.req.valid("query").hours), 200),
  );

  return app;
}
