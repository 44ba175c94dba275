/**
 * Usage-limit planning over HTTP: a tenant's serving profile and plans, and its versioned limit
 * sets (compute, list, show with the before/after diff, publish). Every path names the tenant;
 * a tenant key reaches its own only (another tenant answers 404), an operator's reaches any.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { LimitPlans } from "../../app/limit-plans.js";
import type { LimitSets, LimitSetWithDiff } from "../../app/limit-sets.js";
import { LIMIT_CHANGES } from "../../limits/limit-diff.js";
import { LimitPlanSchema, PeakReductionSchema } from "../../limits/limit-plan.js";
import { LIMIT_DIMENSIONS, LIMIT_WINDOWS } from "../../limits/limit-set.js";
import { LIMIT_SET_STATUSES, type LimitSetRecord } from "../../limits/limit-set-record.js";
import { ServingProfileInputSchema, ServingProfileSchema } from "../../limits/serving-profile.js";
import { defaultServingRates } from "../../serving/serving-rates.js";
import type { AppEnv } from "../app-env.js";
import { tenantRoute } from "../auth.js";
import { decodeCursor, encodeCursor, NextCursor, PageQuery } from "../pagination.js";
import { booleanQuery, readJsonBody } from "../read-body.js";
import { documentable, errorResponses, FlagQuery, parsedBody, RefSchema } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const TenantParam = RefSchema.openapi({ param: { name: "tenant", in: "path" }, example: "frontier-lab" });
const PlanParam = RefSchema.openapi({ param: { name: "plan", in: "path" }, example: "max-5x" });
const VersionParam = z
  .string()
  .regex(/^(\d{1,9}|latest|current)$/)
  .openapi({
    param: { name: "version", in: "path" },
    example: "3",
    description: "A version number, `latest` (the newest set) or `current` (the one in force)",
  });

const ServingRateSchema = z
  .object({
    gpuModel: z.string(),
    modelClass: z.string(),
    outputTokensPerSecondPerGpu: z.number(),
    basis: z.enum(["mlperf", "derived", "tenant"]),
    note: z.string(),
  })
  .openapi("ServingRate", { description: "Output tokens/s per GPU: an estimate, with where it comes from" });

const ProfileAnswer = z
  .object({
    tenantId: z.string(),
    saved: z
      .boolean()
      .openapi({ description: "false: the tenant has not saved one; these are the defaults" }),
    profile: documentable(ServingProfileSchema).openapi("ServingProfile"),
    defaultRates: z.array(ServingRateSchema),
  })
  .openapi("ServingProfileAnswer");

const PlanSchema = documentable(LimitPlanSchema).openapi("LimitPlan");

const DimensionLimitSchema = z.object({
  dimension: z.enum(LIMIT_DIMENSIONS),
  window: z.enum(LIMIT_WINDOWS),
  limit: z.number().int(),
});
const PeakSchema = documentable(PeakReductionSchema).openapi("PeakReduction");

const LimitSetSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    version: z.number().int(),
    status: z.enum(LIMIT_SET_STATUSES),
    createdAt: z.string(),
    createdBy: z.string(),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
    trigger: z.object({
      kind: z.enum(["on_demand", "capacity_change"]),
      eventIds: z.array(z.number().int()),
    }),
    plans: z.array(
      z.object({
        plan: z.string(),
        modelClass: z.string(),
        limits: z.array(DimensionLimitSchema),
        peak: PeakSchema.optional(),
      }),
    ),
    planning: z.object({
      basedOnVersion: z.number().int(),
      gpusByModel: z.record(z.string(), z.number()),
      capacityByClass: z
        .record(z.string(), z.number())
        .openapi({ description: "Output tokens/s the live GPUs serve of each class (estimate)" }),
      targetUtilisation: z.number(),
      peakToAverageByHourUtc: z.array(z.number()),
      demandByHour: z
        .array(z.number())
        .openapi({ description: "Projected demand per hour (UTC) as a share of live capacity (estimate)" }),
      scale: z.number(),
      peakReductions: z.boolean(),
      warnings: z.array(z.string()),
    }),
  })
  .openapi("LimitSet");

/** A peak-hour reduction inline (a named component cannot be nullable in OpenAPI 3.1 as generated). */
const PeakValue = z.object({ hoursUtc: z.array(z.number().int()), factor: z.number() });

