/**
 * The limits page's charts: projected demand by hour of the day against live capacity and the
 * target utilisation, and each plan's limit across the tenant's limit-set versions.
 * @module
 */
import { formatCompactCount, formatCount } from "../format.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

const PLAN_COLOURS = ["#3e63dd", "#e5484d", "#30a46c", "#f76b15", "#8e4ec6", "#0090ff", "#ad7f58", "#d6409f"];

/** Demand per hour (UTC) as a share of capacity; bars over the target turn red (they never should). */
export function demandChart(
  host: HTMLElement,
  demandByHour: number[],
  targetUtilisation: number,
): MountedChart {
  const mounted = mountChart(host);
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 84, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (value) => `${(Number(value) * 100).toFixed(1)}% of capacity (estimate)`,
    },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12 },
    xAxis: {
      type: "category",
      data: demandByHour.map((_, h) => `${String(h).padStart(2, "0")}h`),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: "value",
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
      splitLine: { lineStyle: { color: "#e6e9ee" } },
    },
    series: [
      {
        name: "Projected demand (UTC hour)",
        type: "bar",
        barMaxWidth: 22,
        itemStyle: { color: "#3e63dd" },
        data: demandByHour.map((d) => ({
          value: d,
          itemStyle: { color: d > targetUtilisation + 1e-9 ? "#e5484d" : "#3e63dd" },
        })),
        markLine: {
          symbol: "none",
          label: { formatter: "{b}", position: "end" },
          data: [
            {
              name: `target ${Math.round(targetUtilisation * 100)}%`,
              yAxis: targetUtilisation,
              lineStyle: { color: "#f76b15", type: "dashed" },
            },
            { name: "capacity", yAxis: 1, lineStyle: { color: "#1f2933" } },
          ],
        },
      },
    ],
  };
  mounted.chart.setOption(option);
  return mounted;
}

export interface PlanSeries {
  plan: string;
  /** The plan's headline limit in each version, null where the version has no such plan. */
  values: Array<number | null>;
}

/** Each plan's headline limit (output tokens in its shortest window) across versions, log scale. */
export function limitsAcrossVersionsChart(
  host: HTMLElement,
  versions: number[],
  series: PlanSeries[],
): MountedChart {
  const mounted = mountChart(host);
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, type: "scroll" },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (value) =>
        value === null || value === undefined ? "-" : `${formatCount(Number(value))} output tokens`,
    },
    xAxis: { type: "category", data: versions.map((v) => `v${v}`) },
    yAxis: {
      type: "log",
      axisLabel: { formatter: (v: number) => formatCompactCount(v) },
      splitLine: { lineStyle: { color: "#e6e9ee" } },
    },
    series: series.map((s, i) => ({
      name: s.plan,
      type: "bar" as const,
      barMaxWidth: 18,
      itemStyle: { color: PLAN_COLOURS[i % PLAN_COLOURS.length] },
      data: s.values.map((v) => (v === null || v <= 0 ? null : v)),
    })),
  };
  mounted.chart.setOption(option);
  return mounted;
}

/** One minute of checks: how many were granted, and how many each dimension and window denied. */
export interface DecisionMinute {
  minute: string;
  granted: number;
  denied: Record<string, number>;
}

const DENIAL_COLOURS = ["#e5484d", "#f76b15", "#d6409f", "#8e4ec6", "#ad7f58", "#ffb224", "#0090ff"];

/** Granted and denied checks per minute over the last hour, denials stacked by what denied them. */
export function decisionsChart(host: HTMLElement, minutes: DecisionMinute[]): MountedChart {
  const mounted = mountChart(host);
  const causes = [...new Set(minutes.flatMap((m) => Object.keys(m.denied)))].filter((cause) =>
    minutes.some((m) => (m.denied[cause] ?? 0) > 0),
  );
  const labels = minutes.map((m) => m.minute.slice(11, 16));
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v) => formatCount(Number(v)),
    },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, type: "scroll" },
    xAxis: { type: "category", data: labels, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value",
      minInterval: 1,
      axisLabel: { formatter: (v: number) => formatCompactCount(v) },
      splitLine: { lineStyle: { color: "#e6e9ee" } },
    },
    series: [
      {
        name: "Granted",
        type: "bar",
        stack: "checks",
        itemStyle: { color: "#30a46c" },
        data: minutes.map((m) => m.granted),
      },
      ...causes.map((cause, i) => ({
        name: `Denied: ${cause.replace(/_/g, " ")}`,
        type: "bar" as const,
        stack: "checks",
        itemStyle: { color: DENIAL_COLOURS[i % DENIAL_COLOURS.length] },
        data: minutes.map((m) => m.denied[cause] ?? 0),
      })),
    ],
  };
  mounted.chart.setOption(option);
  return mounted;
}
