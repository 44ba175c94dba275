/**
 * One lease: its status and value, its terms, where it sits (GPUs held against those due, nodes by
 * block, the placements and the house nodes they preempted), shortfalls, amendments and events;
 * and the two ways to end it early, notice and cancel, each with a reason.
 * @module
 */
import type { MountedChart } from "../charts/echarts-setup.js";
import { blocksChart, heldChart } from "../charts/lease-charts.js";
import { dataTable } from "../components/data-table.js";
import { openReasonDialog } from "../components/reason-dialog.js";
import { statRow } from "../components/stat-row.js";
import { statusBadge } from "../components/status-badge.js";
import { el } from "../element.js";
import { listSites } from "../fleet-api.js";
import { formatCount, formatDate, formatDateTime, formatMoney, formatMoneyShort } from "../format.js";
import {
  allocationMap,
  cancelLease,
  getLease,
  giveNotice,
  leaseAllocation,
  leaseHistory,
  listTenants,
} from "../lease-api.js";
import { leaseColours } from "../lease-styles.js";
import type { LeaseAllocation, LeaseHistory, LeaseView } from "../lease-types.js";
import type { PageContext, PageView } from "../page-view.js";
import { leasesHref, siteHref } from "../router.js";

const DEFAULT_LEASE_COLOUR = "#6a3fc8";

function term(label: string, ...value: Array<Node | string | null>): HTMLElement {
  return el("div", { class: "term" }, el("dt", {}, label), el("dd", {}, ...value));
}

function linePrice(line: LeaseView["lines"][number]): string {
  if (line.pricePerGpuHour !== undefined) return `${formatMoney(line.pricePerGpuHour)} / GPU-h`;
  if (line.monthlyFee !== undefined) return `${formatMoney(line.monthlyFee)} / month`;
  return "—";
}

function termsCard(lease: LeaseView): HTMLElement {
  const lines = dataTable(
    lease.lines,
    [
      { label: "Line", cell: (l) => el("code", {}, l.key) },
      { label: "Model", cell: (l) => l.gpuModel },
      { label: "GPUs", numeric: true, cell: (l) => formatCount(l.gpuCount) },
      { label: "Price", numeric: true, cell: linePrice },
    ],
    { compact: true, testId: "lease-lines" },
  );
  const tranches = dataTable(
    lease.tranches,
    [
      { label: "Tranche", cell: (t) => el("code", {}, t.key) },
      { label: "Starts", cell: (t) => formatDateTime(t.startsAt) },
      {
        label: "Delivers",
        numeric: true,
        cell: (t) =>
          Object.entries(t.gpus)
            .map(([line, gpus]) => `${formatCount(gpus)} × ${line}`)
            .join(", "),
      },
    ],
    { compact: true, testId: "lease-tranches" },
  );
  const sla = lease.sla
    ? `${lease.sla.availabilityTarget}% availability${
        lease.sla.creditTiers.length
          ? `; credits ${lease.sla.creditTiers.map((t) => `${t.credit}% below ${t.below}%`).join(", ")}`
          : ""
      }`
    : "none";
  return el(
    "section",
    { class: "card", attrs: { "data-testid": "lease-terms" } },
    el(
      "header",
      { class: "card-header" },
      el("h2", {}, "Terms"),
      el("span", { class: "muted" }, `version ${lease.version}`),
    ),
    el("h3", {}, "Lines"),
    lines,
    el("h3", { class: "spaced" }, "Tranches"),
    tranches,
    el(
      "dl",
      { class: "terms spaced" },
      term("Term", `${formatDate(lease.startsAt)} → ${formatDate(lease.endsAt)}`),
      term(
        "Ramp",
        lease.rampDiscounts.length
          ? lease.rampDiscounts
              .map((r) => `${r.percentOff}% off ${formatDate(r.from)} → ${formatDate(r.until)}`)
              .join("; ")
          : "none",
      ),
      term(
        "Notice",
        `${lease.noticePeriodDays} days`,
        lease.noticeGivenAt
          ? el("span", { class: "muted" }, ` · given ${formatDate(lease.noticeGivenAt)}`)
          : null,
      ),
      term(
        "Commitment",
        lease.commitment ? `${formatMoney(lease.commitment.minimumPerMonth)} / month minimum` : "none",
      ),
      term("SLA", sla),
      term(
        "Isolation",
        el("b", {}, lease.isolation),
        lease.isolation === "site" ? " — sole tenant of the site" : "",
      ),
      term(
        "Placement",
        `${lease.placement.policy}${
          lease.placement.minIslandGpus
            ? `, islands ≥ ${formatCount(lease.placement.minIslandGpus)} GPUs`
            : ""
        }`,
      ),
      term("Created", formatDateTime(lease.createdAt)),
    ),
  );
}

