/**
 * The ECharts build the dashboard uses (only the parts it draws with) and a chart that follows its box.
 * @module
 */
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption } from "echarts/charts";
import { BarChart, CustomChart, LineChart } from "echarts/charts";
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import type { ComposeOption, EChartsType } from "echarts/core";
import { init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([
  BarChart,
  CustomChart,
  LineChart,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | LineSeriesOption
  | DataZoomComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/** The dashboard's text style inside charts, matching styles.css. */
export const CHART_TEXT = { fontFamily: "Inter, 'Segoe UI', system-ui, sans-serif", color: "#1f2933" };

export interface MountedChart {
  chart: EChartsType;
  dispose(): void;
}

/**
 * A canvas chart inside `host` that resizes with it; `onResize` runs after each resize (the
 * topology map re-lays itself out). Call `dispose` when the page goes away.
 */
export function mountChart(host: HTMLElement, onResize?: (chart: EChartsType) => void): MountedChart {
  const chart = init(host, undefined, { renderer: "canvas" });
  let width = host.clientWidth;
  const observer = new ResizeObserver(() => {
    if (host.clientWidth === width && host.clientHeight === chart.getHeight()) return;
    width = host.clientWidth;
    chart.resize();
    onResize?.(chart);
  });
  observer.observe(host);
  return {
    chart,
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}
