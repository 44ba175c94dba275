/**
 * The site map: every rack a cell inside its block, blocks grouped by hall, drawn on one canvas.
 * @module
 */
import type { TopologyMap } from "../../../src/contract/generated/api.js";
import { type MountedChart, mountChart } from "./echarts-setup.js";
import type { RackColouring } from "./rack-colouring.js";
import { layoutTopology, type TopologyLayout } from "./topology-layout.js";
import { SERIES, topologyOption } from "./topology-option.js";

export interface TopologyMapView extends MountedChart {
  /** Redraws with fresh data (after a node changes state), keeping the selection; and the colouring unless given. */
  update(map: TopologyMap, colouring?: RackColouring): void;
  setColouring(colouring: RackColouring): void;
  /** Outlines one block (by path), or none. */
  selectBlock(path: string | null): void;
}

export interface TopologyMapOptions {
  colouring: RackColouring;
  /** Called with a block's path when the user clicks the block or any rack in it. */
  onBlockClick(path: string): void;
}

/**
 * Draws `map` into `host`; the host's height follows the layout, which follows its width.
 * While a render is on its way `data-rendered-racks` is absent; it names the rack count once drawn.
 */
export function topologyMap(
  host: HTMLElement,
  map: TopologyMap,
  options: TopologyMapOptions,
): TopologyMapView {
  let data = map;
  let colouring = options.colouring;
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
    chart.setOption(topologyOption(layout, colouring, selected), { notMerge: true });
  }

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
    update(next, nextColouring) {
      data = next;
      if (nextColouring) colouring = nextColouring;
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
