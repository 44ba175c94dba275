/**
 * Wire schemas shared by the routes: they validate input and document the API (OpenAPI 3.1).
 * @module
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { ROLES } from "../access/principal.js";
import { NODE_STATES } from "../fleet/node.js";
import { POWER_SOURCE_KINDS, SITE_KINDS } from "../fleet/site.js";
import { SEGMENT_PATTERN } from "../fleet/topology.js";
import { ERROR_CODES } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";
import { ERROR_STATUS } from "./error-status.js";

const FieldIssueSchema = z
  .object({
    field: z.string().openapi({ example: "sites[0].nodes[1042].gpuCount" }),
    message: z.string(),
    bound: z.string().optional().openapi({ example: "<= 8" }),
  })
  .openapi("FieldIssue");

/** The one error body: `{ "error": { "code", "message", "requestId", "issues"? } }`. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "SITE_NOT_FOUND" }),
      message: z.string(),
      requestId: z.string().openapi({ example: "req_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
      issues: z.array(FieldIssueSchema).optional(),
      candidates: z
        .array(z.string())
        .optional()
        .openapi({
          description: "LEASE_AMBIGUOUS: every lease the reference may mean, as tenant/name",
          example: ["frontier-lab/rent-half", "rival-lab/rent-half"],
        }),
    }),
  })
  .openapi("ErrorBody");

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** The error responses of a route, each described by the codes that answer with its status. */
export function errorResponses(...statuses: ErrorStatus[]) {
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }
  > = {};
  for (const status of statuses) {
    const codes = ERROR_CODES.filter((code) => ERROR_STATUS[code] === status);
    out[status] = {
      description: `Error: ${codes.join(", ")}`,
      content: { "application/json": { schema: ErrorSchema } },
    };
  }
  return out;
}

/**
 * A domain schema the OpenAPI registry can name. Schemas built before @hono/zod-openapi loaded
 * (the domain's, with plain zod) lack `.openapi`; a copy made now has it, and keeps their metadata.
 */
export function documentable<T extends z.ZodType>(schema: T): T {
  return schema.clone();
}

/**
 * A JSON body the handler parses itself (its parser names every bad field once, with rules the
 * zod schema alone cannot state), documented by `schema` as the component `name`. The route
 * declares it by reference, so the OpenAPI router documents it without validating it first.
 */
export function parsedBody(app: OpenAPIHono<AppEnv>, name: string, schema: z.ZodType) {
  app.openAPIRegistry.register(name, documentable(schema));
  return {
    required: true,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
  };
}

/** A `true`/`false` query flag, documented as such; handlers read it with booleanQuery. */
export const FlagQuery = z
  .string()
  .optional()
  .openapi({ enum: ["true", "false"] });

/** An id or name in a URL: every id and name the product issues or accepts is one segment. */
export const RefSchema = z.string().min(1).max(128).regex(SEGMENT_PATTERN);

export const SiteRefParam = RefSchema.openapi({ param: { name: "site", in: "path" }, example: "colossus-1" });

export const PowerSourceSchema = z
  .object({
    kind: z.enum(POWER_SOURCE_KINDS),
    installedMw: z.number(),
    permittedMw: z.number(),
    energyMwh: z.number().optional().openapi({ description: "Stored energy, batteries only" }),
  })
  .openapi("PowerSource");

