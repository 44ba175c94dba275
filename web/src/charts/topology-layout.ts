import type { DomainGroup, RackCell } from "../../../src/contract/generated/api.js";
/**
 * Lays a topology map out in pixels: halls as bands, blocks as framed grids of rack cells.
 * @module
 */

export interface HallBand {
  /** The hall's path ("hall-01"), or "" when the site has a single unnamed hall. */
  path: string;
  y: number;
  blocks: number;
  racks: number;
  gpus: number;
  gpuModels: string[];
}

export interface BlockBox {
  path: string;
  /** The block's own name ("block-003"). */
  name: string;
  x: number;
  /** Top of the label; the frame starts `labelHeight` below. */
  y: number;
  width: number;
  height: number;
  gpus: number;
  racks: RackCell[];
}

interface PlacedRack {
  rack: RackCell;
  /** Index into `TopologyLayout.blocks`. */
  block: number;
  x: number;
  y: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  /** Side of one rack cell in CSS pixels. */
  cell: number;
  labelHeight: number;
  halls: HallBand[];
  blocks: BlockBox[];
  racks: PlacedRack[];
}

const RACK_COLUMNS = 8;
const CELL_GAP = 2;
const FRAME_PAD = 5;
const LABEL_HEIGHT = 16;
const BLOCK_GAP_X = 12;
const BLOCK_GAP_Y = 10;
const HALL_HEADER = 24;
const HALL_GAP = 14;
const MIN_PITCH = 8;
const MAX_PITCH = 18;

function parentOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "" : path.slice(0, cut);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The largest cell pitch (cell + gap) that fits `perRow` blocks across `width`, and that count. */
function fitPitch(width: number, maxBlocks: number): { perRow: number; pitch: number } {
  for (let perRow = Math.max(1, maxBlocks); perRow > 1; perRow--) {
    const room = width - (perRow - 1) * BLOCK_GAP_X - perRow * (2 * FRAME_PAD - CELL_GAP);
    const pitch = Math.floor(room / (perRow * RACK_COLUMNS));
    if (pitch >= MIN_PITCH) return { perRow, pitch: Math.min(pitch, MAX_PITCH) };
  }
  const room = width - (2 * FRAME_PAD - CELL_GAP);
  return { perRow: 1, pitch: Math.max(4, Math.min(MAX_PITCH, Math.floor(room / RACK_COLUMNS))) };
}

/** Places every rack of `groups` (blocks, in API order) in a drawing `width` pixels wide. */
export function layoutTopology(groups: DomainGroup[], width: number): TopologyLayout {
  const halls = new Map<string, DomainGroup[]>();
  for (const group of groups) {
    const hall = parentOf(group.path);
    halls.set(hall, [...(halls.get(hall) ?? []), group]);
  }
  const maxBlocks = Math.max(1, ...[...halls.values()].map((g) => g.length));
  const { perRow, pitch } = fitPitch(width, maxBlocks);
  const cell = pitch - CELL_GAP;
  const blockWidth = RACK_COLUMNS * pitch - CELL_GAP + 2 * FRAME_PAD;
  const layout: TopologyLayout = {
    width,
    height: 0,
    cell,
    labelHeight: LABEL_HEIGHT,
    halls: [],
    blocks: [],
    racks: [],
  };

  let y = 0;
  for (const [hallPath, hallGroups] of halls) {
    const racks = hallGroups.flatMap((g) => g.racks);
    layout.halls.push({
      path: hallPath,
      y,
      blocks: hallGroups.length,
      racks: racks.length,
      gpus: hallGroups.reduce((sum, g) => sum + g.gpus, 0),
      gpuModels: [...new Set(racks.map((r) => r.gpuModel))],
    });
    y += HALL_HEADER;
    for (let start = 0; start < hallGroups.length; start += perRow) {
      let rowHeight = 0;
      hallGroups.slice(start, start + perRow).forEach((group, column) => {
        const rows = Math.max(1, Math.ceil(group.racks.length / RACK_COLUMNS));
        const box: BlockBox = {
          path: group.path,
          name: nameOf(group.path) || "site",
          x: column * (blockWidth + BLOCK_GAP_X),
          y,
          width: blockWidth,
          height: rows * pitch - CELL_GAP + 2 * FRAME_PAD,
          gpus: group.gpus,
          racks: group.racks,
        };
        const blockIndex = layout.blocks.push(box) - 1;
        group.racks.forEach((rack, i) => {
          layout.racks.push({
            rack,
            block: blockIndex,
            x: box.x + FRAME_PAD + (i % RACK_COLUMNS) * pitch,
            y: box.y + LABEL_HEIGHT + FRAME_PAD + Math.floor(i / RACK_COLUMNS) * pitch,
          });
        });
        rowHeight = Math.max(rowHeight, LABEL_HEIGHT + box.height);
      });
      y += rowHeight + BLOCK_GAP_Y;
    }
    y += HALL_GAP - BLOCK_GAP_Y;
  }
  layout.height = Math.max(0, y - HALL_GAP + 4);
  return layout;
}
