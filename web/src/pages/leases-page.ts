/**
 * The leases page: every lease on a timeline (a bar per lease, by site, coloured by status, with
 * its tranches and notice), a table of them, and the "New lease" panel that quotes and reserves.
 * @module
 */

import type { Lease, SiteListing } from "../../../src/contract/generated/api.js";
import { LEASE_STATUSES } from "../../../src/leasing/lease.js";
import { formatMoney, formatMoneyShort } from "../../../src/shared/money.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { leaseTimeline, type TimelineRow } from "../charts/lease-timeline.js";
import { dataTable } from "../components/data-table.js";
import { type NewLeasePanel, newLeasePanel } from "../components/new-lease-panel.js";
import { statRow } from "../components/stat-row.js";
import { statusBadge } from "../components/status-badge.js";
import { el } from "../element.js";
import { listSites } from "../fleet-api.js";
import { formatCount, formatDate } from "../format.js";
import { leasedGpus, listLeases } from "../lease-api.js";
import { STATUS_STYLES } from "../lease-styles.js";
import type { PageContext, PageView } from "../page-view.js";
import { leaseHref, siteHref } from "../router.js";

function leaseGpus(lease: Lease): number {
  return lease.lines.reduce((sum, l) => sum + l.gpuCount, 0);
}

/** Sums exact decimal amounts in micro-dollars (BigInt, as the API keeps money), so the total is exact too. */
function sumMoney(amounts: string[]): string {
  let micros = 0n;
  for (const amount of amounts) {
    const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(amount);
    if (!match) continue;
    const value = BigInt(match[2] ?? "0") * 1_000_000n + BigInt((match[3] ?? "").padEnd(6, "0"));
    micros += match[1] ? -value : value;
  }
  const sign = micros < 0n ? "-" : "";
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
}

function statusLegend(): HTMLElement {
  return el(
    "ul",
    { class: "legend" },
    ...LEASE_STATUSES.map((s) =>
      el(
        "li",
        {},
        el("span", { class: "swatch", attrs: { style: `background:${STATUS_STYLES[s].colour}` } }),
        STATUS_STYLES[s].label,
      ),
    ),
    el("li", {}, el("span", { class: "marker-tranche", attrs: { "aria-hidden": "true" } }), "Tranche starts"),
    el("li", {}, el("span", { class: "marker-notice", attrs: { "aria-hidden": "true" } }), "Notice given"),
    el("li", {}, el("span", { class: "marker-end", attrs: { "aria-hidden": "true" } }), "End"),
  );
}

