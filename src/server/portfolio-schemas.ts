/**
 * The portfolio and the tenant's unit economics on the wire: their OpenAPI schemas and the views
 * that render the use cases' answers (money as decimal strings, estimates labelled).
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { TenantUnitEconomics } from "../app/tenant-unit-economics.js";
import { type Deal, fullCapacity } from "../portfolio/deal.js";
import type { PortfolioSummary } from "../portfolio/deliverability.js";
import { unitInputsWire } from "../portfolio/unit-inputs.js";
import { wireAmount } from "../shared/money.js";

const Tenant = z.object({ id: z.string(), name: z.string() });
const money = (example: string) => z.string().openapi({ example });

export const DealSchema = z
  .object({
    id: z.string().openapi({ example: "deal_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
    tenantId: z.string(),
    name: z.string().openapi({ example: "aws-trainium" }),
    provider: z.string().openapi({ example: "AWS" }),
    chip: z.string().openapi({ example: "Trainium2" }),
    kind: z.enum(["terrestrial", "orbital"]),
    powerMw: z.number().nullable().openapi({ description: "As written; null when counted in GPUs" }),
    gpus: z.number().int().nullable().openapi({ description: "As written; null when counted in MW" }),
    kwPerGpu: z.number().nullable().openapi({ description: "As written; null: the chip's default" }),
    full: z.object({ powerMw: z.number(), gpus: z.number().int(), kwPerGpu: z.number() }).nullable().openapi({
      description:
        "At full delivery, in both units (the derived one is an estimate); null for a deal that follows a lease",
    }),
    onlineAt: z.string(),
    rampMonths: z.number().int(),
    termMonths: z.number().int().nullable(),
    committedSpend: money("45000000000.00").nullable(),
    lease: z.object({ id: z.string(), name: z.string() }).nullable(),
    orbital: z
      .object({ launchYear: z.number().int(), powerSource: z.string(), costPerMw: money("25000000.00") })
      .nullable(),
    createdAt: z.string(),
  })
  .openapi("PortfolioDeal");

export function dealView(deal: Deal, leaseNames: ReadonlyMap<string, string>) {
  const { committedSpendMicros, leaseId, orbital, ...rest } = deal;
  return {
    ...rest,
    full: deal.leaseId ? null : fullCapacity(deal),
    committedSpend: committedSpendMicros === null ? null : wireAmount(committedSpendMicros),
    lease: leaseId ? { id: leaseId, name: leaseNames.get(leaseId) ?? leaseId } : null,
    orbital: orbital
      ? {
          launchYear: orbital.launchYear,
          powerSource: orbital.powerSource,
          costPerMw: wireAmount(orbital.costMicrosPerMw),
        }
      : null,
  };
}

const Figures = {
  committedPowerMw: z.number(),
  committedGpus: z.number().int(),
  livePowerMw: z.number(),
  liveGpus: z.number().int(),
  deliveredPowerMw: z.number().openapi({ description: "MW live at the deliverability date `by`" }),
  deliveredShare: z.number().openapi({ description: "deliveredPowerMw / committedPowerMw (0..1)" }),
};

export const TargetSchema = z
  .object({
    powerMw: z.number().openapi({ example: 30_000 }),
    at: z.string().openapi({ example: "2030-12-31T00:00:00.000Z" }),
    label: z.string().openapi({ example: "a rival's 30 GW by 2030" }),
  })
  .openapi("PortfolioTarget");

export const PortfolioSummarySchema = z
  .object({
    tenant: Tenant,
    at: z.string(),
    by: z.string().openapi({ description: "The deliverability date" }),
    ...Figures,
    committedSpend: money("45000000000.00").openapi({
      description: "Committed spend of every deal (an orbital site without one: its MW at its cost per MW)",
    }),
    providers: z.array(z.object({ provider: z.string(), deals: z.number().int(), ...Figures })),
    deals: z.array(
      z.object({
        name: z.string(),
        provider: z.string(),
        committedPowerMw: z.number(),
        deliveredShare: z.number(),
      }),
    ),
    target: TargetSchema.extend({
      committedShare: z.number(),
      liveAtTargetPowerMw: z.number(),
      gapPowerMw: z
        .number()
        .openapi({ description: "Target less the MW live at its date; negative when beaten" }),
    }),
    estimate: z.string(),
  })
  .openapi("PortfolioSummary");

export function summaryView(tenant: { id: string; name: string }, s: PortfolioSummary) {
  const { committedSpendMicros, ...rest } = s;
  return {
    tenant: { id: tenant.id, name: tenant.name },
    ...rest,
    committedSpend: wireAmount(committedSpendMicros),
    estimate: "MW and GPUs derived from each other use estimated kW per GPU; ramps are linear by month",
  };
}

export const TimelineSchema = z
  .object({
    tenant: Tenant,
    target: TargetSchema,
    months: z
      .array(z.string())
      .openapi({ description: "YYYY-MM; each point is the month's first instant (UTC)" }),
    providers: z.array(
      z.object({ provider: z.string(), powerMw: z.array(z.number()), gpus: z.array(z.number()) }),
    ),
    totalPowerMw: z.array(z.number()),
    totalGpus: z.array(z.number()),
    targetPowerMw: z.array(z.number()).openapi({
      description:
        "The pace to the target: from the live MW at the first month to the target at its date, flat after",
    }),
  })
  .openapi("PortfolioTimeline");

export const UnitInputsView = z
  .object({
    utilisationPercent: z.string().openapi({ example: "50" }),
    servedModelThroughputPercent: z.string().openapi({ example: "16.9" }),
    pricePerMillionTokens: money("10.00"),
    tokensPerSecondPerGpu: z.record(z.string(), z.number().int()),
    annualComputeSpend: money("5000000000.00").nullable(),
  })
  .openapi("UnitEconomicsInputs");

export const UnitEconomicsSchema = z
  .object({
    tenant: Tenant,
    at: z.string(),
    saved: z.boolean().openapi({ description: "false for a preview with changed inputs (nothing saved)" }),
    inputs: UnitInputsView,
    capacity: z.array(
      z.object({
        chip: z.string(),
        gpus: z.number().int(),
        fromLeases: z.number().int(),
        fromDeals: z.number().int(),
        tokensPerSecondPerGpu: z.number().int(),
        source: z.string(),
        benchmarkTokensPerSecond: z.number(),
      }),
    ),
    gpus: z.object({ fromLeases: z.number().int(), fromDeals: z.number().int(), total: z.number().int() }),
    servedTokensPerSecondEstimate: z.number(),
    tokensPerYearEstimate: z.string().openapi({ example: "2127000000000000" }),
    annualRevenueEstimate: money("15000000000.00"),
    spend: z.object({
      leasesPerYear: money("0.00"),
      dealsPerYear: money("15000000000.00"),
      annualComputeSpend: money("5000000000.00"),
      from: z.enum(["set by the tenant", "leases and deals"]),
    }),
    annualMarginEstimate: money("10000000000.00"),
    revenueToSpendEstimate: z.number().nullable(),
  })
  .openapi("UnitEconomics");

export function unitEconomicsView(a: Awaited<ReturnType<TenantUnitEconomics["show"]>>) {
  const r = a.result;
  return {
    tenant: { id: a.tenant.id, name: a.tenant.name },
    at: a.at,
    saved: a.saved,
    inputs: unitInputsWire(a.inputs),
    capacity: r.rows,
    gpus: r.gpus,
    servedTokensPerSecondEstimate: r.servedTokensPerSecond,
    tokensPerYearEstimate: r.tokensPerYear.toString(),
    annualRevenueEstimate: wireAmount(r.annualRevenueMicros),
    spend: {
      leasesPerYear: wireAmount(a.spend.leasesMicros),
      dealsPerYear: wireAmount(a.spend.dealsMicros),
      annualComputeSpend: wireAmount(r.annualComputeSpendMicros),
      from: r.spendFrom,
    },
    annualMarginEstimate: wireAmount(r.annualMarginMicros),
    revenueToSpendEstimate: r.revenueToSpend,
  };
}
