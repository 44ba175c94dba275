/**
 * The wire shapes of the owner's economics and how a report renders into them: money as exact
 * decimal strings (amounts to the cent, rates to the micro), ratios as numbers named `…Estimate`.
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { EconomicsReport } from "../app/economics-service.js";
import { BUILT_IN_SCENARIOS } from "../economics/scenario-lease.js";
import type { PnlPeriod } from "../economics/site-pnl.js";
import { wireAmount, wireRate } from "../shared/money.js";

const Amount = z.string().openapi({ example: "1250000000.00", description: "USD, exact to the cent" });
const Rate = z.string().openapi({ example: "2.100000", description: "USD per GPU-hour, exact to the micro" });
const Estimate = z.number().nullable();

export const MonthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** The ask every economics route takes. */
export const EconomicsAskSchema = z
  .strictObject({
    scenario: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional()
      .openapi({
        description: `A built-in scenario (${BUILT_IN_SCENARIOS.join(", ")}) or a saved one (default: actual)`,
      }),
    version: z.number().int().min(1).max(1_000_000).optional().openapi({
      description: "A saved scenario's version (default: its latest)",
    }),
    inputs: z
      .record(z.string().max(64), z.string().max(32))
      .optional()
      .openapi({ description: "Overrides, key → value as in the report's inputs", example: { pue: "1.20" } }),
    fromMonth: MonthParam.optional().openapi({ description: "First month, YYYY-MM (default: this month)" }),
    months: z.number().int().min(1).max(240).optional().openapi({ description: "Months (default 60)" }),
    breakevenUtilisationPercent: z.string().max(8).optional().openapi({
      description: "The breakeven price at this utilisation, percent (default: the scenario's)",
    }),
    breakevenPrice: z.string().max(24).optional().openapi({
      description: "The breakeven utilisation at this price, USD/GPU-hour (default: what the scenario earns)",
    }),
  })
  .openapi("EconomicsAsk");

export const PnlRowSchema = z
  .object({
    period: z.string(),
    leaseRevenue: Amount,
    internalValue: Amount.openapi({
      description: "The owner's own work at the shadow price: a value, not cash",
    }),
    revenue: Amount,
    power: Amount,
    depreciation: Amount,
    otherOpex: Amount,
    operatingIncome: Amount,
    tax: Amount,
    netIncome: Amount,
    cashFlow: Amount,
    fleetGpuHours: z.number().int(),
    leasedGpuHours: z.number().int(),
    internalGpuHours: z.number().int(),
  })
  .openapi("PnlRow");

export const ReportHeadSchema = z.object({
  site: z.object({ id: z.string(), name: z.string() }),
  scenario: z.object({
    name: z.string(),
    version: z.number().int().nullable(),
    base: z.enum(BUILT_IN_SCENARIOS),
    description: z.string(),
  }),
  horizon: z.object({ fromMonth: z.string(), months: z.number().int() }),
  inputs: z.array(
    z.object({
      key: z.string(),
      value: z.string(),
      unit: z.string(),
      source: z.string(),
      setBy: z.enum(["default", "site", "scenario", "ask"]),
    }),
  ),
});

export const SummarySchema = z
  .object({
    capex: Amount,
    facilityMw: z.string(),
    costPerGpuHour: Rate.nullable(),
    costBeforeOtherOpexPerGpuHour: Rate.nullable(),
    operatingMarginEstimate: Estimate,
    marginBeforeOtherOpexEstimate: Estimate,
    utilisationEstimate: z.number(),
    breakeven: z.object({
      atUtilisationPercent: z.string(),
      price: Rate.nullable().openapi({ description: "Null when nothing is sold" }),
      atPrice: Rate,
      utilisationEstimate: Estimate.openapi({ description: "Null when even full use does not break even" }),
    }),
    paybackMonths: z.number().int().nullable(),
    npvEstimate: Amount,
    irrEstimate: Estimate.openapi({ description: "Annual; null when the cash never repays the capex" }),
    company: z.object({
      annualLeaseRevenue: Amount,
      annualNetLoss: Amount,
      surplus: Amount,
      reachesBreakeven: z.boolean(),
      coverageRatioEstimate: Estimate,
    }),
  })
  .openapi("EconomicsSummary");

export const EconomicsReportSchema = ReportHeadSchema.extend({
  summary: SummarySchema,
  total: PnlRowSchema,
  years: z.array(PnlRowSchema),
  months: z.array(PnlRowSchema),
}).openapi("EconomicsReport");

