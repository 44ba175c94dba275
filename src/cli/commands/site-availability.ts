/**
 * `leasehold sites availability SITE`: per GPU model, what the site holds now (house, spare,
 * leased, out of service), what it can lease at all, and how many GPUs are free over time.
 * @module
 */
import { Command, Option } from "commander";
import type { SiteAvailability } from "../../contract/generated/api.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { isoInstant } from "../option-parsers.js";
import { formatCount, renderTable } from "../output.js";

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
    `Site ${a.siteName}, GPUs now:\n${now}\n` +
    `Available to lease from ${a.from} until ${a.until} (before isolation):\n${steps}\n` +
    renderForTenant(a.forTenant)
  );
}

/** What one tenant can lease now, and a sentence per model on what isolation keeps from it. */
function renderForTenant(t: SiteAvailability["forTenant"]): string {
  const who = !t.tenant
    ? "a new tenant"
    : t.tenant.id
      ? `tenant ${t.tenant.name}`
      : `${t.tenant.name} (no tenant by that name yet: counted as a new tenant)`;
  const table = renderTable(
    [
      { header: "GPU MODEL", value: (m) => m.gpuModel },
      { header: "AVAILABLE NOW", value: (m) => m.availableGpus },
      { header: "LIMITED BY", value: (m) => m.limitedBy },
      { header: "CALENDAR", value: (m) => m.calendarGpus },
      { header: "FREE", value: (m) => m.freeGpus },
      { header: "KEPT BY ISOLATION", value: (m) => m.isolatedGpus },
    ],
    t.byModel,
  );
  const why = t.byModel
    .filter((m) => m.isolatedGpus > 0)
    .map((m) => {
      const named = m.blockers.slice(0, 5).map((b) => `${b.lease} (${formatCount(b.freeGpus)})`);
      const more = m.blockers.length > 5 ? ` and ${m.blockers.length - 5} more` : "";
      return `${formatCount(m.isolatedGpus)} free ${m.gpuModel} GPUs sit in domains kept by ${named.join(", ")}${more}.\n`;
    })
    .join("");
  return `For ${who} with ${t.isolation} isolation, from now:\n${table}\n${why}`;
}

interface AvailabilityOptions {
  from?: string;
  until?: string;
  tenant?: string;
  isolation?: "node" | "rack" | "block" | "site";
}

export function siteAvailabilityCommand(io: CliIo): Command {
  return new Command("availability")
    .description("Show a site's GPUs by model: held now, leasable, and free to lease over time")
    .argument("<site>", "site name or id")
    .option("--from <iso>", "window start (default: now)", isoInstant)
    .option("--until <iso>", "window end (default: the server's)", isoInstant)
    .option("--tenant <name>", "what this tenant can lease now (default: a new tenant)")
    .addOption(
      new Option("--isolation <level>", "the isolation of the lease in mind (default: node)").choices([
        "node",
        "rack",
        "block",
        "site",
      ]),
    )
    .action(async (site: string, options: AvailabilityOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const query = {
        from: options.from,
        until: options.until,
        tenant: options.tenant,
        isolation: options.isolation,
      };
      const payload = await ctx.call((api) =>
        api.GET("/v1/sites/{site}/availability", { params: { path: { site }, query } }),
      );
      ctx.emit(payload, renderAvailability);
    });
}
