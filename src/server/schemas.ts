/**
 * Wire schemas shared by the routes: they validate input and document the API (OpenAPI 3.1).
 * @module
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { NODE_STATES } from "../fleet/node.js";
import { POWER_SOURCE_KINDS, SITE_KINDS } from "../fleet/site.js";
import { SEGMENT_PATTERN } from "../fleet/topology.js";
import type { AppEnv } from "./app-env.js";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "SITE_NOT_FOUND" }),
      message: z.string(),
      requestId: z.string(),
      issues: z
        .array(z.object({ field: z.string(), message: z.string(), bound: z.string().optional() }))
        .optional(),
    }),
  })
  .openapi("Error");

/** Standard error responses every protected route may answer. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415>) {
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }
  > = {};
  for (const s of [401, ...statuses]) {
    out[s] = { description: `Error (${s})`, content: { "application/json": { schema: ErrorSchema } } };
  }
  return out;
}

/**
 * A JSON body the handler parses itself (its parser names every bad field once, with rules the
 * zod schema alone cannot state), documented by `schema` as the component `name`. The route
 * declares it by reference, so the OpenAPI router documents it without validating it first.
 */
export function parsedBody(app: OpenAPIHono<AppEnv>, name: string, schema: z.ZodType) {
  app.openAPIRegistry.register(name, schema);
  return {
    required: true,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
  };
}

/** An id or name in a URL: every id and name the product issues or accepts is one segment. */
export const RefSchema = z.string().min(1).max(128).regex(SEGMENT_PATTERN);

export const SiteRefParam = RefSchema.openapi({ param: { name: "site", in: "path" }, example: "colossus-1" });

export const PowerSourceSchema = z
  .object({ kind: z.enum(POWER_SOURCE_KINDS), installedMw: z.number(), permittedMw: z.number() })
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
      .openapi({ example: "67.00", description: "Exact decimal dollars per MWh" }),
    powerSources: z.array(PowerSourceSchema),
    topologyLevels: z.array(z.string()),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .openapi("Site");

export const SiteListingSchema = SiteSchema.extend({
  nodes: z.number().int(),
  gpus: z.number().int(),
}).openapi("SiteListing");

const tally = z.object(
  Object.fromEntries(NODE_STATES.map((s) => [s, z.number().int()])) as Record<
    (typeof NODE_STATES)[number],
    z.ZodNumber
  >,
);

export const SiteSummarySchema = z
  .object({
    nodes: z.number().int(),
    gpus: z.number().int(),
    nodesByState: tally,
    gpusByState: tally,
    capacityByModel: z.array(
      z.object({
        gpuModel: z.string(),
        nodes: z.number().int(),
        gpus: z.number().int(),
        gpusByState: tally,
        drawnItMw: z.number(),
      }),
    ),
    power: z.object({
      installedMw: z.number(),
      permittedMw: z.number(),
      designMw: z.number(),
      drawnMw: z.number(),
      headroomMw: z.number(),
      sources: z.array(PowerSourceSchema.extend({ overPermitMw: z.number() })),
    }),
    warnings: z.array(
      z.object({
        code: z.enum(["INSTALLED_OVER_PERMIT", "DRAW_OVER_PERMIT", "DESIGN_OVER_PERMIT"]),
        message: z.string(),
        excessMw: z.number(),
        source: z.enum(POWER_SOURCE_KINDS).optional(),
      }),
    ),
  })
  .openapi("SiteSummary");

export const TopologyMapSchema = z
  .object({
    levels: z.array(z.string()),
    cellLevel: z.string(),
    groupLevel: z.string().nullable(),
    groups: z.array(
      z.object({
        path: z.string(),
        gpus: z.number().int(),
        racks: z.array(
          z.object({
            path: z.string(),
            name: z.string(),
            gpuModel: z.string(),
            gpus: z.number().int(),
            nodesByState: tally,
          }),
        ),
      }),
    ),
  })
  .openapi("TopologyMap");

export const NodeSchema = z
  .object({
    id: z.string(),
    siteId: z.string(),
    name: z.string(),
    path: z.string().openapi({ example: "hall-01/block-003/rack-0130" }),
    gpuModel: z.string(),
    gpuCount: z.number().int(),
    state: z.enum(NODE_STATES),
    stateChangedAt: z.string(),
  })
  .openapi("Node");

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
    role: z.enum(["operator", "tenant"]),
    tenantId: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

/** A human-friendly name: letters, digits, `.`, `_`, `-`; 1..64 characters. */
export const NameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
