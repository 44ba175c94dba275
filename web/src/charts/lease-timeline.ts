/**
 * The lease timeline: one row per lease (grouped by site), a bar from its start to its end in its
 * status colour, a tick at each tranche's start, and the notice given (if any) before the end.
 * @module
 */

import type { CustomSeriesOption } from "echarts/charts";
import type { Lease } from "../../../src/contract/generated/api.js";
import { formatMoney } from "../../../src/shared/money.js";
import { escapeHtml } from "../escape-html.js";
import { formatCount, formatDate } from "../format.js";
import { STATUS_STYLES } from "../lease-styles.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

export interface TimelineRow {
  lease: Lease;
  siteName: string;
  tenantName: string;
  gpus: number;
}

type RenderItem = NonNullable<CustomSeriesOption["renderItem"]>;

const ROW_HEIGHT = 46;
const BAR_HEIGHT = 20;
const DAY = 86_400_000;

/** Room under the rows for the zoom slider, px. */
const SLIDER_HEIGHT = 40;

/** The height a timeline of `rows` rows needs, axis and zoom slider included. */
function timelineHeight(rows: number): number {
  return Math.max(150, 64 + rows * ROW_HEIGHT) + SLIDER_HEIGHT;
}

function tooltipHtml(row: TimelineRow): string {
  const { lease } = row;
  const status = STATUS_STYLES[lease.status];
  const line = (label: string, value: string) =>
    `<div class="tip-row">${label}<b>${escapeHtml(value)}</b></div>`;
  return (
    `<div class="tip"><div class="tip-title">${escapeHtml(lease.name)}</div>` +
    `<div class="tip-sub">${escapeHtml(row.tenantName)} · ${escapeHtml(row.siteName)}</div>` +
    `<div class="tip-row"><span class="tip-swatch" style="background:${status.colour}"></span>${status.label}</div>` +
    line("GPUs", formatCount(row.gpus)) +
    line("Starts", formatDate(lease.startsAt)) +
    line("Ends", formatDate(lease.endsAt)) +
    (lease.noticeGivenAt ? line("Notice given", formatDate(lease.noticeGivenAt)) : "") +
    line("Tranches", String(lease.tranches.length)) +
    line("Contract value", formatMoney(lease.contractValue)) +
    "</div>"
  );
}

function renderer(rows: TimelineRow[]): RenderItem {
  return (params, api) => {
    const row = rows[params.dataIndex];
    if (!row) return null;
    const { lease } = row;
    const index = params.dataIndex;
    const [x0 = 0, y = 0] = api.coord([Date.parse(lease.startsAt), index]);
    const [x1 = 0] = api.coord([Date.parse(lease.endsAt), index]);
    const height = BAR_HEIGHT;
    const grid = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const left = Math.max(x0, grid.x);
    const right = Math.min(x1, grid.x + grid.width);
    if (right <= left) return null;
    const colour = STATUS_STYLES[lease.status].colour;
    const faded = lease.status === "ended" || lease.status === "cancelled";
    const children: NonNullable<Extract<ReturnType<RenderItem>, { type: "group" }>["children"]> = [
      {
        type: "rect",
        shape: { x: left, y: y - height / 2, width: right - left, height, r: 4 },
        style: { fill: colour, opacity: faded ? 0.45 : 1 },
      },
    ];
    for (const tranche of lease.tranches) {
      const [tx = 0] = api.coord([Date.parse(tranche.startsAt), index]);
      if (tx < left - 0.5 || tx > right) continue;
      children.push({
        type: "polygon",
        shape: {
          points: [
            [tx - 5, y - height / 2 - 8],
            [tx + 5, y - height / 2 - 8],
            [tx, y - height / 2 - 2],
          ],
        },
        style: { fill: "#1f2933" },
      });
      if (tx > left + 1)
        children.push({
          type: "rect",
          shape: { x: tx - 1, y: y - height / 2, width: 2, height },
          style: { fill: "#ffffff", opacity: 0.85 },
        });
    }
    if (lease.noticeGivenAt) {
      const [nx = 0] = api.coord([Date.parse(lease.noticeGivenAt), index]);
      if (nx >= grid.x && nx <= grid.x + grid.width) {
        children.push({
          type: "polygon",
          shape: {
            points: [
              [nx, y + height / 2 + 1],
              [nx + 5, y + height / 2 + 6],
              [nx, y + height / 2 + 11],
              [nx - 5, y + height / 2 + 6],
            ],
          },
          style: { fill: "#b7791f" },
        });
      }
    }
    if (x1 <= grid.x + grid.width)
      children.push({
        type: "rect",
        shape: { x: x1 - 2, y: y - height / 2 - 3, width: 3, height: height + 6 },
        style: { fill: "#1f2933" },
      });
    const width = right - left;
    const label =
      width > 280
        ? `${formatCount(row.gpus)} GPUs · ${formatDate(lease.startsAt)} → ${formatDate(lease.endsAt)}`
        : `${formatCount(row.gpus)} GPUs`;
    if (width > 110)
      children.push({
        type: "text",
        x: left + 10,
        y,
        style: {
          text: label,
          fill: "#ffffff",
          font: `600 12px ${CHART_TEXT.fontFamily}`,
          verticalAlign: "middle",
        },
      });
    return { type: "group", children };
  };
}

