/**
 * A lease's placements card: each tranche line placed (when, where, how well it fit, the house
 * nodes it preempted) and the shortfalls the lease ran with.
 * @module
 */
import type { LeaseAllocation } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { formatCount, formatDate, formatDateTime } from "../format.js";
import { dataTable } from "./data-table.js";

/** Placements first, then shortfalls (open ones say "open" in their Until column). */
export function leasePlacementsCard(allocation: LeaseAllocation): HTMLElement {
  return el(
    "section",
    { class: "card", attrs: { "data-testid": "lease-placements" } },
    el("header", { class: "card-header" }, el("h2", {}, "Placements")),
    dataTable(
      allocation.placements,
      [
        { label: "Tranche / line", cell: (p) => el("code", {}, `${p.trancheKey}/${p.lineKey}`) },
        {
          label: "Placed",
          cell: (p) => el("span", { attrs: { title: formatDateTime(p.placedAt) } }, formatDate(p.placedAt)),
        },
        { label: "Model", cell: (p) => p.gpuModel },
        { label: "GPUs", numeric: true, cell: (p) => formatCount(p.gpus) },
        { label: "Blocks", numeric: true, cell: (p) => formatCount(p.pieces.length) },
        { label: "Fit", cell: (p) => p.fitLevel },
        { label: "Preempted house nodes", numeric: true, cell: (p) => formatCount(p.preemptedHouseNodes) },
      ],
      { compact: true, empty: "Nothing placed yet: tranches are placed when they start." },
    ),
    el("h3", { class: "spaced" }, "Shortfalls"),
    dataTable(
      allocation.shortfalls,
      [
        { label: "Model", cell: (s) => s.gpuModel },
        { label: "Missing GPUs", numeric: true, cell: (s) => formatCount(s.missingGpus) },
        { label: "From", cell: (s) => formatDateTime(s.startedAt) },
        { label: "Until", cell: (s) => (s.endedAt ? formatDateTime(s.endedAt) : "open") },
        { label: "Cause", cell: (s) => s.cause },
      ],
      { compact: true, empty: "None: every GPU due has been delivered.", testId: "lease-shortfalls" },
    ),
  );
}
