/**
 * Text for the topology map: hall titles and the HTML of rack and block tooltips.
 * @module
 */
import type { RackCell, StateTally } from "../../../src/contract/generated/api.js";
import { NODE_STATES } from "../../../src/fleet/node.js";
import { escapeHtml } from "../escape-html.js";
import { formatCount } from "../format.js";
import { STATE_STYLES } from "../node-states.js";
import type { NodeHolders } from "./node-holders.js";
import type { TipRow } from "./rack-colouring.js";
import type { BlockBox, HallBand } from "./topology-layout.js";

function tallyRows(tally: StateTally): string {
  return NODE_STATES.map(
    (s) =>
      `<div class="tip-row"><span class="tip-swatch" style="background:${STATE_STYLES[s].colour}"></span>` +
      `${STATE_STYLES[s].label}<b>${formatCount(tally[s])}</b></div>`,
  ).join("");
}

/** "hall-01 · H100 · 10 blocks · 640 racks · 40,960 GPUs"; `short` (a phone) stops after the blocks. */
export function hallTitle(hall: HallBand, short = false): string {
  const parts = [hall.path || "Site", hall.gpuModels.join(" + "), `${formatCount(hall.blocks)} blocks`];
  if (!short) parts.push(`${formatCount(hall.racks)} racks`, `${formatCount(hall.gpus)} GPUs`);
  return parts.join("  ·  ");
}

function holderRows(rows: TipRow[]): string {
  return rows
    .map(
      (r) =>
        `<div class="tip-row"><span class="tip-swatch" style="background:${r.colour}"></span>` +
        `${escapeHtml(r.label)}<b>${formatCount(r.value)}</b></div>`,
    )
    .join("");
}

function heldBy(rows: TipRow[] | undefined): string {
  return rows?.length ? `<div class="tip-sub tip-section">Held by</div>${holderRows(rows)}` : "";
}

/** The rack's path, model and GPUs, its nodes by state, and who holds them when the server says. */
export function rackTooltip(rack: RackCell, holders?: NodeHolders): string {
  return (
    `<div class="tip"><div class="tip-title">${escapeHtml(rack.path)}</div>` +
    `<div class="tip-sub">${escapeHtml(rack.gpuModel)} · ${formatCount(rack.gpus)} GPUs</div>` +
    `${tallyRows(rack.nodesByState)}${heldBy(holders?.rackRows(rack.path))}</div>`
  );
}

/** The block's racks and GPUs, its nodes by state, and who holds them when the server says. */
export function blockTooltip(block: BlockBox, holders?: NodeHolders): string {
  const tally: StateTally = { healthy: 0, degraded: 0, failed: 0, maintenance: 0 };
  for (const rack of block.racks) for (const s of NODE_STATES) tally[s] += rack.nodesByState[s];
  return (
    `<div class="tip"><div class="tip-title">${escapeHtml(block.path)}</div>` +
    `<div class="tip-sub">${formatCount(block.racks.length)} racks · ${formatCount(block.gpus)} GPUs · click for nodes</div>` +
    `${tallyRows(tally)}${heldBy(holders?.rowsOf(block.racks.map((r) => r.path)))}</div>`
  );
}
