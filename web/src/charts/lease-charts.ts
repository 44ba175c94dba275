/**
 * The small charts of the lease views: a quote's monthly schedule, a lease's nodes by block, and
 * its GPUs held against those due, per model.
 * @module
 */

import type { LeaseAllocation, Quote } from "../../../src/contract/generated/api.js";
import { formatMoney, formatMoneyShort } from "../../../src/shared/money.js";
import { formatCompactCount, formatCount } from "../format.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

const AXIS = { axisLine: { lineStyle: { color: "#cbd2d9" } }, axisTick: { show: false } };
const SPLIT = { splitLine: { lineStyle: { color: "#eef1f5" } } };

/** Monthly charges of a quote as bars (display only: the exact amounts are in the tooltip). */
export function scheduleChart(host: HTMLElement, schedule: Quote["schedule"]): MountedChart {
  const mounted = mountChart(host);
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 12, top: 12, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const month = schedule[p?.dataIndex ?? -1];
        return month ? `<b>${month.month}</b><br>${formatMoney(month.amount)}` : "";
      },
    },
    xAxis: {
      type: "category",
      data: schedule.map((m) => m.month),
      ...AXIS,
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: "value",
      ...SPLIT,
      axisLabel: { formatter: (v: number) => formatMoneyShort(String(v)) },
    },
    series: [
      {
        type: "bar",
        name: "Charge",
        barMaxWidth: 18,
        itemStyle: { color: "#0b66d0", borderRadius: [2, 2, 0, 0] },
        data: schedule.map((m) => Number(m.amount)),
      },
    ],
  };
  mounted.chart.setOption(option);
  return mounted;
}

/** Nodes of the lease in each block, one bar per block (hall/block names on the axis). */
export function blocksChart(
  host: HTMLElement,
  blocks: LeaseAllocation["blocks"],
  colour: string,
): MountedChart {
  const mounted = mountChart(host);
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 12, top: 16, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const b = blocks[p?.dataIndex ?? -1];
        return b
          ? `<b>${b.block}</b><br>${formatCount(b.nodes)} nodes · ${formatCount(b.gpus)} GPUs · ${formatCount(b.racks)} racks`
          : "";
      },
    },
    xAxis: {
      type: "category",
      data: blocks.map((b) => b.block.replace(/^hall-0*(\d+)\/block-0*(\d+)$/, "H$1·B$2")),
      ...AXIS,
      axisLabel: { rotate: blocks.length > 24 ? 60 : 0, fontSize: 10, interval: 0, hideOverlap: false },
    },
    yAxis: { type: "value", ...SPLIT, axisLabel: { formatter: (v: number) => formatCount(v) } },
    series: [
      {
        type: "bar",
        name: "Nodes",
        barMaxWidth: 22,
        itemStyle: { color: colour, borderRadius: [2, 2, 0, 0] },
        data: blocks.map((b) => b.nodes),
      },
    ],
  };
  mounted.chart.setOption(option);
  return mounted;
}

/** Per model: GPUs held (green) and still missing against the tranches due (red), stacked to "due". */
export function heldChart(host: HTMLElement, byModel: LeaseAllocation["byModel"]): MountedChart {
  const mounted = mountChart(host);
  const option: ChartOption = {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 90, top: 28, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v) => `${formatCount(Number(v))} GPUs`,
    },
    xAxis: {
      type: "value",
      minInterval: 1,
      ...SPLIT,
      axisLabel: { formatter: (v: number) => formatCompactCount(v), hideOverlap: true },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: byModel.map((m) => m.gpuModel),
      ...AXIS,
      axisLabel: { fontWeight: "bold" },
    },
    series: [
      {
        type: "bar",
        name: "Held",
        stack: "due",
        barMaxWidth: 26,
        itemStyle: { color: "#2f9e5b" },
        data: byModel.map((m) => m.heldGpus),
      },
      {
        type: "bar",
        name: "Missing",
        stack: "due",
        barMaxWidth: 26,
        itemStyle: { color: "#d7263d" },
        label: {
          show: true,
          position: "right",
          color: "#52606d",
          formatter: (p: { dataIndex: number }) => {
            const m = byModel[p.dataIndex];
            return m ? `${formatCount(m.heldGpus + m.missingGpus)} due` : "";
          },
        },
        data: byModel.map((m) => m.missingGpus),
      },
    ],
  };
  mounted.chart.setOption(option);
  return mounted;
}
