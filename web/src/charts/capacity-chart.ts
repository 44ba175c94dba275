/**
 * Capacity by GPU model: one horizontal bar per model, stacked by the state of its GPUs' nodes.
 * @module
 */
import { type ModelCapacity, NODE_STATES } from "../api-types.js";
import { formatCount } from "../format.js";
import { STATE_STYLES } from "../node-states.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

export interface CapacityChart extends MountedChart {
  update(capacity: ModelCapacity[]): void;
}

export function capacityChart(host: HTMLElement, capacity: ModelCapacity[]): CapacityChart {
  const mounted = mountChart(host);
  const update = (next: ModelCapacity[]) => mounted.chart.setOption(capacityOption(next));
  update(capacity);
  return { ...mounted, update };
}

function capacityOption(capacity: ModelCapacity[]): ChartOption {
  const models = capacity.map((c) => c.gpuModel);
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (value) => `${formatCount(Number(value))} GPUs`,
    },
    xAxis: {
      type: "value",
      axisLabel: { formatter: (value: number) => formatCount(value) },
      splitLine: { lineStyle: { color: "#e6e9ee" } },
    },
    yAxis: {
      type: "category",
      data: models,
      inverse: true,
      axisTick: { show: false },
      axisLabel: {
        formatter: (model: string) => {
          const row = capacity.find((c) => c.gpuModel === model);
          if (!row) return model;
          const notHealthy = row.gpus - row.gpusByState.healthy;
          return `{model|${model}}\n{detail|${formatCount(row.gpus)} GPUs}\n{detail|${formatCount(notHealthy)} not healthy}`;
        },
        rich: {
          model: { fontWeight: "bold", fontSize: 13, align: "right", lineHeight: 18 },
          detail: { color: "#616e7c", fontSize: 11, align: "right", lineHeight: 14 },
        },
      },
    },
    series: NODE_STATES.map((state) => ({
      name: STATE_STYLES[state].label,
      type: "bar" as const,
      stack: "gpus",
      barMaxWidth: 34,
      itemStyle: { color: STATE_STYLES[state].colour },
      emphasis: { focus: "series" as const },
      data: capacity.map((c) => c.gpusByState[state]),
    })),
  };
}
