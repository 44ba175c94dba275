/**
 * Usage-limit enforcement for gateways: check (one or many), settle, and the last hour's
 * decisions. Operator, tenant and checker keys may call them; a tenant or checker key only ever
 * touches its own tenant's subjects, an operator names the tenant.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { tenantScope } from "../../access/principal.js";
import type { CheckAnswer, LimitChecks } from "../../app/limit-checks.js";
import { DENIAL_CAUSES } from "../../limits/decision-log.js";
import { LIMIT_DIMENSIONS, LIMIT_WINDOWS } from "../../limits/limit-set.js";
import { rateLimitHeaders, rfc3339 } from "../../limits/rate-limit-headers.js";
import type { AppEnv } from "../app-env.js";
import { checkerRoute } from "../auth.js";
import { ErrorSchema, errorResponses } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

const MAX_TOKENS = 100_000_000;
const TenantField = z
  .string()
  .regex(/^tnt_[0-9a-hjkmnp-tv-z]{26}$/)
  .optional()
  .openapi({ description: "The tenant's id: required with an operator key, else the key's own tenant" });
const Name = (example: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .openapi({ example });
/** Whose usage: printable ASCII without spaces (a user id, an API key's id, an e-mail address). */
const Subject = z
  .string()
  .regex(/^[!-~]{1,256}$/)
  .openapi({
    description: "Whose usage: an end user, key or organisation (printable ASCII)",
    example: "user-42",
  });

const CheckSchema = z
  .strictObject({
    tenant: TenantField,
    subject: Subject,
    plan: Name("max-5x"),
    modelClass: Name("large"),
    inputTokens: z.number().int().min(0).max(MAX_TOKENS).openapi({ example: 1_200 }),
    maxOutputTokens: z.number().int().min(0).max(MAX_TOKENS).openapi({
      description: "The request's max_tokens: reserved on a grant until settled",
      example: 4_096,
    }),
  })
  .openapi("LimitCheck");

const LimitStatusSchema = z
  .object({
    dimension: z.enum(LIMIT_DIMENSIONS),
    window: z.enum(LIMIT_WINDOWS),
    limit: z.number().int(),
    remaining: z.number().int(),
    resetAt: z.string().openapi({ description: "When it is fully replenished (RFC 3339)" }),
  })
  .openapi("LimitStatus");

const VerdictSchema = z
  .object({
    granted: z.boolean(),
    tenantId: z.string(),
    limitSetVersion: z.number().int().openapi({ description: "The tenant's limit set in force (0: none)" }),
    reservationId: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Granted: the reservation of the output tokens to settle (null when none)" }),
    degraded: z
      .boolean()
      .openapi({ description: "Granted by the fail-open policy while the store is unreachable" }),
    reason: z.enum(["limit", "no_limits", "store_unavailable"]).nullable().openapi({
      description:
        "Denied: a limit, no limits published for the plan, or the store unreachable (fail closed)",
    }),
    dimension: z
      .enum(LIMIT_DIMENSIONS)
      .nullable()
      .openapi({ description: "Denied by a limit: its dimension" }),
    window: z.enum(LIMIT_WINDOWS).nullable().openapi({ description: "Denied by a limit: its window" }),
    retryAfterSeconds: z.number().int().nullable(),
    exceedsLimit: z
      .boolean()
      .openapi({ description: "Denied: the request alone is above a limit, no wait grants it" }),
    limits: z.array(LimitStatusSchema),
  })
  .openapi("LimitVerdict");

const DenialSchema = ErrorSchema.extend({ denial: VerdictSchema.optional() }).openapi("LimitDenial");

function verdictBody(answer: CheckAnswer) {
  const denied = answer.granted ? undefined : answer;
  return {
    granted: answer.granted,
    tenantId: answer.tenantId,
    limitSetVersion: answer.limitSetVersion,
    reservationId: answer.granted ? answer.reservationId : null,
    degraded: answer.granted ? answer.degraded === true : false,
    reason: denied?.reason ?? null,
    dimension: denied?.dimension ?? null,
    window: denied?.window ?? null,
    retryAfterSeconds: denied ? Math.max(1, Math.ceil(retryAfterMs(answer) / 1000)) : null,
    exceedsLimit: denied?.exceedsLimit ?? false,
    limits: answer.limits.map((l) => ({
      dimension: l.dimension,
      window: l.window,
      limit: l.limit,
      remaining: l.remaining,
      resetAt: rfc3339(l.resetAtMs),
    })),
  };
}

/** A denial's wait; a plan with no limits is worth asking again in a minute (a set may be published). */
function retryAfterMs(answer: CheckAnswer): number {
  if (answer.granted) return 0;
  return answer.reason === "no_limits" ? 60_000 : answer.retryAfterMs;
}

