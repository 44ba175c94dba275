/**
 * The table view of `sites show`: the site's facts, GPUs by model and state, power by source,
 * and the warnings an operator must not miss.
 * @module
 */

import type { SiteDetail } from "../../contract/generated/api.js";
import { NODE_STATES } from "../../fleet/node.js";
import { formatCount, formatDecimal, renderFields, renderTable } from "../output.js";

export function renderSiteSummary({ site, summary }: SiteDetail): string {
  const { power } = summary;
  const facts = renderFields([
    ["Site", `${site.name} (${site.id})`],
    ["Kind", site.kind],
    ["Location", site.location || "-"],
    ["PUE", site.pue],
    ["Electricity", `$${site.electricityUsdPerMwh}/MWh`],
    ["Topology", site.topologyLevels.join(" / ")],
    ["Nodes", summary.nodes],
    ["GPUs", formatCount(summary.gpus)],
  ]);

  const models = renderTable(
    [
      { header: "GPU MODEL", value: (m) => m.gpuModel },
      { header: "NODES", value: (m) => m.nodes },
      { header: "GPUS", value: (m) => m.gpus },
      ...NODE_STATES.map((s) => ({
        header: s.toUpperCase(),
        value: (m: (typeof summary.capacityByModel)[number]) => m.gpusByState[s],
      })),
      { header: "DRAWN IT MW", value: (m) => m.drawnItMw },
    ],
    [
      ...summary.capacityByModel,
      {
        gpuModel: "total",
        nodes: summary.nodes,
        gpus: summary.gpus,
        gpusByState: summary.gpusByState,
        drawnItMw: summary.capacityByModel.reduce((mw, m) => mw + m.drawnItMw, 0),
      },
    ],
  );

  const sources = renderTable(
    [
      { header: "POWER SOURCE", value: (s) => s.kind },
      { header: "INSTALLED MW", value: (s) => s.installedMw },
      { header: "PERMITTED MW", value: (s) => s.permittedMw },
      { header: "OVER PERMIT MW", value: (s) => s.overPermitMw },
      {
        header: "STORED MWH",
        value: (s) => (s.energyMwh === undefined ? "-" : formatDecimal(s.energyMwh)),
        align: "right",
      },
    ],
    [
      ...power.sources,
      {
        kind: "total (supply)",
        installedMw: power.installedMw,
        permittedMw: power.permittedMw,
        energyMwh: power.storage?.energyMwh,
        overPermitMw: power.sources.reduce((mw, s) => mw + s.overPermitMw, 0),
      },
    ],
  );
  const draw =
    `Drawn (estimate): ${formatDecimal(power.drawnMw)} MW of ${formatDecimal(power.permittedMw)} MW permitted ` +
    `(headroom ${formatDecimal(power.headroomMw)} MW; all nodes at full power: ${formatDecimal(power.designMw)} MW)\n`;
  const storage = power.storage
    ? `Batteries (storage, not supply): ${formatDecimal(power.storage.powerMw)} MW / ${formatDecimal(power.storage.energyMwh)} MWh: ` +
      `ride through ${formatDecimal(power.storage.rideThroughMinutes)} min at ${formatDecimal(power.storage.coversMw)} MW of today's draw, ` +
      `or add ${formatDecimal(power.storage.powerMw)} MW to a peak for ${formatDecimal(power.storage.peakShavingHours)} h\n`
    : "";

  const warnings = summary.warnings.length
    ? `\nWarnings:\n${summary.warnings.map((w) => `  ${w.code}: ${w.message}\n`).join("")}`
    : "\nWarnings: none\n";

  return `${facts}\nGPUs by model and state:\n${models}\nPower:\n${sources}${draw}${storage}${warnings}`;
}
