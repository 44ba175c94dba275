/**
 * Table views of leases: the list, one lease's terms with its contract value, what the caller may
 * do to it now (as the server decided) and a compact allocation summary, and its history of
 * versions and events.
 * @module
 */

import type { Lease, LeaseAllocation, LeaseHistory } from "../../contract/generated/api.js";
import { formatMoney, formatRate } from "../../shared/money.js";
import { formatCount, renderFields, renderTable } from "../output.js";

/** The command that takes each action the server offers. */
const ACTION_COMMANDS: Record<Lease["allowedActions"][number], string> = {
  reserve: "leases reserve",
  amend: "leases amend",
  give_notice: "leases terminate",
  cancel: "leases cancel",
};

const totalGpus = (lease: Lease) => lease.lines.reduce((n, l) => n + l.gpuCount, 0);

export function renderLeases(leases: readonly Lease[]): string {
  if (leases.length === 0) return "no leases: create one with `leasehold leases create`\n";
  return renderTable(
    [
      { header: "NAME", value: (l) => l.name },
      { header: "STATUS", value: (l) => l.status },
      { header: "TENANT", value: (l) => l.tenantName },
      { header: "SITE", value: (l) => l.siteName ?? "-" },
      { header: "GPUS", value: totalGpus },
      { header: "STARTS", value: (l) => l.startsAt },
      { header: "ENDS", value: (l) => l.endsAt },
      { header: "CONTRACT VALUE", value: (l) => formatMoney(l.contractValue), align: "right" },
      { header: "ID", value: (l) => l.id },
    ],
    leases,
  );
}

function priceOf(line: Lease["lines"][number]): string {
  if (line.monthlyFee !== undefined) return `${formatMoney(line.monthlyFee)}/month`;
  return line.pricePerGpuHour === undefined ? "-" : `${formatRate(line.pricePerGpuHour)}/GPU-h`;
}

function termsOf(lease: Lease): Array<[string, string | number]> {
  const { placement, sla } = lease;
  const notice = lease.noticeGivenAt ? ` (notice given ${lease.noticeGivenAt})` : "";
  const island = placement.minIslandGpus ? `, pieces >= ${formatCount(placement.minIslandGpus)} GPUs` : "";
  const credits = sla?.creditTiers.map((t) => `${t.credit}% below ${t.below}%`).join(", ");
  return [
    ["Lease", `${lease.name} (${lease.id})`],
    ["Tenant", lease.tenantName],
    ["Status", `${lease.status}, version ${lease.version}`],
    ["Site", lease.siteName ?? `not placed yet (acceptable: ${lease.siteNames.join(", ")})`],
    ["Term", `${lease.startsAt} → ${lease.endsAt}${notice}`],
    ["Notice period", `${lease.noticePeriodDays} days`],
    ["Isolation", lease.isolation],
    ["Placement", `${placement.policy}${island}`],
    [
      "Ramp discounts",
      lease.rampDiscounts.map((d) => `${d.percentOff}% off ${d.from} → ${d.until}`).join("; ") || "none",
    ],
    [
      "Commitment",
      lease.commitment ? `${formatMoney(lease.commitment.minimumPerMonth)}/month minimum` : "none",
    ],
    ["SLA", sla ? `${sla.availabilityTarget}% availability${credits ? `; credits ${credits}` : ""}` : "none"],
    ["Contract value", formatMoney(lease.contractValue)],
    ["Created", lease.createdAt],
    ["You may now", lease.allowedActions.map((a) => ACTION_COMMANDS[a]).join(", ") || "nothing (it is over)"],
  ];
}

/** One line per model: held and missing GPUs, and how many blocks hold them. */
function renderAllocationSummary(allocation: LeaseAllocation): string {
  if (allocation.byModel.length === 0) return "Allocation: nothing held yet\n";
  const held = allocation.byModel.map(
    (m) =>
      `${formatCount(m.heldGpus)} ${m.gpuModel}` +
      (m.missingGpus ? ` (${formatCount(m.missingGpus)} missing)` : ""),
  );
  const nodes = allocation.blocks.reduce((n, b) => n + b.nodes, 0);
  return (
    `Allocation: ${held.join(", ")} on ${formatCount(nodes)} nodes in ${allocation.blocks.length} blocks ` +
    `(see \`leasehold allocation show ${allocation.leaseId}\`)\n`
  );
}

export function renderLease(lease: Lease, allocation?: LeaseAllocation): string {
  const lines = renderTable(
    [
      { header: "LINE", value: (l) => l.key },
      { header: "GPU MODEL", value: (l) => l.gpuModel },
      { header: "GPUS", value: (l) => l.gpuCount },
      { header: "PRICE", value: priceOf, align: "right" },
    ],
    lease.lines,
  );
  const tranches = renderTable(
    [
      { header: "TRANCHE", value: (t) => t.key },
      { header: "STARTS", value: (t) => t.startsAt },
      {
        header: "DELIVERS",
        value: (t) =>
          Object.entries(t.gpus)
            .map(([line, n]) => `${line}=${formatCount(n)}`)
            .join(", "),
      },
    ],
    lease.tranches,
  );
  const summary = allocation ? `\n${renderAllocationSummary(allocation)}` : "";
  return `${renderFields(termsOf(lease))}\n${lines}\n${tranches}${summary}`;
}

/** A long cell cut to `max` characters; the JSON output has it whole. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

export function renderHistory({ versions, events }: LeaseHistory): string {
  const versionTable = renderTable(
    [
      { header: "VERSION", value: (v) => v.version },
      { header: "KIND", value: (v) => v.kind },
      { header: "AT", value: (v) => v.at },
      { header: "ACTOR", value: (v) => v.actor },
      { header: "REASON", value: (v) => v.reason },
      {
        header: "CHANGES",
        value: (v) => v.changes.map((c) => `${c.field}: ${show(c.from)} → ${show(c.to)}`).join("; ") || "-",
      },
    ],
    versions,
  );
  const eventTable = events.length
    ? renderTable(
        [
          { header: "EVENT", value: (e) => String(e.id), align: "right" },
          { header: "TOPIC", value: (e) => e.topic },
          { header: "AT", value: (e) => e.createdAt },
          { header: "PAYLOAD", value: (e) => clip(JSON.stringify(e.payload), 100) },
        ],
        events,
      )
    : "no events\n";
  return `${versionTable}\n${eventTable}`;
}
