/**
 * The site map: every rack a cell inside its block, blocks grouped by hall, drawn on one canvas.
 * @module
 */
import type { TopologyMap } from "../../../src/contract/generated/api.js";
import { type MountedChart, mountChart } from "./echarts-setup.js";
import type { NodeHolders } from "./node-holders.js";
import type { RackColouring } from "./rack-colouring.js";
import { layoutTopology, type TopologyLayout } from "./topology-layout.js";
import { hoveredBlock, SERIES, topologyOption } from "./topology-option.js";

export interface TopologyMapView extends MountedChart {
  /**
   * Redraws with fresh data (after a node changes state), keeping the selection; the colouring and
   * the holders stay unless given.
   */
  update(map: TopologyMap, colouring?: RackColouring, holders?: NodeHolders): void;
  setColouring(colouring: RackColouring): void;
  /** Outlines one block (by path), or none. */
  selectBlock(path: string | null): void;
}

export interface TopologyMapOptions {
  colouring: RackColouring;
  /** Who holds the nodes, for the tooltips; without it they show node states only. */
  holders?: NodeHolders;
  /** Called with a block's path when the user clicks the block or any rack in it. */
  onBlockClick(path: string): void;
}

/**
 * Draws `map` into `host`; the host's height follows the layout, which follows its width.
 * While a render is on its way `data-rendered-racks` is absent; it names the rack count once drawn.
 * While a block (or one of its racks) is hovered it is outlined, and `data-hovered-block` names it
 * with `data-hovered-box` its frame ("x,y,width,height" in the map's pixels).
 */
export function topologyMap(
  host: HTMLElement,
  map: TopologyMap,
  options: TopologyMapOptions,
): TopologyMapView {
  let data = map;
  let colouring = options.colouring;
  let holders = options.holders;
  let hovered = -1;
  let selected: string | null = null;
  let layout: TopologyLayout | undefined;

  const mounted = mountChart(host, () => {
    if (host.clientWidth !== layout?.width) render();
  });
  const { chart } = mounted;

  function render(): void {
    layout = layoutTopology(data.groups, host.clientWidth);
    host.style.height = `${layout.height}px`;
    chart.resize();
    delete host.dataset.renderedRacks;
    hovered = -1;
    chart.setOption(topologyOption(layout, colouring, selected, holders), { notMerge: true });
  }

  const unhover = () => {
    if (hovered >= 0) chart.dispatchAction({ type: "downplay", seriesId: SERIES.blocks, dataIndex: hovered });
    hovered = -1;
    delete host.dataset.hoveredBlock;
    delete host.dataset.hoveredBox;
  };
  chart.on("mouseover", (event) => {
    const found = layout && hoveredBlock(layout, event.seriesId, event.dataIndex);
    if (!found || !layout) return unhover();
    if (found.index === hovered) return;
    unhover();
    hovered = found.index;
    chart.dispatchAction({ type: "highlight", seriesId: SERIES.blocks, dataIndex: hovered });
    const { block } = found;
    host.dataset.hoveredBlock = block.path;
    host.dataset.hoveredBox = [block.x, block.y, block.width, block.height + layout.labelHeight].join(",");
  });
  chart.on("mouseout", unhover);
  chart.on("globalout", unhover);

  chart.on("click", (event) => {
    if (!layout) return;
    const index = event.seriesId === SERIES.racks ? layout.racks[event.dataIndex]?.block : event.dataIndex;
    const block = event.seriesId === SERIES.halls ? undefined : layout.blocks[index ?? -1];
    if (block) options.onBlockClick(block.path);
  });
  chart.on("finished", () => {
    if (layout) host.dataset.renderedRacks = String(layout.racks.length);
  });
  render();

  return {
    ...mounted,
    update(next, nextColouring, nextHolders) {
      data = next;
      if (nextColouring) colouring = nextColouring;
      if (nextHolders) holders = nextHolders;
      render();
    },
    setColouring(next) {
      colouring = next;
      render();
    },
    selectBlock(path) {
      selected = path;
      render();
    },
  };
}
