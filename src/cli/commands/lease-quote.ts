/**
 * `leasehold leases quote -f FILE`: does the lease fit, where and from when, how it would be
 * placed by block, and what it is worth month by month. Reserves nothing.
 * @module
 */
import { resolve } from "node:path";
import { Command } from "commander";
import type { Quote } from "../../contract/generated/api.js";
import { formatMoney } from "../../shared/money.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { readLeaseFile } from "../lease-file.js";
import { formatCount, renderTable } from "../output.js";

type SiteQuote = Quote["sites"][number];

function renderPlacement(site: SiteQuote): string {
  if (!site.placement) return "";
  const rows = site.placement.flatMap((line) =>
    line.pieces.map((piece) => ({ ...piece, gpuModel: line.gpuModel, fitLevel: line.fitLevel })),
  );
  const preempted = site.placement.reduce((n, l) => n + l.preemptedHouseGpus, 0);
  return (
    `\nPlacement at ${site.siteName} from ${site.earliestStart ?? "the start"} (the fleet as it will be then, ` +
    `with leases that have ended by then off it; ${formatCount(preempted)} GPUs taken from the house):\n` +
    renderTable(
      [
        { header: "GPU MODEL", value: (r) => r.gpuModel },
        { header: "FIT LEVEL", value: (r) => r.fitLevel },
        { header: "BLOCK", value: (r) => r.block },
        { header: "NODES", value: (r) => r.nodes },
        { header: "GPUS", value: (r) => r.gpus },
      ],
      rows,
    )
  );
}

const TERM_NAMES = { startsAt: "start", endsAt: "end" } as const;

/** The terms the best offer moves to fit, each next to what was asked; empty when it fits as asked. */
function renderChanges(best: NonNullable<Quote["best"]>): string {
  if (best.changes.length === 0) return "";
  const lines = best.changes.map((c) => `  ${TERM_NAMES[c.field]}: ${c.offered} (asked ${c.asked})`);
  return `Only with a later term than asked:\n${lines.join("\n")}\n`;
}

function renderQuote(q: Quote): string {
  const verdict = q.best
    ? `Fits: yes, at ${q.best.siteName} from ${q.best.startsAt} until ${q.best.endsAt}\n${renderChanges(q.best)}`
    : "Fits: no acceptable site can hold this lease\n";
  const sites = renderTable(
    [
      { header: "SITE", value: (s) => s.siteName },
      { header: "FITS AS ASKED", value: (s) => (s.fitsAsAsked ? "yes" : "no") },
      { header: "EARLIEST START", value: (s) => s.earliestStart ?? "never" },
      { header: "WHY NOT", value: (s) => s.reason ?? "-" },
    ],
    q.sites,
  );
  const best = q.sites.find((s) => s.siteId === q.best?.siteId);
  const months = q.schedule;
  const schedule = months.length
    ? renderTable(
        [
          { header: "MONTH", value: (m) => m.month },
          { header: "GPU-HOURS", value: (m) => m.gpuHours },
          { header: "AMOUNT", value: (m) => formatMoney(m.amount), align: "right" },
        ],
        [
          ...months,
          { month: "total", gpuHours: months.reduce((h, m) => h + m.gpuHours, 0), amount: q.total },
        ],
      )
    : "no charges\n";
  return `${verdict}\n${sites}${best ? renderPlacement(best) : ""}\nMonthly schedule (full delivery):\n${schedule}`;
}

export function leaseQuoteCommand(io: CliIo): Command {
  return new Command("quote")
    .description(
      "Quote a lease request: fit, best site, earliest start, placement and price (reserves nothing)",
    )
    .requiredOption("-f, --file <file>", "lease request file (.yaml, .yml or .json)")
    .action(async (options: { file: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const request = await readLeaseFile(resolve(io.cwd, options.file), options.file);
      const payload = await ctx.call((api) => api.POST("/v1/leases/quote", { body: request }));
      ctx.emit(payload, renderQuote);
    });
}
