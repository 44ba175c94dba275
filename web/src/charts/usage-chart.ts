/**
 * A lease's month day by day: delivered GPU-hours as bars against the committed GPU-hours as a
 * line, so a day of downtime shows as a bar short of the line.
 * @module
 */
import type { LeaseUsage } from "../billing-api.js";
import { formatCompactCount, formatCount } from "../format.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

interface Day {
  day: string;
  delivered: number;
  committed: number;
}

/** Sums the hours of each UTC day (display only: the exact figures are in the API's strings). */
function byDay(hours: LeaseUsage["hours"]): Day[] {
  const days = new Map<string, Day>();
  for (const h of hours) {
    const day = h.hour.slice(0, 10);
    const d = days.get(day) ?? { day, delivered: 0, committed: 0 };
    d.delivered += Number(h.deliveredGpuHours);
    d.committed += Number(h.committedGpuHours);
    days.set(day, d);
  }
  return [...days.values()];
}

export function usageChart(host: HTMLElement, usage: LeaseUsage, colour: string): MountedChart {
  const mounted = mountChart(host);
  const days = byDay(usage.hours);
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    legend: { top: 0, right: 0, data: ["Delivered", "Committed"] },
    grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "axis",
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const d = days[p?.dataIndex ?? -1];
        return d
          ? `<b>${d.day}</b><br>delivered ${formatCount(Math.round(d.delivered))} GPU-h<br>committed ${formatCount(Math.round(d.committed))} GPU-h`
          : "";
      },
    },
    xAxis: {
      type: "category",
      data: days.map((d) => d.day.slice(5)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: "#cbd2d9" } },
    },
    yAxis: {
      type: "value",
      splitLine: { lineStyle: { color: "#eef1f5" } },
      axisLabel: { formatter: (v: number) => formatCompactCount(v) },
    },
    series: [
      {
        type: "bar",
        name: "Delivered",
        barMaxWidth: 16,
        itemStyle: { color: colour },
        data: days.map((d) => d.delivered),
      },
      {
        type: "line",
        name: "Committed",
        step: "middle",
        symbol: "none",
        lineStyle: { color: "#1f2933", width: 1.5, type: "dashed" },
        itemStyle: { color: "#1f2933" },
        data: days.map((d) => d.committed),
      },
    ],
  };
  mounted.chart.setOption(option);
  return mounted;
}
