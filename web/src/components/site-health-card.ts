/**
 * A site's live health: how many agents report and how freshly, failed nodes by cause, and the
 * newest failures with where they are.
 * @module
 */
import type { SiteHealth } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { formatCount, formatDateTime, formatMw } from "../format.js";
import { type Stat, statRow } from "./stat-row.js";

const CAUSE_LABELS: Record<string, string> = {
  "missed-heartbeats": "Missed heartbeats",
  "gpu-missing": "GPU missing from the bus",
  "fatal-xid": "Fatal XID",
  "ecc-uncorrectable": "Uncorrectable ECC",
  operator: "Set by an operator",
};

function ageOf(iso: string | null, at: string): string {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((Date.parse(at) - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export function siteHealthStats(health: SiteHealth): Stat[] {
  const stale = health.reportingNodes - health.freshNodes;
  return [
    {
      key: "reporting",
      label: "Agents reporting",
      value: formatCount(health.reportingNodes),
      detail: `${formatCount(health.freshNodes)} heard from in ${health.freshWithinS} s`,
      tone: stale > 0 ? "warn" : "good",
    },
    { key: "newest-heartbeat", label: "Newest heartbeat", value: ageOf(health.newestHeartbeatAt, health.at) },
    {
      key: "measured-it",
      label: "Measured GPU power",
      value: health.measuredItMw === null ? "—" : formatMw(health.measuredItMw),
      detail: `permitted ${formatMw(health.permittedMw)} (facility)`,
    },
    {
      key: "failed",
      label: "Failed nodes",
      value: formatCount(health.failedByCause.reduce((s, c) => s + c.nodes, 0)),
      tone: health.failedByCause.length > 0 ? "bad" : "good",
    },
  ];
}

export function siteHealthCard(health: SiteHealth): HTMLElement {
  const causes = el(
    "ul",
    { class: "cause-list", attrs: { "data-testid": "failed-by-cause" } },
    ...health.failedByCause.map((c) =>
      el(
        "li",
        { attrs: { "data-cause": c.cause } },
        el("span", {}, CAUSE_LABELS[c.cause] ?? c.cause),
        " ",
        el("strong", {}, formatCount(c.nodes)),
      ),
    ),
  );
  const newest = health.failedNodes.slice(0, 8);
  const table = el(
    "table",
    { class: "data-table", attrs: { "data-testid": "failed-nodes" } },
    el("thead", {}, el("tr", {}, ...["Node", "Where", "Cause", "Since"].map((h) => el("th", {}, h)))),
    el(
      "tbody",
      {},
      ...newest.map((n) =>
        el(
          "tr",
          {},
          el("td", {}, n.node),
          el("td", {}, n.path),
          el("td", { attrs: { title: n.reason } }, CAUSE_LABELS[n.cause] ?? n.cause),
          el("td", {}, formatDateTime(n.since)),
        ),
      ),
    ),
  );
  return el(
    "div",
    { class: "site-health", attrs: { "data-testid": "site-health" } },
    statRow(siteHealthStats(health)),
    health.failedByCause.length > 0 ? causes : el("p", { class: "muted" }, "No failed nodes."),
    newest.length > 0 ? el("div", { class: "table-wrap" }, table) : "",
  );
}
