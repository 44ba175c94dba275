/**
 * The headline numbers of a site summary, shared by the fleet cards and the site page.
 * @module
 */
import type { Site, SiteSummary } from "../../../src/contract/generated/api.js";
import { formatCount, formatMw, formatShare } from "../format.js";
import type { Stat } from "./stat-row.js";

/** GPUs, nodes, healthy nodes and drawn power: the four numbers a fleet card shows. */
export function siteHeadline(summary: SiteSummary): Stat[] {
  const { nodesByState: n, power } = summary;
  return [
    { key: "gpus", label: "GPUs", value: formatCount(summary.gpus) },
    { key: "nodes", label: "Nodes", value: formatCount(summary.nodes) },
    {
      key: "healthy-nodes",
      label: "Healthy nodes",
      value: formatCount(n.healthy),
      detail: `${formatShare(n.healthy, summary.nodes)} of nodes`,
      tone: "good",
    },
    {
      key: "drawn-mw",
      label: "Drawn",
      value: formatMw(power.drawnMw),
      detail: `of ${formatMw(power.permittedMw)} permitted`,
      tone: power.drawnMw > power.permittedMw ? "bad" : undefined,
    },
  ];
}

/** The site page's first row: capacity and node health, one stat per state. */
export function siteNodeStats(summary: SiteSummary): Stat[] {
  const { nodesByState: n, gpusByState: g } = summary;
  const share = (count: number) => `${formatShare(count, summary.nodes)} of nodes`;
  return [
    { key: "gpus", label: "GPUs", value: formatCount(summary.gpus) },
    { key: "nodes", label: "Nodes", value: formatCount(summary.nodes) },
    {
      key: "healthy-nodes",
      label: "Healthy nodes",
      value: formatCount(n.healthy),
      detail: share(n.healthy),
      tone: "good",
    },
    {
      key: "degraded-nodes",
      label: "Degraded nodes",
      value: formatCount(n.degraded),
      detail: `${formatCount(g.degraded)} GPUs`,
      tone: n.degraded ? "warn" : undefined,
    },
    {
      key: "failed-nodes",
      label: "Failed nodes",
      value: formatCount(n.failed),
      detail: `${formatCount(g.failed)} GPUs`,
      tone: n.failed ? "bad" : undefined,
    },
    {
      key: "maintenance-nodes",
      label: "In maintenance",
      value: formatCount(n.maintenance),
      detail: `${formatCount(g.maintenance)} GPUs`,
    },
  ];
}

/** The site page's second row: power installed, permitted, drawn and left, and its price. */
export function sitePowerStats(site: Site, summary: SiteSummary): Stat[] {
  const { power } = summary;
  return [
    {
      key: "installed-mw",
      label: "Installed",
      value: formatMw(power.installedMw),
      detail: "grid and generation",
    },
    {
      key: "permitted-mw",
      label: "Permitted",
      value: formatMw(power.permittedMw),
      detail: "continuous supply",
    },
    {
      key: "drawn-mw",
      label: "Drawn",
      value: formatMw(power.drawnMw),
      detail: `${formatShare(power.drawnMw, power.permittedMw)} of permitted`,
      tone: power.drawnMw > power.permittedMw ? "bad" : undefined,
    },
    { key: "headroom-mw", label: "Headroom", value: formatMw(power.headroomMw), detail: "permitted − drawn" },
    {
      key: "design-mw",
      label: "Design load",
      value: formatMw(power.designMw),
      detail: `all nodes on, PUE ${site.pue}`,
    },
    ...(power.storage
      ? [
          {
            key: "ride-through",
            label: "Battery ride-through",
            value: `${formatCount(power.storage.rideThroughMinutes)} min`,
            detail: `${formatMw(power.storage.powerMw)}, ${formatCount(power.storage.energyMwh)} MWh: storage, not supply`,
          },
        ]
      : []),
    { key: "price", label: "Electricity", value: `$${site.electricityUsdPerMwh}`, detail: "per MWh" },
  ];
}
