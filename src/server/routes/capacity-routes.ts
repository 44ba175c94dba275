/**
 * The capacity calendar over HTTP: quote a lease without reserving anything, a site's availability
 * by model over a window, and the site's allocation map with a legend of leases and tenants.
 * Operators only: they show every tenant's holdings.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AccessService } from "../../app/access-service.js";
import type { LeaseQuotes } from "../../app/lease-quote.js";
import type { LeaseService } from "../../app/lease-service.js";
import type { LeaseViews } from "../../app/lease-views.js";
import { ISOLATION_LEVELS } from "../../leasing/lease.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import { AllocationMapSchema, QuoteSchema, SiteAvailabilitySchema } from "../capacity-schemas.js";
import { LeaseRequestBody } from "../lease-schemas.js";
import { quoteView } from "../quote-view.js";
import { readJsonBody } from "../read-body.js";
import { errorResponses, parsedBody, RefSchema, SiteRefParam } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const instant = z.iso.datetime({ offset: true });

export function capacityRoutes(deps: {
  quotes: LeaseQuotes;
  views: LeaseViews;
  leases: LeaseService;
  access: AccessService;
}) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases/quote",
      tags: ["Capacity"],
      summary:
        "Quote a lease: where it fits, its earliest start and its price month by month; reserves nothing",
      // The use case validates the body (once) and names every bad field.
      request: { body: parsedBody(app, "LeaseRequest", LeaseRequestBody) },
      responses: { 200: json(QuoteSchema, "The quote"), ...errorResponses(404) },
    }),
    async (c) => {
      const body = await readJsonBody(c);
      const quote = await deps.quotes.quote(c.get("principal"), body);
      return c.json(quoteView(quote), 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/availability",
      tags: ["Capacity"],
      summary:
        "GPUs of each model the site can still lease over [from, until), what it holds now, and what one tenant can lease now under an isolation",
      request: {
        params: z.object({ site: SiteRefParam }),
        query: z.object({
          from: instant.optional().openapi({ description: "Default: now" }),
          until: instant.optional().openapi({ description: "Default: from + 365 days; at most 10 years" }),
          tenant: RefSchema.optional().openapi({
            description:
              "A tenant's id or name: forTenant answers for it (default, or no such tenant: a new tenant)",
          }),
          isolation: z
            .enum(ISOLATION_LEVELS)
            .optional()
            .openapi({ description: "The isolation of the lease in mind (default node)" }),
        }),
      },
      responses: { 200: json(SiteAvailabilitySchema, "The availability"), ...errorResponses(404) },
    }),
    async (c) => {
      const site = c.req.valid("param").site;
      return c.json(await deps.quotes.availability(site, c.req.valid("query")), 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/allocation-map",
      tags: ["Capacity"],
      summary:
        "Every rack's nodes by holder (house, spare, out, or a lease), with a legend of leases and tenants",
      request: {
        params: z.object({ site: SiteRefParam }),
        query: z.strictObject({
          path: z
            .string()
            .min(1)
            .max(512)
            .regex(/^[A-Za-z0-9._/-]+$/)
            .optional()
            .openapi({
              param: { name: "path", in: "query" },
              description:
                "A topology path (e.g. hall-01/block-001): also list each node under it with its holder",
            }),
        }),
      },
      responses: { 200: json(AllocationMapSchema, "The allocation map"), ...errorResponses(404) },
    }),
    async (c) => {
      const by = c.get("principal");
      const map = await deps.views.allocationMap(c.req.valid("param").site, c.req.valid("query").path);
      const [leases, tenants] = await Promise.all([
        deps.leases.list(by, { site: map.siteId }),
        deps.access.tenants(by),
      ]);
      const names = new Map<string, string>([...leases, ...tenants].map((x) => [x.id, x.name]));
      const legend = map.leases.map((l) => ({
        ...l,
        name: names.get(l.leaseId) ?? l.leaseId,
        tenantName: names.get(l.tenantId) ?? l.tenantId,
      }));
      return c.json({ ...map, leases: legend }, 200);
    },
  );

  return app;
}
