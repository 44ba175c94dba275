/**
 * The owner's economics as charts: the P&L waterfall, scenarios side by side, the breakeven
 * surface, the tornado and the Monte Carlo distribution. Each builds an ECharts option from the
 * API's answer; amounts are drawn in $M (a picture, not a ledger: the tables keep the exact figures).
 * @module
 */
import type { EconomicsReport, PnlRow } from "../../../src/contract/generated/api.js";
import { CHART_TEXT, type ChartOption } from "./echarts-setup.js";

const millions = (amount: string) => Number(amount) / 1e6;
const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
const GOOD = "#2f855a";
const BAD = "#c53030";
const BASE = "#3b6fb6";

/** Revenue, then each cost down to operating income: floating bars over an invisible base. */
export function waterfallOption(total: PnlRow): ChartOption {
  const revenue = millions(total.revenue);
  const steps = [
    { name: "Lease revenue", value: millions(total.leaseRevenue) },
    { name: "Own work (shadow)", value: millions(total.internalValue) },
    { name: "Power", value: -millions(total.power) },
    { name: "Depreciation", value: -millions(total.depreciation) },
    { name: "Other opex", value: -millions(total.otherOpex) },
  ];
  let level = 0;
  const base: number[] = [];
  const bars: Array<{ value: number; itemStyle: { color: string } }> = [];
  for (const s of steps) {
    const next = level + s.value;
    base.push(Math.min(level, next));
    bars.push({ value: Math.abs(s.value), itemStyle: { color: s.value >= 0 ? BASE : BAD } });
    level = next;
  }
  const income = millions(total.operatingIncome);
  base.push(Math.min(0, income));
  bars.push({ value: Math.abs(income), itemStyle: { color: income >= 0 ? GOOD : BAD } });
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 70, right: 16, top: 24, bottom: 56 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "category",
      data: [...steps.map((s) => s.name), "Operating income"],
      axisLabel: { interval: 0, rotate: 20 },
    },
    yAxis: { type: "value", name: "$M", min: Math.min(0, ...base) },
    series: [
      { type: "bar", stack: "w", data: base, itemStyle: { color: "transparent" }, tooltip: { show: false } },
      { type: "bar", stack: "w", name: `$M (revenue ${revenue.toFixed(1)})`, data: bars },
    ],
  };
}

export interface CompareScenario {
  scenario: { name: string };
  total: PnlRow;
}

/** Revenue and operating income per scenario, side by side. */
export function compareOption(scenarios: readonly CompareScenario[]): ChartOption {
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 70, right: 16, top: 36, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "category", data: scenarios.map((s) => s.scenario.name) },
    yAxis: { type: "value", name: "$M" },
    series: [
      {
        type: "bar",
        name: "Revenue",
        data: scenarios.map((s) => millions(s.total.revenue)),
        itemStyle: { color: BASE },
      },
      {
        type: "bar",
        name: "Operating income",
        data: scenarios.map((s) => millions(s.total.operatingIncome)),
        itemStyle: { color: GOOD },
      },
    ],
  };
}

export interface Surface {
  prices: string[];
  utilisationPercents: number[];
  marginEstimates: Array<Array<number | null>>;
}

/** The margin over price × utilisation: red below breakeven, green above. */
export function surfaceOption(s: Surface): ChartOption {
  const data = s.marginEstimates.flatMap((row, u) =>
    row.map((m, p) => [p, u, m === null ? "-" : Math.round(m * 1000) / 10]),
  );
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 84 },
    tooltip: {
      formatter: (params: unknown) => {
        const v = (params as { value: [number, number, number | string] }).value;
        return `$${Number(s.prices[v[0]]).toFixed(2)}/GPU-h at ${s.utilisationPercents[v[1]]}%: margin ${v[2]}% (estimate)`;
      },
    },
    xAxis: {
      type: "category",
      name: "$/GPU-h",
      data: s.prices.map((p) => Number(p).toFixed(2)),
      axisLabel: { rotate: 45 },
    },
    yAxis: { type: "category", name: "use %", data: s.utilisationPercents.map(String) },
    visualMap: {
      type: "continuous",
      min: -100,
      max: 100,
      calculable: false,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 120,
      text: ["margin +100%", "−100%"],
      inRange: { color: [BAD, "#f7f7f7", GOOD] },
    },
    series: [{ type: "heatmap", data, label: { show: false } }],
  };
}

export interface TornadoBarView {
  driver: string;
  marginAtLowEstimate: number | null;
  marginAtHighEstimate: number | null;
}

const DRIVER_NAMES: Record<string, string> = {
  price: "Price",
  utilisation: "Utilisation",
  powerPrice: "Power price",
  capex: "Capex",
  itLifeYears: "IT life",
};

/** Each driver's low and high margin as a bar around the base margin, widest on top. */
export function tornadoOption(bars: readonly TornadoBarView[], baseMargin: number | null): ChartOption {
  const base = (baseMargin ?? 0) * 100;
  const rows = [...bars].reverse();
  const low = rows.map((b) => Math.min(b.marginAtLowEstimate ?? 0, b.marginAtHighEstimate ?? 0) * 100);
  const high = rows.map((b) => Math.max(b.marginAtLowEstimate ?? 0, b.marginAtHighEstimate ?? 0) * 100);
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 90, right: 24, top: 16, bottom: 28 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params: unknown) => {
        const i = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0;
        const b = rows[i];
        return b
          ? `${DRIVER_NAMES[b.driver] ?? b.driver}: ${pct(b.marginAtLowEstimate)} at low, ${pct(b.marginAtHighEstimate)} at high (estimates)`
          : "";
      },
    },
    xAxis: { type: "value", name: "margin %" },
    yAxis: { type: "category", data: rows.map((b) => DRIVER_NAMES[b.driver] ?? b.driver) },
    series: [
      {
        type: "bar",
        stack: "t",
        data: low.map((l) => Math.min(l, base)),
        itemStyle: { color: "transparent" },
      },
      {
        type: "bar",
        stack: "t",
        data: low.map((l) => Math.max(0, base - l)),
        itemStyle: { color: BAD },
        markLine: {
          symbol: "none",
          data: [{ xAxis: base }],
          lineStyle: { color: "#1f2933" },
          label: { show: false },
        },
      },
      { type: "bar", stack: "t", data: high.map((h) => Math.max(0, h - base)), itemStyle: { color: GOOD } },
    ],
  };
}

export interface HistogramBin {
  from: number;
  to: number;
  samples: number;
}

/** How many samples fell in each margin bin; bins below zero margin in red. */
export function distributionOption(histogram: readonly HistogramBin[]): ChartOption {
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 56, right: 16, top: 16, bottom: 40 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "category",
      name: "margin %",
      data: histogram.map((b) => ((b.from + b.to) * 50).toFixed(1)),
    },
    yAxis: { type: "value", name: "samples" },
    series: [
      {
        type: "bar",
        data: histogram.map((b) => ({ value: b.samples, itemStyle: { color: b.to <= 0 ? BAD : BASE } })),
      },
    ],
  };
}

/** The report's headline for the page's title area. */
export function scenarioLine(r: Pick<EconomicsReport, "scenario" | "horizon">): string {
  return `${r.scenario.description} · ${r.horizon.months} months from ${r.horizon.fromMonth}`;
}
