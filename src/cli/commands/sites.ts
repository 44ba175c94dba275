/**
 * `leasehold sites list|show|topology`: the inventory, one site's summary, and its racks per block.
 * @module
 */
import { Command } from "commander";
import type { SiteList, TopologyMap } from "../../contract/generated/api.js";
import { NODE_STATES } from "../../fleet/node.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";
import { siteAvailabilityCommand } from "./site-availability.js";
import { renderSiteSummary } from "./site-summary-view.js";

function renderSites({ sites }: SiteList): string {
  if (sites.length === 0) return "no sites: import one with `leasehold fleet import FILE`\n";
  return renderTable(
    [
      { header: "NAME", value: (s) => s.name },
      { header: "KIND", value: (s) => s.kind },
      { header: "LOCATION", value: (s) => s.location || "-" },
      { header: "NODES", value: (s) => s.nodes },
      { header: "GPUS", value: (s) => s.gpus },
      { header: "PERMITTED MW", value: (s) => s.permittedMw },
      { header: "PUE", value: (s) => s.pue },
      { header: "USD/MWH", value: (s) => s.electricityUsdPerMwh, align: "right" },
      { header: "ID", value: (s) => s.id },
    ],
    sites,
  );
}

function renderTopology(map: TopologyMap): string {
  const group = (map.groupLevel ?? "group").toUpperCase();
  const cells = `${map.cellLevel.toUpperCase()}S`;
  const rows = map.groups.map((g) => {
    const nodes = Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<string, number>;
    for (const rack of g.racks)
      for (const s of NODE_STATES) nodes[s] = (nodes[s] ?? 0) + rack.nodesByState[s];
    const models = [...new Set(g.racks.map((r) => r.gpuModel))].join(",");
    const total = NODE_STATES.reduce((n, s) => n + (nodes[s] ?? 0), 0);
    return { path: g.path || "(site)", racks: g.racks.length, gpus: g.gpus, models, nodes, total };
  });
  return renderTable(
    [
      { header: group, value: (r) => r.path },
      { header: "MODELS", value: (r) => r.models },
      { header: cells, value: (r) => r.racks },
      { header: "NODES", value: (r) => r.total },
      { header: "GPUS", value: (r) => r.gpus },
      ...NODE_STATES.map((s) => ({
        header: s.toUpperCase(),
        value: (r: (typeof rows)[number]) => r.nodes[s] ?? 0,
      })),
    ],
    rows,
  );
}

export function sitesCommand(io: CliIo): Command {
  const sites = new Command("sites").description("Sites: inventory, power and topology");

  withPageOptions(
    sites.command("list").description("List sites with their node and GPU totals"),
    "sites",
  ).action(async (options: PageOptions, command: Command) => {
    const ctx = contextOf(command, io);
    const payload = await pagesFor("sites", options, (query) =>
      ctx.call((api) => api.GET("/v1/sites", { params: { query } })),
    );
    ctx.emit(payload, renderSites);
    nextPageHint(ctx, "sites", payload.nextCursor);
  });

  sites
    .command("show")
    .description("Show a site: GPUs by model and state, power by source, warnings")
    .argument("<site>", "site name or id")
    .action(async (site: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) => api.GET("/v1/sites/{site}", { params: { path: { site } } }));
      ctx.emit(payload, renderSiteSummary);
    });

  sites
    .command("topology")
    .description("Summarize a site's topology: racks, GPUs and node states per block")
    .argument("<site>", "site name or id")
    .action(async (site: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.GET("/v1/sites/{site}/topology", { params: { path: { site } } }),
      );
      ctx.emit(payload, renderTopology);
    });

  sites.addCommand(siteAvailabilityCommand(io));

  return sites;
}
