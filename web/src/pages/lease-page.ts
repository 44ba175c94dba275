/**
 * One lease: its status and value, its terms, where it sits (GPUs held against those due, nodes by
 * block, the placements and the house nodes they preempted), shortfalls, amendments and events;
 * and the two ways to end it early, each with a reason: give notice and cancel, offered when the
 * server lists them in the lease's allowedActions (the page does not decide it). The sections are
 * components (`lease-allocation`, `lease-terms`, `lease-placements`, `lease-history`); this module
 * loads the data, assembles them and wires the actions.
 * @module
 */
import { leaseInvoices, leaseUsage } from "../billing-api.js";
import type { MountedChart } from "../charts/echarts-setup.js";
import { leaseAllocationView } from "../components/lease-allocation.js";
import { leaseBillingView } from "../components/lease-billing.js";
import { leaseHistoryCards } from "../components/lease-history.js";
import { leasePlacementsCard } from "../components/lease-placements.js";
import { leaseTermsCard } from "../components/lease-terms.js";
import { openReasonDialog } from "../components/reason-dialog.js";
import { statusBadge } from "../components/status-badge.js";
import { el } from "../element.js";
import { formatDate } from "../format.js";
import {
  allocationMap,
  cancelLease,
  getLease,
  giveNotice,
  leaseAllocation,
  leaseHistory,
} from "../lease-api.js";
import { leaseColours } from "../lease-styles.js";
import type { PageContext, PageView } from "../page-view.js";
import { leasesHref, siteHref } from "../router.js";

const DEFAULT_LEASE_COLOUR = "#6a3fc8";

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
    // Usage and invoices are metered from the lease's history, the slowest read: they fill their
    // own slot when they arrive, and the lease itself never waits on them.
    const billingData = Promise.all([leaseUsage(ctx.api, ref), leaseInvoices(ctx.api, ref)]);
    billingData.catch(() => undefined);
    const [lease, allocation, history] = await Promise.all([
      getLease(ctx.api, ref),
      leaseAllocation(ctx.api, ref),
      leaseHistory(ctx.api, ref),
    ]);
    const siteName = lease.siteName ?? lease.siteNames[0] ?? "";
    const holders = lease.siteId ? await allocationMap(ctx.api, lease.siteId).catch(() => null) : null;
    if (disposed) return;
    const colour = (holders && leaseColours(holders.leases).get(lease.id)) ?? DEFAULT_LEASE_COLOUR;
    const tenant = lease.tenantName;
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

    const reload = async () => {
      await load();
    };
    actions.replaceChildren(
      ...(lease.allowedActions.includes("give_notice")
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
      ...(lease.allowedActions.includes("cancel")
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
                      explain:
                        lease.status === "draft"
                          ? "The draft is withdrawn before it holds any capacity; it can no longer be reserved."
                          : `The lease will not start: the capacity reserved for it from ${formatDate(lease.startsAt)} is free again at once.`,
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

    const view = leaseAllocationView(lease, allocation);
    const billingSlot = el("section", { class: "card loading" }, "Loading usage and invoices…");
    const next = el(
      "div",
      { class: "lease-body" },
      view.stats,
      view.charts,
      billingSlot,
      el("div", { class: "two-col" }, leaseTermsCard(lease), leasePlacementsCard(allocation)),
      leaseHistoryCards(history),
    );
    for (const chart of charts) chart.dispose();
    content.replaceWith(next);
    content = next;
    charts = view.mount(colour);
    element.dataset.loaded = String(Number(element.dataset.loaded ?? "0") + 1);
    element.dataset.heldGpus = String(view.heldGpus);
    try {
      const [usage, invoices] = await billingData;
      if (disposed || content !== next) return;
      const billing = leaseBillingView(usage, invoices);
      billingSlot.replaceWith(billing.element);
      charts.push(...billing.mount(colour));
    } catch (error) {
      if (disposed || content !== next) return;
      const message = error instanceof Error ? error.message : String(error);
      billingSlot.replaceChildren(`Usage and invoices could not be read: ${message}`);
      billingSlot.classList.remove("loading");
    }
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
