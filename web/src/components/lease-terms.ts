/**
 * A lease's terms card: its lines and tranches, and the contract terms (term, ramp, notice,
 * commitment, SLA, isolation, placement) as a definition list.
 * @module
 */

import type { Lease } from "../../../src/contract/generated/api.js";
import { formatMoney, formatRate } from "../../../src/shared/money.js";
import { el } from "../element.js";
import { formatCount, formatDate, formatDateTime } from "../format.js";
import { dataTable } from "./data-table.js";

function term(label: string, ...value: Array<Node | string | null>): HTMLElement {
  return el("div", { class: "term" }, el("dt", {}, label), el("dd", {}, ...value));
}

function linePrice(line: Lease["lines"][number]): string {
  if (line.pricePerGpuHour !== undefined) return `${formatRate(line.pricePerGpuHour)} / GPU-h`;
  if (line.monthlyFee !== undefined) return `${formatMoney(line.monthlyFee)} / month`;
  return "—";
}

/** The terms of a lease as the card shows them; money is rendered from exact decimal strings. */
export function leaseTermsCard(lease: Lease): HTMLElement {
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
