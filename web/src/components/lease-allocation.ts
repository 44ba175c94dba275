/**
 * Where a lease sits: its headline numbers (GPUs held, due and missing, blocks, value, end) and the
 * two allocation charts (GPUs held vs due by model, nodes by block).
 * @module
 */

import type { Lease, LeaseAllocation } from "../../../src/contract/generated/api.js";
import { formatMoney, formatMoneyShort } from "../../../src/shared/money.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { blocksChart, heldChart } from "../charts/lease-charts.js";
import { el } from "../element.js";
import { formatCount, formatDate } from "../format.js";
import { dataTable } from "./data-table.js";
import { statRow } from "./stat-row.js";

export interface LeaseAllocationView {
  /** The stat row of headline numbers. */
  stats: HTMLElement;
  /** The chart pair; its charts are drawn by `mount` once it is in the document. */
  charts: HTMLElement;
  /** GPUs the lease holds now, over all models. */
  heldGpus: number;
  /** Draws both charts (blocks in the lease's colour); the caller disposes them. */
  mount(colour: string): MountedChart[];
}

export function leaseAllocationView(lease: Lease, allocation: LeaseAllocation): LeaseAllocationView {
  const held = allocation.byModel.reduce((s, m) => s + m.heldGpus, 0);
  const missing = allocation.byModel.reduce((s, m) => s + m.missingGpus, 0);
  const full = lease.lines.reduce((s, l) => s + l.gpuCount, 0);
  const racks = allocation.blocks.reduce((s, b) => s + b.racks, 0);
  const nodes = allocation.blocks.reduce((s, b) => s + b.nodes, 0);
  const heldHost = el("div", {
    class: "chart",
    attrs: {
      "data-chart": "held",
      style: `height:${Math.max(120, 56 + 52 * allocation.byModel.length)}px`,
    },
  });
  const fullOf = (model: string) =>
    lease.lines.filter((l) => l.gpuModel === model).reduce((n, l) => n + l.gpuCount, 0);
  const byModel = dataTable(
    allocation.byModel,
    [
      { label: "Model", cell: (m) => el("b", {}, m.gpuModel) },
      { label: "Held", numeric: true, cell: (m) => formatCount(m.heldGpus) },
      { label: "Missing", numeric: true, cell: (m) => formatCount(m.missingGpus) },
      { label: "Due now", numeric: true, cell: (m) => formatCount(m.heldGpus + m.missingGpus) },
      { label: "Full delivery", numeric: true, cell: (m) => formatCount(fullOf(m.gpuModel)) },
    ],
    { compact: true, empty: "Nothing held: no tranche has started.", testId: "lease-by-model" },
  );
  const blocksHost = el("div", { class: "chart chart-card", attrs: { "data-chart": "blocks" } });
  const stats = statRow([
    {
      key: "held-gpus",
      label: "GPUs held",
      value: formatCount(held),
      detail: `${formatCount(nodes)} nodes · of ${formatCount(held + missing)} due now`,
      tone: held > 0 && missing === 0 ? "good" : undefined,
    },
    {
      key: "full-gpus",
      label: "At full delivery",
      value: formatCount(full),
      detail: lease.lines.map((l) => `${formatCount(l.gpuCount)} ${l.gpuModel}`).join(" + "),
    },
    {
      key: "missing-gpus",
      label: "Missing",
      value: formatCount(missing),
      detail: "due but not held",
      tone: missing > 0 ? "bad" : undefined,
    },
    {
      key: "blocks",
      label: "Blocks",
      value: formatCount(allocation.blocks.length),
      detail: `${formatCount(racks)} racks`,
    },
    {
      key: "contract-value",
      label: "Contract value",
      value: formatMoneyShort(lease.contractValue),
      detail: formatMoney(lease.contractValue),
    },
    {
      key: "ends",
      label: lease.noticeGivenAt ? "Ends (notice given)" : "Ends",
      value: formatDate(lease.endsAt),
      detail: `${lease.noticePeriodDays}-day notice`,
      tone: lease.status === "ending" ? "warn" : undefined,
    },
  ]);
  const charts = el(
    "div",
    { class: "chart-pair chart-pair-wide" },
    el("section", { class: "card" }, el("h3", {}, "GPUs held vs due, by model"), heldHost, byModel),
    el(
      "section",
      {
        class: "card",
        attrs: { "data-testid": "lease-blocks", "data-blocks": String(allocation.blocks.length) },
      },
      el("h3", {}, `Nodes by block · ${formatCount(allocation.blocks.length)} blocks`),
      blocksHost,
    ),
  );
  return {
    stats,
    charts,
    heldGpus: held,
    mount: (colour) => [
      heldChart(heldHost, allocation.byModel),
      blocksChart(blocksHost, allocation.blocks, colour),
    ],
  };
}
