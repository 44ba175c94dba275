/**
 * Capacity by GPU model: one horizontal bar per model, stacked by the state of its GPUs' nodes.
 * @module
 */
import type { ModelCapacity } from "../../../src/contract/generated/api.js";
import { NODE_STATES } from "../../../src/fleet/node.js";
import { formatCompactCount, formatCount } from "../format.js";
import { STATE_STYLES } from "../node-states.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

export interface CapacityChart extends MountedChart {
  update(capacity: ModelCapacity[]): void;
}

export function capacityChart(host: HTMLElement, capacity: ModelCapacity[]): CapacityChart {
  let shown = capacity;
  // How many ticks fit depends on the host's width: the option is rebuilt when it changes.
  const mounted = mountChart(host, (chart) => chart.setOption(capacityOption(shown, host.clientWidth)));
  const update = (next: ModelCapacity[]) => {
    shown = next;
    mounted.chart.setOption(capacityOption(next, host.clientWidth));
  };
  update(capacity);
  return { ...mounted, update };
}

/** Room the model labels take left of the bars, and the width each x-axis tick label needs, in px. */
const MODEL_LABELS_PX = 150;
const TICK_PX = 70;

function capacityOption(capacity: ModelCapacity[], widthPx: number): ChartOption {
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
      // Compact ticks ("50K"), as many as fit the width, so they stay apart; the tooltip is exact.
      splitNumber: Math.max(2, Math.min(6, Math.floor((widthPx - MODEL_LABELS_PX) / TICK_PX))),
      axisLabel: { formatter: (value: number) => formatCompactCount(value), hideOverlap: true },
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
