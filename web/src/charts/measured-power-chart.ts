/**
 * Measured vs permitted power over time: the site's mean facility draw per hour (agents' GPU
 * energy × PUE) as bars, the permit as a line.
 * @module
 */
import type { PowerHistory } from "../../../src/contract/generated/api.js";
import { formatMw } from "../format.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

export interface MeasuredPowerChart extends MountedChart {
  update(history: PowerHistory): void;
}

function option(history: PowerHistory): ChartOption {
  const label = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return {
    textStyle: CHART_TEXT,
    grid: { left: 64, right: 24, top: 24, bottom: 40 },
    tooltip: { trigger: "axis", valueFormatter: (v) => formatMw(Number(v)) },
    xAxis: { type: "category", data: history.hours.map((h) => label(h.hour)) },
    yAxis: {
      type: "value",
      max: (v: { max: number }) => Math.max(v.max, history.permittedMw) * 1.1,
      axisLabel: { formatter: (v: number) => formatMw(v) },
    },
    series: [
      {
        type: "bar",
        name: "Measured draw (× PUE)",
        data: history.hours.map((h) => h.facilityMw),
        itemStyle: { color: "#1f7a8c" },
        markLine: {
          symbol: "none",
          lineStyle: { color: "#d7263d", type: "dashed" },
          label: { formatter: `permitted ${formatMw(history.permittedMw)}`, position: "insideEndTop" },
          data: [{ yAxis: history.permittedMw }],
        },
      },
    ],
  };
}

export function measuredPowerChart(host: HTMLElement, history: PowerHistory): MeasuredPowerChart {
  let shown = history;
  const mounted = mountChart(host, (chart) => chart.setOption(option(shown), true));
  const update = (next: PowerHistory) => {
    shown = next;
    mounted.chart.setOption(option(next), true);
  };
  update(history);
  return { ...mounted, update };
}
