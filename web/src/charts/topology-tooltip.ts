/**
 * Text for the topology map: hall titles and the HTML of rack and block tooltips.
 * @module
 */
import type { RackCell, StateTally } from "../../../src/contract/generated/api.js";
import { NODE_STATES } from "../../../src/fleet/node.js";
import { escapeHtml } from "../escape-html.js";
import { formatCount } from "../format.js";
import { STATE_STYLES } from "../node-states.js";
import type { RackColouring, TipRow } from "./rack-colouring.js";
import type { BlockBox, HallBand } from "./topology-layout.js";

function tallyRows(tally: StateTally): string {
  return NODE_STATES.map(
    (s) =>
      `<div class="tip-row"><span class="tip-swatch" style="background:${STATE_STYLES[s].colour}"></span>` +
      `${STATE_STYLES[s].label}<b>${formatCount(tally[s])}</b></div>`,
  ).join("");
}

/** "hall-01 · H100 · 10 blocks · 640 racks · 40,960 GPUs". */
export function hallTitle(hall: HallBand): string {
  return [
    hall.path || "Site",
    hall.gpuModels.join(" + "),
    `${formatCount(hall.blocks)} blocks`,
    `${formatCount(hall.racks)} racks`,
    `${formatCount(hall.gpus)} GPUs`,
  ].join("  ·  ");
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

/** The rack's path, model and GPUs, then its nodes by state, or by holder when colouring by tenant. */
export function rackTooltip(rack: RackCell, colouring?: RackColouring): string {
  const rows = colouring?.rackRows?.(rack);
  const body = rows
    ? `<div class="tip-sub">Nodes by holder</div>${holderRows(rows)}`
    : tallyRows(rack.nodesByState);
  return (
    `<div class="tip"><div class="tip-title">${escapeHtml(rack.path)}</div>` +
    `<div class="tip-sub">${escapeHtml(rack.gpuModel)} · ${formatCount(rack.gpus)} GPUs</div>` +
    `${body}</div>`
  );
}

export function blockTooltip(block: BlockBox): string {
  const tally: StateTally = { healthy: 0, degraded: 0, failed: 0, maintenance: 0 };
  for (const rack of block.racks) for (const s of NODE_STATES) tally[s] += rack.nodesByState[s];
  return (
    `<div class="tip"><div class="tip-title">${escapeHtml(block.path)}</div>` +
    `<div class="tip-sub">${formatCount(block.racks.length)} racks · ${formatCount(block.gpus)} GPUs · click for nodes</div>` +
    `${tallyRows(tally)}</div>`
  );
}
