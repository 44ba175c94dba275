/**
 * The tenant's side of the economics over HTTP: its capacity portfolio (deals, summary, timeline,
 * target, CSV import and export) and its unit economics. Every route names the tenant in its path:
 * a tenant key reaches its own (another's answers 404, as if it did not exist); an operator acts
 * for the tenant it names.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { PortfolioDeals } from "../../app/portfolio-deals.js";
import type { PortfolioViews } from "../../app/portfolio-views.js";
import type { TenantUnitEconomics } from "../../app/tenant-unit-economics.js";
import { DealInputSchema } from "../../portfolio/deal-input.js";
import { TargetInputSchema } from "../../portfolio/target-input.js";
import { UnitInputsSchema } from "../../portfolio/unit-inputs.js";
import type { AppEnv } from "../app-env.js";
import { tenantRoute } from "../auth.js";
import { listPage, NextCursor, PageQuery } from "../pagination.js";
import {
  DealSchema,
  dealView,
  PortfolioSummarySchema,
  summaryView,
  TargetSchema,
  TimelineSchema,
  UnitEconomicsSchema,
  unitEconomicsView,
} from "../portfolio-schemas.js";
import { readJsonBody } from "../read-body.js";
import { errorResponses, parsedBody, RefSchema } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const tenantParam = {
  tenant: RefSchema.openapi({
    param: { name: "tenant", in: "path" },
    description: "The tenant, by id or name (a tenant key: its own)",
  }),
};
const dealParams = z.object({
  ...tenantParam,
  deal: RefSchema.openapi({ param: { name: "deal", in: "path" }, description: "The deal, by id or name" }),
});
const date = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/)
  .refine(
    (v) => !Number.isNaN(Date.parse(v)) && Number(v.slice(0, 4)) >= 2000 && Number(v.slice(0, 4)) <= 2100,
    {
      message: "must be a date in 2000..2100",
    },
  );

const Tenant = z.object({ id: z.string(), name: z.string() });

export function portfolioRoutes(deps: {
  deals: PortfolioDeals;
  views: PortfolioViews;
  unitEconomics: TenantUnitEconomics;
}) {
  const app = new OpenAPIHono<AppEnv>();
  const { deals, views, unitEconomics } = deps;

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/portfolio",
      tags: ["Portfolio"],
      summary:
        "The portfolio now: committed and live MW and GPUs, by provider and deal, the share delivered by a date, against the target",
      request: {
        params: z.object(tenantParam),
        query: z.strictObject({
          by: date
            .optional()
            .openapi({ description: "The deliverability date (default: the target's date)" }),
        }),
      },
      responses: { 200: json(PortfolioSummarySchema, "The summary"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, summary } = await views.summary(
        c.get("principal"),
        c.req.valid("param").tenant,
        c.req.valid("query"),
      );
      return c.json(summaryView(tenant, summary), 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/portfolio/timeline",
      tags: ["Portfolio"],
      summary: "Live MW and GPUs at the start of every month, stacked by provider, with the target line",
      request: {
        params: z.object(tenantParam),
        query: z.strictObject({
          from: date
            .optional()
            .openapi({ description: "Default: the earliest online date, at most 10 years back" }),
          until: date
            .optional()
            .openapi({ description: "Default: December of the year after the target's; at most 600 months" }),
        }),
      },
      responses: { 200: json(TimelineSchema, "The timeline"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, target, timeline } = await views.timeline(
        c.get("principal"),
        c.req.valid("param").tenant,
        c.req.valid("query"),
      );
      return c.json({ tenant: { id: tenant.id, name: tenant.name }, target, ...timeline }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "put",
      path: "/v1/tenants/{tenant}/portfolio/target",
      tags: ["Portfolio"],
      summary: "Set the target the portfolio is measured against (default: a rival's 30 GW by 2030)",
      request: {
        params: z.object(tenantParam),
        body: parsedBody(app, "PortfolioTargetInput", TargetInputSchema),
      },
      responses: {
        200: json(z.object({ tenant: Tenant, target: TargetSchema }), "The target"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const body = await readJsonBody(c);
      const { tenant, target } = await views.setTarget(c.get("principal"), c.req.valid("param").tenant, body);
      return c.json({ tenant: { id: tenant.id, name: tenant.name }, target }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/portfolio/deals",
      tags: ["Portfolio"],
      summary: "The portfolio's deals by name",
      request: { params: z.object(tenantParam), query: z.strictObject({ ...PageQuery }) },
      responses: {
        200: json(
          z.object({ tenant: Tenant, deals: z.array(DealSchema), nextCursor: NextCursor }),
          "The deals",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const list = await deals.list(c.get("principal"), c.req.valid("param").tenant);
      const page = listPage(list.deals, (d) => ({ key: d.name, id: d.id }), c.req.valid("query"));
      return c.json(
        {
          tenant: { id: list.tenant.id, name: list.tenant.name },
          deals: page.rows.map((d) => dealView(d, list.leaseNames)),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );

  app.openapi(
    tenantRoute({
      method: "post",
      path: "/v1/tenants/{tenant}/portfolio/deals",
      tags: ["Portfolio"],
      summary:
        "Add a deal: provider, chip, MW or GPUs (or a lease of this tenant), online date, ramp, term, committed spend; an orbital site with its launch year, power source and cost per MW",
      request: {
        params: z.object(tenantParam),
        body: parsedBody(app, "PortfolioDealInput", DealInputSchema),
      },
      responses: { 201: json(z.object({ deal: DealSchema }), "The deal"), ...errorResponses(404) },
    }),
    async (c) => {
      const body = await readJsonBody(c);
      const added = await deals.add(c.get("principal"), c.req.valid("param").tenant, body);
      const [deal] = added.deals.map((d) => dealView(d, added.leaseNames));
      if (!deal) throw new Error("no deal added");
      return c.json({ deal }, 201);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/portfolio/deals/{deal}",
      tags: ["Portfolio"],
      summary: "One deal",
      request: { params: dealParams },
      responses: { 200: json(z.object({ deal: DealSchema }), "The deal"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, deal: ref } = c.req.valid("param");
      const found = await deals.show(c.get("principal"), tenant, ref);
      const [deal] = found.deals.map((d) => dealView(d, found.leaseNames));
      if (!deal) throw new Error("no deal found");
      return c.json({ deal }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "delete",
      path: "/v1/tenants/{tenant}/portfolio/deals/{deal}",
      tags: ["Portfolio"],
      summary: "Remove a deal from the portfolio",
      request: { params: dealParams },
      responses: { 200: json(z.object({ deal: DealSchema }), "The deal removed"), ...errorResponses(404) },
    }),
    async (c) => {
      const { tenant, deal: ref } = c.req.valid("param");
      const removed = await deals.remove(c.get("principal"), tenant, ref);
      const [deal] = removed.deals.map((d) => dealView(d, removed.leaseNames));
      if (!deal) throw new Error("no deal removed");
      return c.json({ deal }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "post",
      path: "/v1/tenants/{tenant}/portfolio/import",
      tags: ["Portfolio"],
      summary:
        "Import deals from CSV (a header row of column names, then a deal a row): all or nothing, every bad row named by line, field and bound",
      request: {
        params: z.object(tenantParam),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.strictObject({
                csv: z
                  .string()
                  .max(1024 * 1024)
                  .openapi({
                    description:
                      "The CSV text; columns name, provider, chip, onlineAt and any of kind, powerMw, gpus, kwPerGpu, rampMonths, termMonths, committedSpend, lease, launchYear, powerSource, costPerMw",
                  }),
                mode: z.enum(["append", "replace"]).default("append").openapi({
                  description: "append: add to the deals; replace: the file becomes the portfolio",
                }),
              }),
            },
          },
        },
      },
      responses: {
        200: json(
          z.object({ tenant: Tenant, imported: z.number().int(), removed: z.number().int() }),
          "What was imported (and removed, for replace)",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const result = await deals.importCsv(
        c.get("principal"),
        c.req.valid("param").tenant,
        c.req.valid("json"),
      );
      const { tenant, ...counts } = result;
      return c.json({ tenant: { id: tenant.id, name: tenant.name }, ...counts }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/portfolio/export",
      tags: ["Portfolio"],
      summary: "The deals as CSV, as import reads them",
      request: { params: z.object(tenantParam) },
      responses: {
        200: { description: "CSV with a header row", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { tenant, csv } = await deals.exportCsv(c.get("principal"), c.req.valid("param").tenant);
      return c.text(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${tenant.name}-portfolio.csv"`,
      });
    },
  );

  const atQuery = z.strictObject({
    at: date.optional().openapi({ description: "The moment whose GPUs count (default: now)" }),
  });

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}/unit-economics",
      tags: ["Portfolio"],
      summary:
        "The tenant's unit economics: GPUs leased here and live in its deals → serving capacity → the annual revenue it can serve, against what the compute costs a year",
      request: { params: z.object(tenantParam), query: atQuery },
      responses: { 200: json(UnitEconomicsSchema, "The unit economics"), ...errorResponses(404) },
    }),
    async (c) => {
      const answer = await unitEconomics.show(
        c.get("principal"),
        c.req.valid("param").tenant,
        c.req.valid("query").at,
      );
      return c.json(unitEconomicsView(answer), 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "post",
      path: "/v1/tenants/{tenant}/unit-economics/preview",
      tags: ["Portfolio"],
      summary: "The unit economics with changed inputs (over the saved ones); saves nothing",
      request: {
        params: z.object(tenantParam),
        query: atQuery,
        body: parsedBody(app, "UnitEconomicsInputChanges", UnitInputsSchema),
      },
      responses: { 200: json(UnitEconomicsSchema, "The unit economics"), ...errorResponses(404) },
    }),
    async (c) => {
      const body = await readJsonBody(c);
      const { tenant } = c.req.valid("param");
      const answer = await unitEconomics.preview(c.get("principal"), tenant, body, c.req.valid("query").at);
      return c.json(unitEconomicsView(answer), 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "put",
      path: "/v1/tenants/{tenant}/unit-economics",
      tags: ["Portfolio"],
      summary: "Save unit-economics inputs (the fields sent replace the saved ones)",
      request: {
        params: z.object(tenantParam),
        body: parsedBody(app, "UnitEconomicsInputChanges", UnitInputsSchema),
      },
      responses: {
        200: json(UnitEconomicsSchema, "The unit economics with the saved inputs"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const body = await readJsonBody(c);
      const answer = await unitEconomics.save(c.get("principal"), c.req.valid("param").tenant, body);
      return c.json(unitEconomicsView(answer), 200);
    },
  );

  return app;
}