export function leasesPage(ctx: PageContext): PageView {
  const body = el("div", { class: "loading" }, "Loading leases…");
  const panelSlot = el("div", { class: "panel-slot" });
  let panel: NewLeasePanel | undefined;
  let sites: SiteListing[] = [];
  const charts: MountedChart[] = [];
  let disposed = false;

  const closePanel = () => {
    panel?.dispose();
    panel = undefined;
    panelSlot.replaceChildren();
    newButton.hidden = false;
  };
  const openPanel = () => {
    if (panel) return;
    panel = newLeasePanel({
      api: ctx.api,
      sites,
      onReserved: (lease) => {
        window.location.hash = leaseHref(lease.id);
      },
      onClose: closePanel,
    });
    panelSlot.replaceChildren(panel.element);
    newButton.hidden = true;
  };
  const newButton = el(
    "button",
    {
      class: "button primary",
      attrs: { type: "button", "data-testid": "new-lease-open" },
      on: { click: openPanel },
    },
    "+ New lease",
  );
  newButton.disabled = true;
  const subtitle = el("p", { class: "muted" }, "Who rents what, where and until when");

  const element = el(
    "div",
    { class: "leases-page", attrs: { "data-page": "leases" } },
    el("div", { class: "page-title title-row" }, el("div", {}, el("h1", {}, "Leases"), subtitle), newButton),
    panelSlot,
    body,
  );

  void (async () => {
    const [leases, siteList, leased] = await Promise.all([
      listLeases(ctx.api),
      listSites(ctx.api),
      leasedGpus(ctx.api),
    ]);
    if (disposed) return;
    sites = siteList;
    newButton.disabled = false;
    const siteOf = (l: Lease) => l.siteName ?? l.siteNames[0] ?? "";
    const rows: TimelineRow[] = leases
      .map((lease) => ({
        lease,
        siteName: siteOf(lease),
        tenantName: lease.tenantName,
        gpus: leaseGpus(lease),
      }))
      .sort(
        (a, b) => a.siteName.localeCompare(b.siteName) || a.lease.startsAt.localeCompare(b.lease.startsAt),
      );

    const live = rows.filter((r) => ["reserved", "active", "ending"].includes(r.lease.status));
    const value = sumMoney(live.map((r) => r.lease.contractValue));
    const counted = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
    const tenantCount = new Set(rows.map((r) => r.lease.tenantId)).size;
    subtitle.textContent = `${counted(leases.length, "lease")} · ${counted(tenantCount, "tenant")} · ${counted(siteList.length, "site")}`;

    if (leases.length === 0) {
      body.replaceWith(
        el(
          "div",
          { class: "card empty-card" },
          el("h2", {}, "No leases yet"),
          el("p", { class: "muted" }, "Create one from a scenario: rent half the site, or all of it."),
        ),
      );
      openPanel();
      element.dataset.loaded = "true";
      return;
    }

    const timelineHost = el("div", {
      class: "chart lease-timeline",
      attrs: { "data-testid": "lease-timeline" },
    });
    const table = dataTable(
      rows,
      [
        { label: "Lease", cell: (r) => el("a", { attrs: { href: leaseHref(r.lease.id) } }, r.lease.name) },
        { label: "Tenant", cell: (r) => r.tenantName },
        { label: "Site", cell: (r) => el("a", { attrs: { href: siteHref(r.siteName) } }, r.siteName) },
        { label: "Status", cell: (r) => statusBadge(r.lease.status) },
        { label: "GPUs", numeric: true, cell: (r) => formatCount(r.gpus) },
        { label: "Models", cell: (r) => r.lease.lines.map((l) => l.gpuModel).join(" + ") },
        { label: "Start", cell: (r) => formatDate(r.lease.startsAt) },
        { label: "End", cell: (r) => formatDate(r.lease.endsAt) },
        { label: "Contract value", numeric: true, cell: (r) => formatMoney(r.lease.contractValue) },
      ],
      { testId: "lease-table", rowAttrs: (r) => ({ "data-lease": r.lease.id, "data-name": r.lease.name }) },
    );
    body.replaceWith(
      el(
        "div",
        {},
        statRow([
          {
            key: "leases",
            label: "Leases",
            value: formatCount(leases.length),
            detail: `${formatCount(live.length)} reserved or running`,
          },
          {
            key: "leased-now",
            label: "GPUs leased now",
            value: formatCount(leased.gpusNow),
            detail: "tranches in force today",
          },
          {
            key: "leased-peak",
            label: "Peak under lease",
            value: formatCount(leased.peakGpus),
            detail: leased.peakAt ? `from ${formatDate(leased.peakAt)}` : "nothing leased",
          },
          {
            key: "tenants",
            label: "Tenants",
            value: formatCount(new Set(live.map((r) => r.lease.tenantId)).size),
          },
          {
            key: "contract-value",
            label: "Contract value",
            value: formatMoneyShort(value),
            detail: formatMoney(value),
          },
        ]),
        el(
          "section",
          { class: "card" },
          el("header", { class: "card-header" }, el("h2", {}, "Timeline"), statusLegend()),
          timelineHost,
        ),
        el(
          "section",
          { class: "card spaced-card" },
          el("header", { class: "card-header" }, el("h2", {}, "All leases")),
          table,
        ),
      ),
    );
    charts.push(
      leaseTimeline(timelineHost, rows, (id) => {
        window.location.hash = leaseHref(id);
      }),
    );
    element.dataset.loaded = "true";
  })().catch((error: unknown) => {
    if (!disposed) ctx.fail(error);
  });

  return {
    element,
    dispose() {
      disposed = true;
      panel?.dispose();
      for (const chart of charts) chart.dispose();
    },
  };
}
