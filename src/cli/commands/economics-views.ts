/**
 * How `leasehold economics …` prints the owner's economics: the P&L as a table (or CSV) with a
 * summary block above it, scenarios side by side, the tornado and the Monte Carlo.
 * @module
 */
import type { EconomicsReport, EconomicsSummary, PnlRow } from "../../contract/generated/api.js";
import { formatMoney, formatRate } from "../../shared/money.js";
import { type Column, formatCount, renderCsv, renderFields, renderTable } from "../output.js";

const percent = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
const rate = (x: string | null) => (x === null ? "n/a" : formatRate(x));

/** The P&L's columns: money as the API sent it in CSV, formatted in tables. */
export function pnlColumns(money: (amount: string) => string): Array<Column<PnlRow>> {
  return [
    { header: "PERIOD", value: (r) => r.period },
    { header: "LEASE REVENUE", value: (r) => money(r.leaseRevenue), align: "right" },
    { header: "OWN WORK (SHADOW)", value: (r) => money(r.internalValue), align: "right" },
    { header: "POWER", value: (r) => money(r.power), align: "right" },
    { header: "DEPRECIATION", value: (r) => money(r.depreciation), align: "right" },
    { header: "OTHER OPEX", value: (r) => money(r.otherOpex), align: "right" },
    { header: "OPERATING INCOME", value: (r) => money(r.operatingIncome), align: "right" },
    { header: "NET INCOME", value: (r) => money(r.netIncome), align: "right" },
    { header: "CASH FLOW", value: (r) => money(r.cashFlow), align: "right" },
  ];
}

export function renderSummary(s: EconomicsSummary): string {
  const c = s.company;
  return renderFields([
    ["Capex", formatMoney(s.capex)],
    ["Facility", `${s.facilityMw} MW`],
    [
      "Cost per GPU-hour",
      `${rate(s.costPerGpuHour)} (${rate(s.costBeforeOtherOpexPerGpuHour)} before other opex)`,
    ],
    [
      "Operating margin (est.)",
      `${percent(s.operatingMarginEstimate)} (${percent(s.marginBeforeOtherOpexEstimate)} before other opex)`,
    ],
    ["Utilisation (est.)", percent(s.utilisationEstimate)],
    [
      "Breakeven price",
      `${rate(s.breakeven.price)} per GPU-hour at ${s.breakeven.atUtilisationPercent}% utilisation`,
    ],
    [
      "Breakeven utilisation (est.)",
      `${s.breakeven.utilisationEstimate === null ? "not reachable" : percent(s.breakeven.utilisationEstimate)} at ${formatRate(s.breakeven.atPrice)}`,
    ],
    ["Payback", s.paybackMonths === null ? "not within the horizon" : `${s.paybackMonths} months`],
    ["NPV (est.)", formatMoney(s.npvEstimate)],
    ["IRR (est.)", s.irrEstimate === null ? "n/a" : percent(s.irrEstimate)],
    [
      "Company view",
      `${formatMoney(c.annualLeaseRevenue)}/yr of lease revenue against a ${formatMoney(c.annualNetLoss)}/yr net loss: ` +
        `${c.reachesBreakeven ? "breakeven" : "short"} by ${formatMoney(c.surplus.replace(/^-/, ""))}`,
    ],
  ]);
}

export function renderReport(r: EconomicsReport, by: "month" | "year"): string {
  const head = `${r.site.name}, scenario ${r.scenario.name}${r.scenario.version === null ? "" : ` v${r.scenario.version}`}: ${r.scenario.description}\n`;
  const span = `${r.horizon.months} months from ${r.horizon.fromMonth}\n\n`;
  const rows = [...(by === "month" ? r.months : r.years), r.total];
  return `${head}${span}${renderSummary(r.summary)}\n${renderTable(pnlColumns(formatMoney), rows)}`;
}

export function reportCsv(r: EconomicsReport, by: "month" | "year"): string {
  return renderCsv(
    pnlColumns((a) => a),
    [...(by === "month" ? r.months : r.years), r.total],
  );
}

export interface CompareRow {
  scenario: { name: string };
  summary: EconomicsSummary;
  total: PnlRow;
}

export function compareColumns(money: (a: string) => string): Array<Column<CompareRow>> {
  return [
    { header: "SCENARIO", value: (r) => r.scenario.name },
    { header: "REVENUE", value: (r) => money(r.total.revenue), align: "right" },
    { header: "OPERATING INCOME", value: (r) => money(r.total.operatingIncome), align: "right" },
    { header: "MARGIN (EST.)", value: (r) => percent(r.summary.operatingMarginEstimate), align: "right" },
    { header: "COST/GPU-H", value: (r) => rate(r.summary.costPerGpuHour), align: "right" },
    { header: "BREAKEVEN PRICE", value: (r) => rate(r.summary.breakeven.price), align: "right" },
    {
      header: "PAYBACK",
      value: (r) => (r.summary.paybackMonths === null ? "-" : `${r.summary.paybackMonths} mo`),
    },
    { header: "COMPANY", value: (r) => (r.summary.company.reachesBreakeven ? "breakeven" : "short") },
  ];
}

export interface TornadoRow {
  driver: string;
  low: number;
  high: number;
  marginAtLowEstimate: number | null;
  marginAtHighEstimate: number | null;
  swing: number;
}

export const tornadoColumns: Array<Column<TornadoRow>> = [
  { header: "DRIVER", value: (b) => b.driver },
  { header: "LOW", value: (b) => b.low },
  { header: "HIGH", value: (b) => b.high },
  { header: "MARGIN AT LOW (EST.)", value: (b) => percent(b.marginAtLowEstimate), align: "right" },
  { header: "MARGIN AT HIGH (EST.)", value: (b) => percent(b.marginAtHighEstimate), align: "right" },
  { header: "SWING", value: (b) => `${(b.swing * 100).toFixed(1)} pts`, align: "right" },
];

export interface MonteCarloView {
  samples: number;
  seed: number;
  operatingIncomeEstimate: { p10: string; p50: string; p90: string };
  marginEstimate: { p10: number; p50: number; p90: number };
  breakevenProbabilityEstimate: number;
}

export function renderMonteCarlo(m: MonteCarloView): string {
  const i = m.operatingIncomeEstimate;
  const g = m.marginEstimate;
  return renderFields([
    ["Samples", `${formatCount(m.samples)} (seed ${m.seed})`],
    [
      "Operating income P10/P50/P90 (est.)",
      `${formatMoney(i.p10)} / ${formatMoney(i.p50)} / ${formatMoney(i.p90)}`,
    ],
    ["Margin P10/P50/P90 (est.)", `${percent(g.p10)} / ${percent(g.p50)} / ${percent(g.p90)}`],
    ["Probability of breakeven (est.)", percent(m.breakevenProbabilityEstimate)],
  ]);
}
