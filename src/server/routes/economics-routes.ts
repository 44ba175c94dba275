/**
 * The owner's economics of a site over /v1: the P&L under a scenario, scenarios side by side, the
 * tornado, the Monte Carlo, the site's saved input overrides, and saved scenarios. A site's P&L is
 * the operator's: every route here is an operator route. The computations change nothing; they are
 * POSTs because the ask (scenario, overrides, horizon) is a body.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { EconomicScenarios } from "../../app/economic-scenarios.js";
import type { EconomicsService } from "../../app/economics-service.js";
import { wireAmount, wireRate } from "../../shared/money.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import {
  DriverRangesSchema,
  EconomicsAskSchema,
  EconomicsReportSchema,
  PnlRowSchema,
  ReportHeadSchema,
  renderHead,
  renderReport,
  renderRow,
  renderSummary,
  SavedScenarioSchema,
  ScenarioDefinitionWire,
  SummarySchema,
} from "../economics-schemas.js";
import { listPage, NextCursor, PageQuery, queryInteger } from "../pagination.js";
import { errorResponses, NameSchema, SiteRefParam } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const siteParams = z.object({ site: SiteRefParam });
const TAGS = ["Economics"];
const ScenarioNameParam = NameSchema.openapi({
  param: { name: "name", in: "path" },
  example: "rent-60-at-2.40",
});

export function economicsRoutes(economics: EconomicsService, scenarios: EconomicScenarios) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/sites/{site}/economics",
      tags: TAGS,
      summary: "A site's P&L under a scenario, by month and year, with breakeven, payback, NPV and IRR",
      description:
        "Revenue is the scenario's leases' contract schedules plus the owner's own work on unleased GPUs at " +
        "the shadow price. Money is exact; fields named …Estimate are float estimates. Changes nothing.",
      request: { params: siteParams, body: body(EconomicsAskSchema) },
      responses: { 200: json(EconomicsReportSchema, "The report"), ...errorResponses(400, 404, 409) },
    }),
    async (c) => {
      const report = await economics.report(c.req.valid("param").site, c.req.valid("json"));
      return c.json(renderReport(report), 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/sites/{site}/economics/compare",
      tags: TAGS,
      summary: "Scenarios side by side over the same horizon (default: internal, rent-half, rent-all)",
      request: {
        params: siteParams,
        body: body(
          EconomicsAskSchema.omit({ scenario: true, version: true }).extend({
            scenarios: z
              .array(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/))
              .min(1)
              .max(8)
              .optional(),
          }),
        ),
      },
      responses: {
        200: json(
          z.object({
            site: z.object({ id: z.string(), name: z.string() }),
            horizon: z.object({ fromMonth: z.string(), months: z.number().int() }),
            scenarios: z.array(
              ReportHeadSchema.pick({ scenario: true }).extend({
                summary: SummarySchema,
                total: PnlRowSchema,
                years: z.array(PnlRowSchema),
              }),
            ),
          }),
          "The scenarios, in the order asked",
        ),
        ...errorResponses(400, 404, 409),
      },
    }),
    async (c) => {
      const { scenarios: names, ...ask } = c.req.valid("json");
      const reports = await economics.compare(
        c.req.valid("param").site,
        names ?? ["internal", "rent-half", "rent-all"],
        ask,
      );
      const first = reports[0];
      return c.json(
        {
          site: first?.site ?? { id: "", name: "" },
          horizon: first?.horizon ?? { fromMonth: "", months: 0 },
          scenarios: reports.map((r) => ({
            scenario: r.scenario,
            summary: renderSummary(r),
            total: renderRow(r.economics.pnl.total),
            years: r.economics.pnl.years.map(renderRow),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/sites/{site}/economics/sensitivity",
      tags: TAGS,
      summary:
        "The tornado (the margin with each driver at its low and high end, widest first) and the breakeven surface",
      request: { params: siteParams, body: body(EconomicsAskSchema) },
      responses: {
        200: json(
          ReportHeadSchema.extend({
            baseMarginEstimate: z.number().nullable(),
            bars: z.array(
              z.object({
                driver: z.enum(["price", "utilisation", "powerPrice", "capex", "itLifeYears"]),
                low: z.number(),
                high: z.number(),
                marginAtLowEstimate: z.number().nullable(),
                marginAtHighEstimate: z.number().nullable(),
                swing: z.number(),
              }),
            ),
            ranges: DriverRangesSchema,
            surface: z.object({
              prices: z.array(z.string()).openapi({ description: "USD per GPU-hour, ascending" }),
              utilisationPercents: z.array(z.number()),
              marginEstimates: z.array(z.array(z.number().nullable())).openapi({
                description: "marginEstimates[u][p]: the margin at utilisationPercents[u] and prices[p]",
              }),
            }),
          }),
          "The tornado and the breakeven surface",
        ),
        ...errorResponses(400, 404, 409),
      },
    }),
    async (c) => {
      const s = await economics.sensitivity(c.req.valid("param").site, c.req.valid("json"));
      return c.json(
        {
          ...renderHead(s.report),
          baseMarginEstimate: s.baseMargin,
          bars: s.bars.map((b) => ({
            driver: b.driver,
            low: b.low,
            high: b.high,
            marginAtLowEstimate: b.marginAtLow,
            marginAtHighEstimate: b.marginAtHigh,
            swing: b.swing,
          })),
          ranges: s.ranges,
          surface: {
            prices: s.surface.pricesMicros.map(wireRate),
            utilisationPercents: s.surface.utilisationsBps.map((u) => u / 100),
            marginEstimates: s.surface.margins.map((row) =>
              row.map((m) => (m === null ? null : Math.round(m * 1e6) / 1e6)),
            ),
          },
        },
        200,
      );
    },
  );

  const Percentiles = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });
  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/sites/{site}/economics/montecarlo",
      tags: TAGS,
      summary:
        "A Monte Carlo of the margin over the drivers' ranges: P10/P50/P90 and the chance of breakeven",
      description:
        "Each driver is drawn uniformly in its range from a seeded generator: the same seed, the same answer.",
      request: {
        params: siteParams,
        body: body(
          EconomicsAskSchema.extend({
            samples: z
              .number()
              .int()
              .min(1)
              .max(100_000)
              .optional()
              .openapi({ description: "Default 10,000" }),
            seed: z.number().int().min(0).max(4_294_967_295).optional().openapi({ description: "Default 1" }),
          }),
        ),
      },
      responses: {
        200: json(
          ReportHeadSchema.extend({
            samples: z.number().int(),
            seed: z.number().int(),
            operatingIncomeEstimate: z.object({ p10: z.string(), p50: z.string(), p90: z.string() }),
            marginEstimate: Percentiles,
            breakevenProbabilityEstimate: z.number(),
            histogram: z.array(z.object({ from: z.number(), to: z.number(), samples: z.number().int() })),
            ranges: DriverRangesSchema,
          }),
          "The distribution",
        ),
        ...errorResponses(400, 404, 409),
      },
    }),
    async (c) => {
      const { samples, seed, ...ask } = c.req.valid("json");
      const m = await economics.monteCarlo(c.req.valid("param").site, ask, {
        samples: samples ?? 10_000,
        seed: seed ?? 1,
      });
      const amount = (x: number) => wireAmount(BigInt(Math.round(x)));
      const r = m.result;
      return c.json(
        {
          ...renderHead(m.report),
          samples: r.samples,
          seed: r.seed,
          operatingIncomeEstimate: {
            p10: amount(r.operatingIncomeMicros.p10),
            p50: amount(r.operatingIncomeMicros.p50),
            p90: amount(r.operatingIncomeMicros.p90),
          },
          marginEstimate: r.margin,
          breakevenProbabilityEstimate: r.breakevenProbability,
          histogram: r.histogram,
          ranges: m.ranges,
        },
        200,
      );
    },
  );

  const SiteInputsSchema = z.object({
    site: z.object({ id: z.string(), name: z.string() }),
    version: z.number().int().openapi({ description: "0 when none were ever saved" }),
    inputs: z.record(z.string(), z.string()),
    createdAt: z.string(),
  });
  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/economics/inputs",
      tags: TAGS,
      summary: "The site's saved input overrides",
      request: { params: siteParams },
      responses: { 200: json(SiteInputsSchema, "The overrides"), ...errorResponses(404) },
    }),
    async (c) => c.json(await scenarios.siteInputs(c.req.valid("param").site), 200),
  );

  app.openapi(
    operatorRoute({
      method: "put",
      path: "/v1/sites/{site}/economics/inputs",
      tags: TAGS,
      summary: "Replace the site's input overrides (a new version)",
      request: {
        params: siteParams,
        body: body(z.strictObject({ inputs: z.record(z.string().max(64), z.string().max(32)) })),
      },
      responses: { 200: json(SiteInputsSchema, "The new version"), ...errorResponses(400, 404) },
    }),
    async (c) =>
      c.json(await scenarios.setSiteInputs(c.req.valid("param").site, c.req.valid("json").inputs), 200),
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/economic-scenarios",
      tags: TAGS,
      summary: "Saved scenarios at their latest version, by name (paginated)",
      request: { query: z.object(PageQuery) },
      responses: {
        200: json(z.object({ scenarios: z.array(SavedScenarioSchema), nextCursor: NextCursor }), "Scenarios"),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const page = listPage(
        await scenarios.list(),
        (s) => ({ key: s.name, id: s.name }),
        c.req.valid("query"),
      );
      return c.json({ scenarios: page.rows, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/economic-scenarios/{name}",
      tags: TAGS,
      summary: "A saved scenario at a version (default: its latest), and the versions it has",
      request: {
        params: z.object({ name: ScenarioNameParam }),
        query: z.object({
          version: queryInteger({ min: 1, max: 1_000_000 })
            .optional()
            .openapi({ param: { name: "version", in: "query" }, description: "Default: the latest" }),
        }),
      },
      responses: {
        200: json(
          z.object({ scenario: SavedScenarioSchema, versions: z.array(z.number().int()) }),
          "The scenario",
        ),
        ...errorResponses(400, 404),
      },
    }),
    async (c) => c.json(await scenarios.get(c.req.valid("param").name, c.req.valid("query").version), 200),
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/economic-scenarios",
      tags: TAGS,
      summary: "Save a scenario under a name: a new version each time",
      request: {
        body: body(
          ScenarioDefinitionWire.extend({ name: NameSchema.openapi({ example: "rent-60-at-2.40" }) }),
        ),
      },
      responses: {
        200: json(z.object({ scenario: SavedScenarioSchema }), "The saved version"),
        ...errorResponses(400),
      },
    }),
    async (c) => {
      const { name, ...definition } = c.req.valid("json");
      return c.json({ scenario: await scenarios.save(name, definition) }, 200);
    },
  );

  return app;
}
