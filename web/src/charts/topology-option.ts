/**
 * The ECharts option that draws a laid-out topology: hall titles, block frames and rack cells.
 * @module
 */
import type { CustomSeriesOption } from "echarts/charts";
import { CHART_TEXT, type ChartOption } from "./echarts-setup.js";
import type { NodeHolders } from "./node-holders.js";
import type { RackColouring } from "./rack-colouring.js";
import type { BlockBox, TopologyLayout } from "./topology-layout.js";
import { blockTooltip, hallTitle, rackTooltip } from "./topology-tooltip.js";

type RenderItem = NonNullable<CustomSeriesOption["renderItem"]>;

/** Series ids; click and tooltip handlers tell racks from blocks by them. */
export const SERIES = { halls: "halls", blocks: "blocks", racks: "racks" } as const;

const UNKNOWN_COLOUR = "#9aa5b1";

/** Below this map width (a phone) hall titles keep to the hall, its models and its blocks. */
const NARROW_PX = 600;

/** The block a tooltip is about: the one hovered, or the one holding the hovered rack. */
export function hoveredBlock(
  layout: TopologyLayout,
  seriesId: string | undefined,
  dataIndex: number,
): { index: number; block: BlockBox } | undefined {
  const index = seriesId === SERIES.racks ? layout.racks[dataIndex]?.block : dataIndex;
  const block = seriesId === SERIES.halls || index === undefined ? undefined : layout.blocks[index];
  return block && index !== undefined ? { index, block } : undefined;
}

/**
 * Where the tooltip goes so that the hovered block stays in sight: beside the block (right, else
 * left), else below or above it, inside the map.
 */
function tooltipBeside(
  box: { x: number; y: number; width: number; height: number },
  tip: [number, number],
  view: [number, number],
): [number, number] {
  const gap = 10;
  const [w, h] = tip;
  const [vw, vh] = view;
  const top = Math.max(0, Math.min(box.y, vh - h));
  if (box.x + box.width + gap + w <= vw) return [box.x + box.width + gap, top];
  if (box.x - gap - w >= 0) return [box.x - gap - w, top];
  const left = Math.max(0, Math.min(box.x, vw - w));
  if (box.y + box.height + gap + h <= vh) return [left, box.y + box.height + gap];
  return [left, Math.max(0, box.y - gap - h)];
}

function renderers(layout: TopologyLayout, colouring: RackColouring, selected: string | null) {
  const shortTitles = layout.width < NARROW_PX;
  const colourOf = new Map(colouring.categories.map((c) => [c.key, c.colour]));
  const halls: RenderItem = ({ dataIndex }) => {
    const hall = layout.halls[dataIndex];
    if (!hall) return null;
    return {
      type: "text",
      x: 0,
      y: hall.y + 4,
      style: {
        text: hallTitle(hall, shortTitles),
        font: `600 13px ${CHART_TEXT.fontFamily}`,
        fill: "#1f2933",
      },
    };
  };
  const blocks: RenderItem = ({ dataIndex }) => {
    const block = layout.blocks[dataIndex];
    if (!block) return null;
    const isSelected = block.path === selected;
    return {
      type: "group",
      children: [
        {
          type: "text",
          x: block.x + 1,
          y: block.y + 1,
          style: {
            text: block.name,
            font: `${isSelected ? "600 " : ""}11px ${CHART_TEXT.fontFamily}`,
            fill: isSelected ? "#0b4f9c" : "#52606d",
          },
        },
        {
          type: "rect",
          shape: {
            x: block.x,
            y: block.y + layout.labelHeight,
            width: block.width,
            height: block.height,
            r: 3,
          },
          style: {
            fill: isSelected ? "#e3edfb" : "#f1f3f6",
            stroke: isSelected ? "#0b66d0" : "#d5dae1",
            lineWidth: isSelected ? 2 : 1,
          },
          // The hovered block (or the block of the hovered rack) is outlined.
          // Translucent: an emphasised element is drawn above the racks.
          emphasis: { style: { fill: "rgba(11, 102, 208, 0.08)", stroke: "#0b66d0", lineWidth: 3 } },
        },
      ],
    };
  };
  const racks: RenderItem = ({ dataIndex }) => {
    const cell = layout.racks[dataIndex];
    if (!cell) return null;
    return {
      type: "rect",
      shape: { x: cell.x, y: cell.y, width: layout.cell, height: layout.cell, r: 1.5 },
      style: { fill: colourOf.get(colouring.categoryOf(cell.rack)) ?? UNKNOWN_COLOUR },
      emphasis: { style: { stroke: "#111827", lineWidth: 2 } },
    };
  };
  return { halls, blocks, racks };
}

function tooltip(layout: TopologyLayout, holders: NodeHolders | undefined): ChartOption["tooltip"] {
  return {
    trigger: "item",
    confine: true,
    transitionDuration: 0,
    position: (_point, params, _dom, _rect, size) => {
      const p = Array.isArray(params) ? params[0] : params;
      const hovered = p ? hoveredBlock(layout, p.seriesId, p.dataIndex) : undefined;
      if (!hovered) return [0, 0];
      const { block } = hovered;
      const box = { x: block.x, y: block.y, width: block.width, height: block.height + layout.labelHeight };
      return tooltipBeside(box, size.contentSize, size.viewSize);
    },
    formatter: (params) => {
      const p = Array.isArray(params) ? params[0] : params;
      if (!p || typeof p.dataIndex !== "number") return "";
      if (p.seriesId === SERIES.racks) {
        const cell = layout.racks[p.dataIndex];
        return cell ? rackTooltip(cell.rack, holders) : "";
      }
      const block = p.seriesId === SERIES.blocks ? layout.blocks[p.dataIndex] : undefined;
      return block ? blockTooltip(block, holders) : "";
    },
  };
}

/** One custom series per layer, no animation and no progressive rendering: ~3,500 plain rects in one pass. */
export function topologyOption(
  layout: TopologyLayout,
  colouring: RackColouring,
  selected: string | null,
  holders?: NodeHolders,
): ChartOption {
  const render = renderers(layout, colouring, selected);
  const indices = (n: number) => Array.from({ length: n }, (_, i) => i);
  const layer = (id: keyof typeof SERIES, count: number, silent = false): CustomSeriesOption => ({
    id,
    type: "custom",
    coordinateSystem: "none",
    silent,
    // One pass, not 400 items a frame: a partly drawn map would show blank blocks.
    progressive: 0,
    renderItem: render[id],
    data: indices(count),
  });
  return {
    animation: false,
    textStyle: CHART_TEXT,
    tooltip: tooltip(layout, holders),
    series: [
      layer("halls", layout.halls.length, true),
      layer("blocks", layout.blocks.length),
      layer("racks", layout.racks.length),
    ],
  };
}
