/**
 * A lease's delivery and billing: this month's availability against its SLA target, delivered vs
 * committed GPU-hours day by day, its downtime with causes, and its invoices and credit/debit notes.
 * @module
 */
import { formatMoney } from "../../../src/shared/money.js";
import type { InvoiceDocument, LeaseUsage } from "../billing-api.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { usageChart } from "../charts/usage-chart.js";
import { el } from "../element.js";
import { formatCount, formatDateTime } from "../format.js";
import { dataTable } from "./data-table.js";
import { statRow } from "./stat-row.js";

const percent = (bps: number) => `${(bps / 100).toFixed(2)}%`;
const KIND = { invoice: "Invoice", credit_note: "Credit note", debit_note: "Debit note" } as const;

export interface LeaseBillingView {
  element: HTMLElement;
  mount(colour: string): MountedChart[];
}

export function leaseBillingView(usage: LeaseUsage, invoices: InvoiceDocument[]): LeaseBillingView {
  const sla = usage.sla;
  const stats = statRow([
    {
      key: "availability",
      label: `Availability, ${usage.month}`,
      value: percent(usage.availabilityBps),
      detail: sla
        ? `SLA target ${percent(sla.availabilityTargetBps)}${sla.creditBps ? `, credit ${percent(sla.creditBps)} of the month` : ""}`
        : "no SLA",
      ...(sla ? { tone: sla.met ? ("good" as const) : ("bad" as const) } : {}),
    },
    {
      key: "delivered",
      label: "Delivered GPU-hours",
      value: formatCount(Math.round(Number(usage.deliveredGpuHours))),
      detail: `of ${formatCount(Math.round(Number(usage.committedGpuHours)))} committed, up to ${formatDateTime(usage.asOf)}`,
    },
    { key: "downtime", label: "Downtime intervals", value: formatCount(usage.downtime.length) },
  ]);
  const chartHost = el("div", { class: "chart chart-card", attrs: { "data-testid": "usage-chart" } });
  const element = el(
    "section",
    { class: "card", attrs: { "data-testid": "lease-billing" } },
    el("header", { class: "card-header" }, el("h2", {}, "Delivery and billing")),
    stats,
    usage.hours.length
      ? chartHost
      : el("p", { class: "empty" }, `Nothing committed or delivered in ${usage.month}.`),
    el("h3", {}, "Downtime"),
    dataTable(
      usage.downtime,
      [
        { label: "From", cell: (d) => formatDateTime(d.from) },
        { label: "Until", cell: (d) => formatDateTime(d.until) },
        { label: "Model", cell: (d) => d.gpuModel },
        { label: "GPUs missing", numeric: true, cell: (d) => formatCount(d.missingGpus) },
        {
          label: "GPU-hours lost",
          numeric: true,
          cell: (d) => formatCount(Math.round(Number(d.lostGpuHours))),
        },
        { label: "Cause", cell: (d) => d.cause },
      ],
      { empty: "No downtime this month.", testId: "downtime", compact: true },
    ),
    el("h3", {}, "Invoices and notes"),
    dataTable(
      invoices,
      [
        { label: "Number", cell: (i) => i.number ?? "draft" },
        { label: "Kind", cell: (i) => KIND[i.kind] },
        { label: "Month", cell: (i) => i.period },
        { label: "Availability", numeric: true, cell: (i) => percent(i.availabilityBps) },
        { label: "Total", numeric: true, cell: (i) => formatMoney(i.total) },
        { label: "Status", cell: (i) => i.status },
      ],
      {
        empty: "No invoices yet.",
        testId: "invoices",
        compact: true,
        rowAttrs: (i) => ({ "data-kind": i.kind }),
      },
    ),
  );
  return {
    element,
    mount: (colour) => (usage.hours.length ? [usageChart(chartHost, usage, colour)] : []),
  };
}
