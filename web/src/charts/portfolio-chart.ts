/**
 * The portfolio's live GW over time, stacked by provider, with the target line dashed above it.
 * @module
 */
import type { PortfolioTimeline } from "../../../src/contract/generated/api.js";
import { CHART_TEXT, type ChartOption } from "./echarts-setup.js";

const PALETTE = ["#2563eb", "#16a34a", "#f59e0b", "#9333ea", "#0891b2", "#dc2626", "#64748b", "#db2777"];

const gw = (mw: number) => Math.round(mw) / 1000;

export function portfolioChartOption(t: PortfolioTimeline): ChartOption {
  return {
    textStyle: CHART_TEXT,
    color: PALETTE,
    grid: { left: 56, right: 16, top: 40, bottom: 48 },
    legend: { top: 0, type: "scroll" },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v) => `${Number(v).toLocaleString("en-US", { maximumFractionDigits: 2 })} GW`,
    },
    xAxis: { type: "category", data: t.months, boundaryGap: false },
    yAxis: { type: "value", name: "GW", axisLabel: { formatter: (v: number) => `${v}` } },
    series: [
      ...t.providers.map((p) => ({
        type: "line" as const,
        name: p.provider,
        stack: "live",
        areaStyle: { opacity: 0.8 },
        symbol: "none",
        lineStyle: { width: 1 },
        data: p.powerMw.map(gw),
      })),
      {
        type: "line" as const,
        name: `Target: ${t.target.label}`,
        symbol: "none",
        lineStyle: { type: "dashed", width: 2, color: "#111827" },
        itemStyle: { color: "#111827" },
        data: t.targetPowerMw.map(gw),
      },
    ],
  };
}