export const SiteSchema = z
  .object({
    id: z.string().openapi({ example: "site_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
    name: z.string(),
    kind: z.enum(SITE_KINDS),
    location: z.string(),
    pue: z.number(),
    electricityUsdPerMwh: z
      .string()
      .regex(/^\d+\.\d{6}$/)
      .openapi({ example: "67.000000", description: "Exact decimal dollars per MWh, always to the micro" }),
    powerSources: z.array(PowerSourceSchema),
    topologyLevels: z.array(z.string()),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .openapi("Site");

export const SiteListingSchema = SiteSchema.extend({
  nodes: z.number().int(),
  gpus: z.number().int(),
  permittedMw: z
    .number()
    .openapi({ description: "Continuous supply permitted (grid and generation; batteries are storage)" }),
}).openapi("SiteListing");

export const SiteListSchema = z
  .object({
    sites: z.array(SiteListingSchema),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .openapi("SiteList");

const tally = z
  .object(
    Object.fromEntries(NODE_STATES.map((s) => [s, z.number().int()])) as Record<
      (typeof NODE_STATES)[number],
      z.ZodNumber
    >,
  )
  .openapi("StateTally", { description: "Nodes (or GPUs) in each node state" });

const NodeStateSchema = z.enum(NODE_STATES).openapi("NodeState");

export const SiteSummarySchema = z
  .object({
    nodes: z.number().int(),
    gpus: z.number().int(),
    nodesByState: tally,
    gpusByState: tally,
    capacityByModel: z.array(
      z
        .object({
          gpuModel: z.string(),
          nodes: z.number().int(),
          gpus: z.number().int(),
          gpusByState: tally,
          drawnItMw: z.number(),
        })
        .openapi("ModelCapacity"),
    ),
    power: z
      .object({
        installedMw: z.number(),
        permittedMw: z.number(),
        designMw: z.number(),
        drawnMw: z.number().openapi({
          description:
            "Facility draw: agents' GPU power readings × PUE where nodes report, the catalogue estimate elsewhere",
        }),
        drawnSource: z.enum(["nameplate", "measured", "mixed"]).openapi({
          description: "Where drawnMw comes from: the catalogue, agents' readings, or both",
        }),
        measuredItMw: z.number().nullable().openapi({
          description: "GPU power the reporting nodes' agents read now, MW; null when none reports",
        }),
        headroomMw: z.number(),
        sources: z.array(PowerSourceSchema.extend({ overPermitMw: z.number() })),
        storage: z
          .object({
            powerMw: z.number(),
            energyMwh: z.number(),
            rideThroughMinutes: z.number().int(),
            coversMw: z.number(),
            peakShavingHours: z.number(),
          })
          .nullable()
          .openapi("SiteStorage", {
            description: "Batteries: storage for ride-through and peaks, not supply; null when none",
          }),
      })
      .openapi("SitePower"),
    warnings: z.array(
      z
        .object({
          code: z.enum(["INSTALLED_OVER_PERMIT", "DRAW_OVER_PERMIT", "DESIGN_OVER_PERMIT"]),
          message: z.string(),
          excessMw: z.number(),
          source: z.enum(POWER_SOURCE_KINDS).optional(),
        })
        .openapi("SiteWarning"),
    ),
  })
  .openapi("SiteSummary");

export const TopologyMapSchema = z
  .object({
    levels: z.array(z.string()),
    cellLevel: z.string(),
    groupLevel: z.string().nullable(),
    groups: z.array(
      z
        .object({
          path: z.string(),
          gpus: z.number().int(),
          racks: z.array(
            z
              .object({
                path: z.string(),
                name: z.string(),
                gpuModel: z.string(),
                gpus: z.number().int(),
                nodesByState: tally,
              })
              .openapi("RackCell"),
          ),
        })
        .openapi("DomainGroup"),
    ),
  })
  .openapi("TopologyMap");

export const NodeSchema = z
  .object({
    id: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    name: z.string(),
    path: z.string().openapi({ example: "hall-01/block-003/rack-0130" }),
    gpuModel: z.string(),
    gpuCount: z.number().int(),
    state: NodeStateSchema,
    stateChangedAt: z.string(),
  })
  .openapi("FleetNode");

export const NodeEventSchema = z
  .object({
    at: z.string(),
    fromState: NodeStateSchema,
    toState: NodeStateSchema,
    reason: z.string(),
    actor: z.string(),
  })
  .openapi("NodeEvent");

export const GpuModelSchema = z
  .object({
    name: z.string(),
    vendor: z.string(),
    memoryGb: z.number(),
    powerKwPerGpu: z.number(),
    gpusPerNode: z.number().int(),
    nodesPerRack: z.number().int(),
    servingTokensPerSecondPerGpu: z.number().nullable(),
  })
  .openapi("GpuModel");

export const TenantSchema = z
  .object({
    id: z.string().openapi({ example: "tnt_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
    name: z.string(),
    createdAt: z.string(),
  })
  .openapi("Tenant");

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: z.enum(ROLES),
    tenantId: z.string().nullable(),
    tenantName: z.string().nullable().openapi({ description: "The tenant's name; null for an operator key" }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

/** A human-friendly name: letters, digits, `.`, `_`, `-`; 1..64 characters. */
export const NameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

export const SiteDetailSchema = z
  .object({ site: SiteSchema, summary: SiteSummarySchema })
  .openapi("SiteDetail");

export const NodeDetailSchema = z
  .object({ node: NodeSchema, events: z.array(NodeEventSchema) })
  .openapi("NodeDetail");