function timelineOption(rows: TimelineRow[], now: number): ChartOption {
  const starts = rows.map((r) => Date.parse(r.lease.startsAt));
  const ends = rows.map((r) => Date.parse(r.lease.endsAt));
  const min = Math.min(now, ...starts) - 30 * DAY;
  const max = Math.max(now + 365 * DAY, ...ends) + 45 * DAY;
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right: 28, top: 28, bottom: 8 + SLIDER_HEIGHT, containLabel: true },
    // Zoom with the wheel or a pinch and pan by dragging the rows, or with the slider under them.
    dataZoom: [
      { id: "inside", type: "inside", xAxisIndex: 0, filterMode: "none" },
      {
        id: "slider",
        type: "slider",
        xAxisIndex: 0,
        filterMode: "none",
        height: 20,
        bottom: 8,
        labelFormatter: (value: number) => formatDate(new Date(value).toISOString()),
        brushSelect: false,
      },
    ],
    tooltip: {
      trigger: "item",
      confine: true,
      transitionDuration: 0,
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params;
        const row = typeof p?.dataIndex === "number" ? rows[p.dataIndex] : undefined;
        return row && p?.componentType === "series" ? tooltipHtml(row) : "";
      },
    },
    xAxis: {
      type: "time",
      position: "top",
      min,
      max,
      splitLine: { show: true, lineStyle: { color: "#eef1f5" } },
      axisLine: { lineStyle: { color: "#cbd2d9" } },
      axisLabel: { color: "#52606d", hideOverlap: true },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: rows.map((r) => r.lease.id),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: "#cbd2d9" } },
      splitLine: { show: true, lineStyle: { color: "#f1f3f6" } },
      axisLabel: {
        formatter: (id: string) => {
          const row = rows.find((r) => r.lease.id === id);
          return row ? `{name|${row.lease.name}}\n{sub|${row.tenantName} · ${row.siteName}}` : id;
        },
        rich: {
          name: { fontWeight: "bold", fontSize: 13, align: "right", lineHeight: 17, color: "#1f2933" },
          sub: { fontSize: 11, align: "right", lineHeight: 14, color: "#616e7c" },
        },
      },
    },
    series: [
      {
        id: "leases",
        type: "custom",
        clip: true,
        renderItem: renderer(rows),
        encode: { x: [1, 2], y: 0 },
        data: rows.map((r, i) => [i, Date.parse(r.lease.startsAt), Date.parse(r.lease.endsAt)]),
        markLine: {
          symbol: "none",
          silent: true,
          lineStyle: { color: "#0b66d0", type: "dashed", width: 1.5 },
          label: { formatter: "Today", position: "start", color: "#0b66d0", fontWeight: "bold" },
          data: [{ xAxis: now }],
        },
      },
    ],
  };
}

/** Draws the timeline; `onOpen` gets a lease id when its bar is clicked. */
export function leaseTimeline(
  host: HTMLElement,
  rows: TimelineRow[],
  onOpen: (leaseId: string) => void,
): MountedChart {
  host.style.height = `${timelineHeight(rows.length)}px`;
  const mounted = mountChart(host);
  mounted.chart.on("click", (event) => {
    const row = rows[event.dataIndex];
    if (row && event.componentType === "series") onOpen(row.lease.id);
  });
  mounted.chart.on("finished", () => {
    host.dataset.renderedLeases = String(rows.length);
  });
  // The shown part of the time axis, in percent of the whole, for whoever reads the page's state.
  const showZoom = () => {
    const [zoom] = (mounted.chart.getOption() as { dataZoom?: Array<{ start?: number; end?: number }> })
      .dataZoom ?? [{}];
    host.dataset.zoomStart = (zoom?.start ?? 0).toFixed(1);
    host.dataset.zoomEnd = (zoom?.end ?? 100).toFixed(1);
  };
  mounted.chart.on("datazoom", showZoom);
  mounted.chart.setOption(timelineOption(rows, Date.now()));
  showZoom();
  return mounted;
}
