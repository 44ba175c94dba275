/**
 * Power by source: installed vs permitted MW per source, with the site's drawn and design MW as lines.
 * @module
 */
import type { SitePower } from "../../../src/contract/generated/api.js";
import { formatCount, formatMw, formatOneDecimal, powerSourceLabel } from "../format.js";
import { CHART_TEXT, type ChartOption, type MountedChart, mountChart } from "./echarts-setup.js";

const COLOURS = {
  installed: "#8a9bb3",
  overPermit: "#d7263d",
  permitted: "#1f7a8c",
  drawn: "#111827",
  design: "#7b4fc9",
};

export interface PowerChart extends MountedChart {
  update(power: SitePower): void;
}

/** Draws the power chart into `host` (which must have a height); `large` adds bar labels. */
export function powerChart(
  host: HTMLElement,
  power: SitePower,
  options: { large?: boolean } = {},
): PowerChart {
  const large = options.large ?? false;
  let shown = power;
  // The source names wrap to the width of their category, which follows the host's width.
  const mounted = mountChart(host, (chart) => chart.setOption(powerOption(shown, large, host.clientWidth)));
  const update = (next: SitePower) => {
    shown = next;
    mounted.chart.setOption(powerOption(next, large, host.clientWidth));
  };
  update(power);
  return { ...mounted, update };
}

/** Room the y-axis labels ("500 MW") and the grid's left margin take from the plot, in px. */
const Y_LABELS_PX = 60;

/**
 * Below this width the drawn/design labels go inside the plot, at its start (the first source,
 * the grid, rarely reaches the drawn line; the last is often the tallest), and the bars lose their
 * value labels.
 */
const NARROW_PX = 600;
/** About how wide one character of an axis label is, px (12 px system font). */
const CHAR_PX = 7;

/** A round MW figure at or above `mw`, so the axis ends on a tick. */
function roundUp(mw: number): number {
  const step = mw > 400 ? 100 : 50;
  return Math.ceil(mw / step) * step;
}

function powerOption(power: SitePower, large: boolean, widthPx: number): ChartOption {
  const sources = power.sources;
  const narrow = widthPx > 0 && widthPx < NARROW_PX;
  const right = narrow ? 12 : large ? 150 : 120;
  const categoryPx = (widthPx - right - Y_LABELS_PX) / Math.max(1, sources.length);
  const labels = sources.map((s) => powerSourceLabel(s.kind));
  // Wrap names between words, never inside one: as wide as the longest word at least.
  const longestWordPx = Math.max(...labels.flatMap((l) => l.split(" ").map((w) => w.length * CHAR_PX)), 40);
  const lineLabel = (position: "end" | "insideStartTop" | "insideStartBottom") => ({
    position,
    fontSize: 11,
    fontWeight: "bold" as const,
  });
  const barLabel = {
    show: large && !narrow,
    position: "top" as const,
    fontSize: 11,
    formatter: (p: { value: unknown }) => formatOneDecimal(Number(p.value)),
  };
  return {
    textStyle: CHART_TEXT,
    animation: false,
    grid: { left: 8, right, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, data: ["Installed", "Permitted"] },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (value) => formatMw(Number(value)),
    },
    xAxis: {
      type: "category",
      data: labels,
      axisTick: { show: false },
      // Every source is named (ECharts would otherwise skip labels it thinks collide), on two lines if need be.
      axisLabel: {
        interval: 0,
        width: Math.max(longestWordPx, Math.floor(categoryPx) - 6),
        overflow: "break",
        hideOverlap: false,
      },
    },
    yAxis: {
      type: "value",
      // The drawn and design lines are marks, which ECharts leaves out of the scale: keep them in view.
      max: (extent: { max: number }) => roundUp(Math.max(extent.max, power.drawnMw, power.designMw) * 1.05),
      axisLabel: { formatter: (value: number) => `${formatCount(value)} MW` },
      splitLine: { lineStyle: { color: "#e6e9ee" } },
    },
    series: [
      {
        name: "Installed",
        type: "bar",
        barGap: "10%",
        barMaxWidth: 56,
        itemStyle: { color: COLOURS.installed },
        label: barLabel,
        data: sources.map((s) =>
          s.overPermitMw > 0
            ? {
                value: s.installedMw,
                itemStyle: { color: COLOURS.overPermit },
                label: {
                  show: true,
                  position: "top" as const,
                  color: COLOURS.overPermit,
                  fontWeight: "bold" as const,
                  lineHeight: 14,
                  formatter: `${formatOneDecimal(s.installedMw)}\n+${formatOneDecimal(s.overPermitMw)} over permit`,
                },
              }
            : s.installedMw,
        ),
        markLine: {
          symbol: "none",
          silent: false,
          label: lineLabel("end"),
          data: [
            {
              name: "Drawn",
              yAxis: power.drawnMw,
              lineStyle: { color: COLOURS.drawn, type: "solid", width: 2 },
              label: {
                ...lineLabel(narrow ? "insideStartTop" : "end"),
                color: COLOURS.drawn,
                formatter: `Drawn ${formatMw(power.drawnMw)}`,
                ...(narrow ? {} : { offset: [0, -8] }),
              },
            },
            {
              name: "Design",
              yAxis: power.designMw,
              lineStyle: { color: COLOURS.design, type: "dashed", width: 2 },
              label: {
                ...lineLabel(narrow ? "insideStartBottom" : "end"),
                color: COLOURS.design,
                formatter: `Design ${formatMw(power.designMw)}`,
                ...(narrow ? {} : { offset: [0, 8] }),
              },
            },
          ],
        },
      },
      {
        name: "Permitted",
        type: "bar",
        barMaxWidth: 56,
        itemStyle: { color: COLOURS.permitted },
        label: barLabel,
        data: sources.map((s) => s.permittedMw),
      },
    ],
  };
}
