/**
 * `leasehold sites availability SITE`: per GPU model, what the site holds now (house, spare,
 * leased, out of service), what it can lease at all, and how many GPUs are free over time.
 * @module
 */
import { Command } from "commander";
import type { SiteAvailability } from "../../contract/generated/api.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { isoInstant } from "../option-parsers.js";
import { renderTable } from "../output.js";

function renderAvailability(a: SiteAvailability): string {
  const leasable = new Map(a.byModel.map((m) => [m.gpuModel, m.leasableGpus]));
  const now = renderTable(
    [
      { header: "GPU MODEL", value: (m) => m.gpuModel },
      { header: "SITE GPUS", value: (m) => m.site.gpus },
      { header: "LEASABLE", value: (m) => leasable.get(m.gpuModel) ?? 0 },
      { header: "LEASED", value: (m) => m.leased.gpus },
      { header: "HOUSE", value: (m) => m.house.gpus },
      { header: "SPARE", value: (m) => m.spare.gpus },
      { header: "OUT OF SERVICE", value: (m) => m.unassigned.gpus },
    ],
    a.now,
  );
  const steps = renderTable(
    [
      { header: "GPU MODEL", value: (s) => s.gpuModel },
      { header: "FROM", value: (s) => s.from },
      { header: "UNTIL", value: (s) => s.until },
      { header: "AVAILABLE GPUS", value: (s) => s.availableGpus },
      { header: "LIMITED BY", value: (s) => s.limitedBy },
    ],
    a.byModel.flatMap((m) => m.steps.map((s) => ({ gpuModel: m.gpuModel, ...s }))),
  );
  return (
    `Site ${a.siteName} (${a.siteId}), GPUs now:\n${now}\n` +
    `Available to lease from ${a.from} until ${a.until}:\n${steps}`
  );
}

export function siteAvailabilityCommand(io: CliIo): Command {
  return new Command("availability")
    .description("Show a site's GPUs by model: held now, leasable, and free to lease over time")
    .argument("<site>", "site name or id")
    .option("--from <iso>", "window start (default: now)", isoInstant)
    .option("--until <iso>", "window end (default: the server's)", isoInstant)
    .action(async (site: string, options: { from?: string; until?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const query = { from: options.from, until: options.until };
      const payload = await ctx.call((api) =>
        api.GET("/v1/sites/{site}/availability", { params: { path: { site }, query } }),
      );
      ctx.emit(payload, renderAvailability);
    });
}
