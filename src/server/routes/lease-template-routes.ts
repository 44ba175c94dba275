/**
 * The seed scenarios (rent half, rent all) as ready lease requests for a site, sized from what it
 * can lease: the CLI's `leases template` and the dashboard's new-lease panel both start here.
 * Operators only.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { LeaseQuotes } from "../../app/lease-quote.js";
import { LEASE_TEMPLATES } from "../../leasing/lease-templates.js";
import { LeaseholdError } from "../../shared/errors.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import { LeaseRequestBody } from "../lease-schemas.js";
import { errorResponses, NameSchema, RefSchema, SiteRefParam } from "../schemas.js";

export function leaseTemplateRoutes(quotes: LeaseQuotes) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/lease-templates/{template}",
      tags: ["Capacity"],
      summary: "A seed scenario as a ready lease request, sized from the GPUs the site can lease",
      description:
        "rent-half: about half the site's leasable GPUs as whole H100 nodes, packed, block isolation, islands " +
        "of 2,048 GPUs, $2.10/GPU-hour for a year. rent-all: every leasable GPU, site isolation, $1.25B a " +
        "month to May 31, 2029, 90 days' notice, 50% off for two months. A site that cannot supply the " +
        "scenario answers 409 TEMPLATE_NOT_APPLICABLE saying why. Quote or create the request as it is.",
      request: {
        params: z.object({
          site: SiteRefParam,
          template: z.enum(LEASE_TEMPLATES).openapi({ param: { name: "template", in: "path" } }),
        }),
        query: z.strictObject({
          tenant: RefSchema.openapi({
            param: { name: "tenant", in: "query" },
            description: "The tenant (id or name) the lease is for",
          }),
          name: NameSchema.optional().openapi({
            param: { name: "name", in: "query" },
            description: "The lease's name (default: the scenario's)",
          }),
          startsAt: z.iso
            .datetime({ offset: true })
            .optional()
            .openapi({
              param: { name: "startsAt", in: "query" },
              description: "When delivery starts (default: now, to the minute)",
            }),
        }),
      },
      responses: {
        200: {
          description: "The lease request",
          content: { "application/json": { schema: LeaseRequestBody } },
        },
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const { site, template } = c.req.valid("param");
      const { tenant, name, startsAt } = c.req.valid("query");
      const result = await quotes.template(site, template, {
        tenant,
        ...(name ? { name } : {}),
        ...(startsAt ? { startsAt } : {}),
      });
      if (!result.ok) throw new LeaseholdError("TEMPLATE_NOT_APPLICABLE", result.reason);
      // The request as a caller writes it: fields left to their defaults stay out.
      return c.json(result.request as z.output<typeof LeaseRequestBody>, 200);
    },
  );

  return app;
}
