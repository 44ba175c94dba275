/**
 * `leasehold allocation show LEASE`: which nodes serve a lease, by block, what each tranche
 * preempted, and the shortfalls recorded as SLA downtime.
 * @module
 */
import { Command } from "commander";
import type { LeaseAllocation } from "../../contract/generated/api.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { formatCount, renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";

function renderAllocation(a: LeaseAllocation): string {
  const lease = `${a.tenantName}/${a.leaseName}`;
  if (!a.siteName) return `lease ${lease} is not placed at a site yet (reserve it first)\n`;
  const held = renderTable(
    [
      { header: "GPU MODEL", value: (m) => m.gpuModel },
      { header: "HELD GPUS", value: (m) => m.heldGpus },
      { header: "MISSING GPUS", value: (m) => m.missingGpus },
    ],
    a.byModel,
  );
  const blocks = a.blocks.length
    ? renderTable(
        [
          { header: "BLOCK", value: (b) => b.block },
          { header: "RACKS", value: (b) => b.racks },
          { header: "NODES", value: (b) => b.nodes },
          { header: "GPUS", value: (b) => b.gpus },
        ],
        [
          ...a.blocks,
          {
            block: "total",
            racks: a.blocks.reduce((n, b) => n + b.racks, 0),
            nodes: a.blocks.reduce((n, b) => n + b.nodes, 0),
            gpus: a.blocks.reduce((n, b) => n + b.gpus, 0),
          },
        ],
      )
    : "no nodes held (no tranche has started)\n";
  const placements = a.placements.length
    ? renderTable(
        [
          { header: "TRANCHE", value: (p) => p.trancheKey },
          { header: "LINE", value: (p) => p.lineKey },
          { header: "PLACED", value: (p) => p.placedAt },
          { header: "GPUS", value: (p) => p.gpus },
          { header: "FIT LEVEL", value: (p) => p.fitLevel },
          { header: "PIECES", value: (p) => p.pieces.length },
          { header: "HOUSE NODES PREEMPTED", value: (p) => p.preemptedHouseNodes },
        ],
        a.placements,
      )
    : "no tranche placed yet\n";
  const shortfalls = a.shortfalls.length
    ? "Shortfalls (SLA downtime):\n" +
      renderTable(
        [
          { header: "GPU MODEL", value: (s) => s.gpuModel },
          { header: "MISSING GPUS", value: (s) => s.missingGpus },
          { header: "FROM", value: (s) => s.startedAt },
          { header: "UNTIL", value: (s) => s.endedAt ?? "ongoing" },
          { header: "CAUSE", value: (s) => s.cause },
        ],
        a.shortfalls,
      )
    : "Shortfalls: none\n";
  return (
    `Lease ${lease} at ${a.siteName}\n\n${held}\n` +
    `Nodes by block (${formatCount(a.blocks.length)} blocks):\n${blocks}\n` +
    `Placements:\n${placements}\n${shortfalls}`
  );
}

export function allocationCommand(io: CliIo): Command {
  const allocation = new Command("allocation").description("Allocations: the nodes that serve each lease");

  allocation
    .command("show")
    .description("Show a lease's nodes by block, its tranche placements and shortfalls")
    .argument("<lease>", "lease id, name, or tenant/name")
    .action(async (lease: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.GET("/v1/leases/{lease}/allocation", { params: { path: { lease } } }),
      );
      ctx.emit(payload, renderAllocation);
    });

  const moves = allocation
    .command("moves")
    .description(
      "List every node that entered or left a lease, and why (preempted house nodes, replacements)",
    )
    .argument("<lease>", "lease id, name, or tenant/name");
  withPageOptions(moves, "moves").action(async (lease: string, options: PageOptions, command: Command) => {
    const ctx = contextOf(command, io);
    const payload = await pagesFor("moves", options, (query) =>
      ctx.call((api) => api.GET("/v1/leases/{lease}/node-moves", { params: { path: { lease }, query } })),
    );
    ctx.emit(payload, (p) =>
      renderTable(
        [
          { header: "ID", value: (m) => String(m.id), align: "right" },
          { header: "AT", value: (m) => m.at },
          { header: "NODE", value: (m) => m.nodeName },
          { header: "PATH", value: (m) => m.path },
          { header: "FROM", value: (m) => m.from },
          { header: "TO", value: (m) => m.to },
          { header: "REASON", value: (m) => m.reason },
        ],
        p.moves,
      ),
    );
    nextPageHint(ctx, "moves", payload.nextCursor);
  });

  return allocation;
}