const LimitDiffSchema = z
  .object({
    rows: z.array(
      z.object({
        plan: z.string(),
        modelClass: z.string(),
        dimension: z.enum(LIMIT_DIMENSIONS),
        window: z.enum(LIMIT_WINDOWS),
        before: z.number().int().nullable(),
        after: z.number().int().nullable(),
        change: z.enum(LIMIT_CHANGES),
        ratio: z.number().nullable(),
      }),
    ),
    peaks: z.array(
      z.object({
        plan: z.string(),
        modelClass: z.string(),
        before: PeakValue.nullable(),
        after: PeakValue.nullable(),
        change: z.enum(["added", "removed", "changed", "unchanged"]),
      }),
    ),
  })
  .openapi("LimitDiff");

const SetAnswer = z.object({ set: LimitSetSchema, diff: LimitDiffSchema }).openapi("LimitSetWithDiff");

const VersionCursor = z.object({ before: z.number().int().min(1) });

function setAnswer(answer: LimitSetWithDiff) {
  return { set: answer.set, diff: answer.diff };
}

export function limitPlanRoutes(plans: LimitPlans, sets: LimitSets) {
  const app = new OpenAPIHono<AppEnv>();
  const tenantOnly = z.object({ tenant: TenantParam });

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/serving-profile",
      tags: ["Limits"],
      summary: "The tenant's serving profile (defaults until it saves one) and the default serving rates",
      request: { params: tenantOnly },
      responses: { 200: json(ProfileAnswer, "The profile"), ...errorResponses(404) },
    }),
    async (c) => {
      const answer = await plans.profile(c.get("principal"), c.req.valid("param").tenant);
      return c.json({ ...answer, defaultRates: defaultServingRates() }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "put",
      path: "/v1/tenants/{tenant}/serving-profile",
      tags: ["Limits"],
      summary: "Replace the tenant's serving profile (fields left out take their defaults)",
      request: {
        params: tenantOnly,
        body: parsedBody(app, "ServingProfileInput", ServingProfileInputSchema),
      },
      responses: { 200: json(ProfileAnswer, "The profile saved"), ...errorResponses(404) },
    }),
    async (c) => {
      const tenant = c.req.valid("param").tenant;
      const profile = await plans.saveProfile(c.get("principal"), tenant, await readJsonBody(c));
      const saved = await plans.profile(c.get("principal"), tenant);
      return c.json({ ...saved, profile, defaultRates: defaultServingRates() }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/limit-plans",
      tags: ["Limits"],
      summary: "The tenant's plans: API tiers and subscriptions, with their reference limits",
      request: { params: tenantOnly },
      responses: {
        200: json(z.object({ tenantId: z.string(), plans: z.array(PlanSchema) }), "The plans"),
        ...errorResponses(404),
      },
    }),
    async (c) => c.json(await plans.plans(c.get("principal"), c.req.valid("param").tenant), 200),
  );

  app.openapi(
    tenantRoute({
      method: "put",
      path: "/v1/tenants/{tenant}/limit-plans/{plan}",
      tags: ["Limits"],
      summary: "Create or replace a plan (a multiple of another plan names it in multipleOf)",
      request: {
        params: z.object({ tenant: TenantParam, plan: PlanParam }),
        body: parsedBody(app, "LimitPlanInput", LimitPlanSchema.partial({ name: true })),
      },
      responses: { 200: json(z.object({ plan: PlanSchema }), "The plan saved"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, plan } = c.req.valid("param");
      return c.json(
        { plan: await plans.savePlan(c.get("principal"), tenant, plan, await readJsonBody(c)) },
        200,
      );
    },
  );

  app.openapi(
    tenantRoute({
      method: "delete",
      path: "/v1/tenants/{tenant}/limit-plans/{plan}",
      tags: ["Limits"],
      summary: "Remove a plan (not one another plan is a multiple of)",
      request: { params: z.object({ tenant: TenantParam, plan: PlanParam }) },
      responses: { 204: { description: "Removed" }, ...errorResponses(404, 409) },
    }),
    async (c) => {
      const { tenant, plan } = c.req.valid("param");
      await plans.deletePlan(c.get("principal"), tenant, plan);
      return c.body(null, 204);
    },
  );

  app.openapi(
    tenantRoute({
      method: "post",
      path: "/v1/tenants/{tenant}/limit-sets",
      tags: ["Limits"],
      summary:
        "Compute the tenant's limits from its plans and live capacity now: a draft, or published at once with publish=true",
      request: { params: tenantOnly, query: z.object({ publish: FlagQuery }) },
      responses: {
        201: json(SetAnswer, "The new set and its diff against the set in force"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const publish = booleanQuery("publish", c.req.valid("query").publish);
      const answer = await sets.plan(c.get("principal"), c.req.valid("param").tenant, { publish });
      return c.json(setAnswer(answer), 201);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/limit-sets",
      tags: ["Limits"],
      summary: "The tenant's limit sets, newest first (paginated)",
      request: { params: tenantOnly, query: z.object(PageQuery) },
      responses: {
        200: json(z.object({ sets: z.array(LimitSetSchema), nextCursor: NextCursor }), "The sets"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const before = cursor ? decodeCursor(cursor, VersionCursor).before : undefined;
      const rows = await sets.list(c.get("principal"), c.req.valid("param").tenant, {
        limit: limit + 1,
        ...(before ? { before } : {}),
      });
      const page: LimitSetRecord[] = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor({ before: last.version }) : null;
      return c.json({ sets: page, nextCursor }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/limit-sets/{version}",
      tags: ["Limits"],
      summary:
        "One limit set with the planning behind it and its diff against the set in force when computed",
      request: { params: z.object({ tenant: TenantParam, version: VersionParam }) },
      responses: { 200: json(SetAnswer, "The set"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, version } = c.req.valid("param");
      return c.json(setAnswer(await sets.get(c.get("principal"), tenant, version)), 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/limit-sets/{version}/diff",
      tags: ["Limits"],
      summary:
        "The before/after table from another set (default: the one in force when it was computed) to this one",
      request: {
        params: z.object({ tenant: TenantParam, version: VersionParam }),
        query: z.object({
          against: z
            .string()
            .regex(/^(\d{1,9}|latest|current)$/)
            .optional()
            .openapi({
              param: { name: "against", in: "query" },
              description: "A version, latest or current",
            }),
        }),
      },
      responses: {
        200: json(
          z
            .object({ version: z.number().int(), against: z.number().int(), diff: LimitDiffSchema })
            .openapi("LimitSetDiff"),
          "The diff",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { tenant, version } = c.req.valid("param");
      const answer = await sets.diff(c.get("principal"), tenant, version, c.req.valid("query").against);
      return c.json({ version: answer.set.version, against: answer.against, diff: answer.diff }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "post",
      path: "/v1/tenants/{tenant}/limit-sets/{version}/publish",
      tags: ["Limits"],
      summary: "Approve and publish a draft newer than the set in force; the limiter uses it at once",
      request: { params: z.object({ tenant: TenantParam, version: VersionParam }) },
      responses: { 200: json(SetAnswer, "The published set"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, version } = c.req.valid("param");
      return c.json(setAnswer(await sets.publish(c.get("principal"), tenant, version)), 200);
    },
  );

  return app;
}