function placementsCard(allocation: LeaseAllocation): HTMLElement {
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

function changeText(change: { field: string; from: unknown; to: unknown }): string {
  const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  return `${change.field}: ${show(change.from)} → ${show(change.to)}`;
}

/** "operator:bootstrap(key_01…)" → "operator:bootstrap": the key id stays in the title. */
function actorName(actor: string): string {
  return actor.replace(/\(.*\)$/, "");
}

function historyCards(history: LeaseHistory): HTMLElement {
  const feedItem = (badge: string, title: Node | string, at: string, ...lines: Array<Node | string | null>) =>
    el(
      "li",
      { class: "feed-item" },
      el("span", { class: "feed-badge" }, badge),
      el(
        "div",
        { class: "feed-body" },
        el("div", { class: "feed-head" }, title, el("time", { attrs: { datetime: at } }, formatDateTime(at))),
        ...lines,
      ),
    );
  const versions = history.versions.length
    ? el(
        "ol",
        { class: "feed", attrs: { "data-testid": "lease-versions" } },
        ...[...history.versions]
          .reverse()
          .map((v) =>
            feedItem(
              `v${v.version}`,
              el("b", {}, v.kind),
              v.at,
              el(
                "div",
                { class: "feed-detail" },
                v.reason,
                el("span", { class: "muted", attrs: { title: v.actor } }, ` · by ${actorName(v.actor)}`),
              ),
              ...v.changes.map((c) =>
                el("div", { class: "change", attrs: { title: changeText(c) } }, changeText(c)),
              ),
            ),
          ),
      )
    : el("p", { class: "empty" }, "No amendments.");
  const events = history.events.length
    ? el(
        "ol",
        { class: "feed", attrs: { "data-testid": "lease-events" } },
        ...[...history.events].reverse().map((e) => {
          const payload = JSON.stringify(e.payload);
          return feedItem(
            `#${e.id}`,
            el("code", {}, e.topic),
            e.createdAt,
            el("div", { class: "payload", attrs: { title: payload } }, payload),
          );
        }),
      )
    : el("p", { class: "empty" }, "No events.");
  return el(
    "div",
    { class: "two-col" },
    el(
      "section",
      { class: "card" },
      el(
        "header",
        { class: "card-header" },
        el("h2", {}, "Amendments"),
        el("span", { class: "muted" }, `${formatCount(history.versions.length)} versions`),
      ),
      versions,
    ),
    el(
      "section",
      { class: "card" },
      el(
        "header",
        { class: "card-header" },
        el("h2", {}, "Events"),
        el("span", { class: "muted" }, "outbox, newest first"),
      ),
      events,
    ),
  );
}

export function leasePage(ctx: PageContext, ref: string): PageView {
  const crumbName = el("span", {}, ref);
  const title = el("h1", {}, ref);
  const badgeSlot = el("span", {});
  const subtitle = el("p", { class: "muted" }, "Loading…");
  const actions = el("div", { class: "title-actions" });
  const body = el("div", { class: "loading" }, "Loading lease…");
  const element = el(
    "div",
    { class: "lease-page", attrs: { "data-page": "lease" } },
    el("nav", { class: "crumbs" }, el("a", { attrs: { href: leasesHref() } }, "Leases"), " / ", crumbName),
    el(
      "div",
      { class: "page-title title-row" },
      el("div", {}, el("div", { class: "title-line" }, title, badgeSlot), subtitle),
      actions,
    ),
    body,
  );
  let charts: MountedChart[] = [];
  let disposed = false;
  let content: HTMLElement = body;

  const load = async () => {
    const [lease, allocation, history, tenants, sites] = await Promise.all([
      getLease(ctx.api, ref),
      leaseAllocation(ctx.api, ref),
      leaseHistory(ctx.api, ref),
      listTenants(ctx.api),
      listSites(ctx.api),
    ]);
    const siteId = lease.siteId ?? lease.siteIds[0] ?? "";
    const siteName = sites.find((s) => s.id === siteId)?.name ?? siteId;
    const holders = lease.siteId ? await allocationMap(ctx.api, lease.siteId).catch(() => null) : null;
    if (disposed) return;
    const colour = (holders && leaseColours(holders.leases).get(lease.id)) ?? DEFAULT_LEASE_COLOUR;
    const tenant = tenants.find((t) => t.id === lease.tenantId)?.name ?? lease.tenantId;
    document.title = `${lease.name} · Leasehold`;
    crumbName.textContent = lease.name;
    title.textContent = lease.name;
    badgeSlot.replaceChildren(statusBadge(lease.status));
    subtitle.replaceChildren(
      el("b", {}, tenant),
      " · ",
      siteName ? el("a", { attrs: { href: siteHref(siteName) } }, siteName) : "no site yet",
      ` · ${formatDate(lease.startsAt)} → ${formatDate(lease.endsAt)}`,
    );
    element.dataset.status = lease.status;

    const open = !["ended", "cancelled"].includes(lease.status);
    const reload = async () => {
      await load();
    };
    actions.replaceChildren(
      ...(open && lease.status !== "ending" && lease.status !== "draft"
        ? [
            el(
              "button",
              {
                class: "button",
                attrs: { type: "button", "data-testid": "give-notice" },
                on: {
                  click: () =>
                    openReasonDialog({
                      title: `Give notice on ${lease.name}`,
                      explain: `The lease ends after its ${lease.noticePeriodDays}-day notice period, or on the date you give (no earlier).`,
                      action: "Give notice",
                      placeholder: "e.g. tenant moving to its own site",
                      dateLabel: "End on (optional)",
                      dateHint: "Leave empty to end as early as the notice period allows.",
                      testId: "notice-dialog",
                      submit: async (reason, endsAt) => {
                        await giveNotice(ctx.api, lease.id, { reason, ...(endsAt ? { endsAt } : {}) });
                        await reload();
                      },
                    }),
                },
              },
              "Give notice",
            ),
          ]
        : []),
      ...(open
        ? [
            el(
              "button",
              {
                class: "button danger-outline",
                attrs: { type: "button", "data-testid": "cancel-lease" },
                on: {
                  click: () =>
                    openReasonDialog({
                      title: `Cancel ${lease.name}`,
                      explain: "Cancelling releases every node it holds back to the house at once.",
                      action: "Cancel lease",
                      danger: true,
                      placeholder: "e.g. contract not signed",
                      testId: "cancel-dialog",
                      submit: async (reason) => {
                        await cancelLease(ctx.api, lease.id, reason);
                        await reload();
                      },
                    }),
                },
              },
              "Cancel lease",
            ),
          ]
        : []),
    );

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
    const next = el(
      "div",
      { class: "lease-body" },
      statRow([
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
      ]),
      el(
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
      ),
      el("div", { class: "two-col" }, termsCard(lease), placementsCard(allocation)),
      historyCards(history),
    );
    for (const chart of charts) chart.dispose();
    content.replaceWith(next);
    content = next;
    charts = [heldChart(heldHost, allocation.byModel), blocksChart(blocksHost, allocation.blocks, colour)];
    element.dataset.loaded = String(Number(element.dataset.loaded ?? "0") + 1);
    element.dataset.heldGpus = String(held);
  };

  load().catch((error: unknown) => {
    if (!disposed) ctx.fail(error);
  });

  return {
    element,
    dispose() {
      disposed = true;
      for (const chart of charts) chart.dispose();
    },
  };
}