function denialMessage(answer: CheckAnswer): string {
  if (answer.granted) return "";
  if (answer.reason === "no_limits") return "no usage limits are published for this plan and model class";
  if (answer.reason === "store_unavailable")
    return "the usage-limit store is unreachable and the policy is to deny";
  const what = `${answer.dimension} per ${answer.window?.replace("_", " ")}`;
  return answer.exceedsLimit
    ? `the request alone is above the ${what} limit`
    : `${what} limit reached: retry in ${Math.ceil(answer.retryAfterMs / 1000)} s`;
}

export function limitCheckRoutes(checks: LimitChecks) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    checkerRoute({
      method: "post",
      path: "/v1/limits/check",
      tags: ["Limits"],
      summary:
        "Check one request against every limit of its plan atomically; a grant reserves its max output tokens (429 names the dimension and window that denied it)",
      request: { body: body(CheckSchema) },
      responses: {
        200: json(VerdictSchema, "Granted; the anthropic-ratelimit-* and RateLimit headers say what is left"),
        429: json(DenialSchema, "Denied (RATE_LIMITED, with the denial), or too many failed sign-ins"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const answer = await checks.check(tenantScope(c.get("principal")), c.req.valid("json"));
      const nowMs = answer.atMs;
      const verdict = verdictBody(answer);
      if (answer.granted) return c.json(verdict, 200, rateLimitHeaders(answer.limits, nowMs));
      const error = {
        code: "RATE_LIMITED" as const,
        message: denialMessage(answer),
        requestId: c.get("requestId"),
      };
      return c.json(
        { error, denial: verdict },
        429,
        rateLimitHeaders(answer.limits, nowMs, retryAfterMs(answer)),
      );
    },
  );

  app.openapi(
    checkerRoute({
      method: "post",
      path: "/v1/limits/check/batch",
      tags: ["Limits"],
      summary:
        "Check many requests in one call, each decided on its own in order (no headers; each verdict carries its limits)",
      request: { body: body(z.strictObject({ checks: z.array(CheckSchema).min(1).max(1_000) })) },
      responses: {
        200: json(z.object({ results: z.array(VerdictSchema) }), "One verdict per check, in order"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const answers = await checks.checkMany(tenantScope(c.get("principal")), c.req.valid("json").checks);
      return c.json({ results: answers.map(verdictBody) }, 200);
    },
  );

  app.openapi(
    checkerRoute({
      method: "post",
      path: "/v1/limits/settle",
      tags: ["Limits"],
      summary: "Settle a grant's reservation with the output tokens it produced: the rest is refunded",
      request: {
        body: body(
          z
            .strictObject({
              tenant: TenantField,
              subject: Subject,
              modelClass: Name("large"),
              reservationId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
              outputTokens: z.number().int().min(0).max(MAX_TOKENS),
            })
            .openapi("LimitSettle"),
        ),
      },
      responses: {
        200: json(
          z
            .object({
              settled: z.boolean().openapi({
                description:
                  "False when the reservation is unknown, already settled, or expired (and refunded)",
              }),
              refundedTokens: z
                .number()
                .int()
                .nullable()
                .openapi({ description: "Tokens given back (negative: charged beyond the reservation)" }),
            })
            .openapi("LimitSettled"),
          "Settled, or nothing to settle",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const outcome = await checks.settle(tenantScope(c.get("principal")), c.req.valid("json"));
      return c.json(
        {
          settled: outcome.settled,
          refundedTokens: outcome.settled ? Math.round(outcome.refundedTokens) : null,
        },
        200,
      );
    },
  );

  app.openapi(
    checkerRoute({
      method: "get",
      path: "/v1/limits/decisions",
      tags: ["Limits"],
      summary:
        "Granted and denied checks per minute over the last hour, by what denied them (this server's counts)",
      request: {
        query: z.object({
          tenant: z
            .string()
            .regex(/^[A-Za-z0-9._-]{1,64}$/)
            .optional()
            .openapi({
              description:
                "The tenant's id: required with an operator key; a tenant or checker key sees only its own counts",
            }),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              minutes: z.array(
                z.object({
                  minute: z.string().openapi({ description: "The minute's start (RFC 3339)" }),
                  granted: z.number().int(),
                  denied: z.object(
                    Object.fromEntries(DENIAL_CAUSES.map((cause) => [cause, z.number().int()])),
                  ),
                }),
              ),
            })
            .openapi("LimitDecisions"),
          "Sixty minutes, oldest first",
        ),
      },
    }),
    (c) => {
      const minutes = checks.decisions(tenantScope(c.get("principal")), c.req.valid("query").tenant);
      return c.json(
        {
          minutes: minutes.map((m) => ({
            minute: rfc3339(m.minuteMs),
            granted: m.granted,
            denied: m.denied,
          })),
        },
        200,
      );
    },
  );

  return app;
}