export function renderRow(p: PnlPeriod): z.output<typeof PnlRowSchema> {
  return {
    period: p.period,
    leaseRevenue: wireAmount(p.leaseRevenueMicros),
    internalValue: wireAmount(p.internalValueMicros),
    revenue: wireAmount(p.revenueMicros),
    power: wireAmount(p.powerMicros),
    depreciation: wireAmount(p.depreciationMicros),
    otherOpex: wireAmount(p.otherOpexMicros),
    operatingIncome: wireAmount(p.operatingIncomeMicros),
    tax: wireAmount(p.taxMicros),
    netIncome: wireAmount(p.netIncomeMicros),
    cashFlow: wireAmount(p.cashFlowMicros),
    fleetGpuHours: Number(p.fleetGpuHours),
    leasedGpuHours: Number(p.leasedGpuHours),
    internalGpuHours: Number(p.internalGpuHours),
  };
}

const rateOrNull = (m: bigint | null) => (m === null ? null : wireRate(m));
const round6 = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);

export function renderHead(r: Omit<EconomicsReport, "economics">): z.output<typeof ReportHeadSchema> {
  return { site: r.site, scenario: r.scenario, horizon: r.horizon, inputs: r.inputs };
}

export function renderSummary(r: EconomicsReport): z.output<typeof SummarySchema> {
  const e = r.economics;
  return {
    capex: wireAmount(e.capexMicros),
    facilityMw: (Number(e.pnl.facilityKw) / 1000).toFixed(3),
    costPerGpuHour: rateOrNull(e.costPerGpuHourMicros),
    costBeforeOtherOpexPerGpuHour: rateOrNull(e.costBeforeOtherOpexPerGpuHourMicros),
    operatingMarginEstimate: round6(e.operatingMargin),
    marginBeforeOtherOpexEstimate: round6(e.marginBeforeOtherOpex),
    utilisationEstimate: round6(e.utilisation) ?? 0,
    breakeven: {
      atUtilisationPercent: (e.breakeven.atUtilisationBps / 100).toFixed(2),
      price: rateOrNull(e.breakeven.priceMicrosPerGpuHour),
      atPrice: wireRate(e.breakeven.atPriceMicrosPerGpuHour),
      utilisationEstimate: round6(e.breakeven.utilisation),
    },
    paybackMonths: e.paybackMonths,
    npvEstimate: wireAmount(BigInt(Math.round(e.npvMicros))),
    irrEstimate: round6(e.irrAnnual),
    company: {
      annualLeaseRevenue: wireAmount(e.company.annualLeaseRevenueMicros),
      annualNetLoss: wireAmount(e.company.annualNetLossMicros),
      surplus: wireAmount(e.company.surplusMicros),
      reachesBreakeven: e.company.reachesBreakeven,
      coverageRatioEstimate: round6(e.company.coverageRatio),
    },
  };
}

export function renderReport(r: EconomicsReport): z.output<typeof EconomicsReportSchema> {
  return {
    ...renderHead(r),
    summary: renderSummary(r),
    total: renderRow(r.economics.pnl.total),
    years: r.economics.pnl.years.map(renderRow),
    months: r.economics.pnl.months.map(renderRow),
  };
}

const RangeSchema = z.object({ low: z.number(), high: z.number() });

export const DriverRangesSchema = z
  .object({
    price: RangeSchema,
    utilisation: RangeSchema,
    powerPrice: RangeSchema,
    capex: RangeSchema,
    itLifeYears: RangeSchema,
  })
  .openapi({ description: "Factors on the base (1 = as is); itLifeYears in years" });

export const ScenarioDefinitionWire = z
  .strictObject({
    base: z.enum(BUILT_IN_SCENARIOS).openapi({ description: "The built-in scenario it starts from" }),
    description: z.string().max(500).optional(),
    lease: z
      .strictObject({
        gpuSharePercent: z.string().max(8).openapi({ example: "50" }),
        pricePerGpuHour: z.string().max(24).optional().openapi({ example: "2.40" }),
        monthlyFee: z.string().max(24).optional(),
        months: z.number().int().min(1).max(240),
        rampMonths: z.number().int().min(0).max(240).optional(),
        rampPercentOff: z.string().max(8).optional(),
      })
      .nullable()
      .optional(),
    inputs: z.record(z.string().max(64), z.string().max(32)).optional(),
  })
  .openapi("ScenarioDefinition");

export const SavedScenarioSchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    definition: z.object({
      base: z.enum(BUILT_IN_SCENARIOS),
      description: z.string(),
      lease: z
        .object({
          gpuSharePercent: z.string(),
          pricePerGpuHour: z.string().optional(),
          monthlyFee: z.string().optional(),
          months: z.number().int(),
          rampMonths: z.number().int().optional(),
          rampPercentOff: z.string().optional(),
        })
        .nullable(),
      inputs: z.record(z.string(), z.string()),
    }),
    createdAt: z.string(),
  })
  .openapi("SavedScenario");
