/**
 * `leasehold portfolio show|timeline|deals|add|remove|import|export|target|example`: a tenant's
 * capacity across providers, in GW and GPUs over time, against a target.
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { PortfolioDeal, PortfolioSummary, PortfolioTimeline } from "../../contract/generated/api.js";
import { csvLine } from "../../portfolio/csv-text.js";
import { DEAL_COLUMNS } from "../../portfolio/deals-csv.js";
import { REFERENCE_DEALS } from "../../portfolio/reference-portfolio.js";
import { formatMoney } from "../../shared/money.js";
import type { CliIo } from "../cli-io.js";
import { type CommandContext, contextOf } from "../context.js";
import { renderFields, renderTable } from "../output.js";
import { portfolioTenantOf } from "./portfolio-tenant.js";

const gw = (mw: number) => `${(mw / 1000).toLocaleString("en-US", { maximumFractionDigits: 3 })} GW`;
const pct = (share: number) => `${(share * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;

function number(bounds: { min: number; max: number }) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < bounds.min || n > bounds.max)
      throw new InvalidArgumentError(`must be a number from ${bounds.min} to ${bounds.max}.`);
    return n;
  };
}

function renderSummary(s: PortfolioSummary): string {
  const head = renderFields([
    ["Tenant", s.tenant.name],
    ["Committed", `${gw(s.committedPowerMw)} (${s.committedGpus.toLocaleString("en-US")} GPUs, estimate)`],
    ["Live now", `${gw(s.livePowerMw)} (${s.liveGpus.toLocaleString("en-US")} GPUs)`],
    [
      "Delivered by",
      `${s.by.slice(0, 10)}: ${gw(s.deliveredPowerMw)}, ${pct(s.deliveredShare)} of committed`,
    ],
    ["Target", `${s.target.label}: ${gw(s.target.powerMw)} by ${s.target.at.slice(0, 10)}`],
    ["Committed/target", pct(s.target.committedShare)],
    ["Gap at target date", gw(s.target.gapPowerMw)],
    ["Committed spend", formatMoney(s.committedSpend)],
  ]);
  const table = renderTable(
    [
      { header: "PROVIDER", value: (p) => p.provider },
      { header: "DEALS", value: (p) => p.deals },
      { header: "COMMITTED", value: (p) => gw(p.committedPowerMw), align: "right" },
      { header: "LIVE", value: (p) => gw(p.livePowerMw), align: "right" },
      { header: "GPUS LIVE", value: (p) => p.liveGpus },
      { header: "DELIVERED BY DATE", value: (p) => pct(p.deliveredShare), align: "right" },
    ],
    s.providers,
  );
  return `${head}\n${table}`;
}

function summaryCsv(s: PortfolioSummary): string {
  const rows = s.providers.map((p) =>
    csvLine([
      p.provider,
      p.deals,
      p.committedPowerMw,
      p.committedGpus,
      p.livePowerMw,
      p.liveGpus,
      p.deliveredPowerMw,
      p.deliveredShare,
    ]),
  );
  const header = csvLine([
    "provider",
    "deals",
    "committedPowerMw",
    "committedGpus",
    "livePowerMw",
    "liveGpus",
    "deliveredPowerMw",
    "deliveredShare",
  ]);
  return `${[header, ...rows].join("\n")}\n`;
}

/** One row per month: the total, each provider, the target (MW). */
function timelineRows(t: PortfolioTimeline) {
  return t.months.map((month, k) => ({
    month,
    total: t.totalPowerMw[k] ?? 0,
    gpus: t.totalGpus[k] ?? 0,
    target: t.targetPowerMw[k] ?? 0,
    providers: t.providers.map((p) => p.powerMw[k] ?? 0),
  }));
}

function renderTimeline(t: PortfolioTimeline): string {
  const rows = timelineRows(t).filter((_, k) => k % 3 === 0 || k === t.months.length - 1);
  return `${renderTable(
    [
      { header: "MONTH", value: (r) => r.month },
      ...t.providers.map((p, i) => ({
        header: p.provider.toUpperCase(),
        value: (r: (typeof rows)[number]) => gw(r.providers[i] ?? 0),
        align: "right" as const,
      })),
      { header: "TOTAL", value: (r) => gw(r.total), align: "right" },
      { header: "GPUS", value: (r) => r.gpus },
      { header: "TARGET", value: (r) => gw(r.target), align: "right" },
    ],
    rows,
  )}(every third month; -o csv or -o json for every month)\n`;
}

function timelineCsv(t: PortfolioTimeline): string {
  const header = csvLine([
    "month",
    ...t.providers.map((p) => `${p.provider} MW`),
    "total MW",
    "total GPUs",
    "target MW",
  ]);
  const rows = timelineRows(t).map((r) => csvLine([r.month, ...r.providers, r.total, r.gpus, r.target]));
  return `${[header, ...rows].join("\n")}\n`;
}

function renderDeals(deals: readonly PortfolioDeal[]): string {
  if (deals.length === 0) return "no deals: add one with `leasehold portfolio add` or import a CSV\n";
  return renderTable(
    [
      { header: "NAME", value: (d) => d.name },
      { header: "PROVIDER", value: (d) => d.provider },
      { header: "CHIP", value: (d) => d.chip },
      { header: "KIND", value: (d) => d.kind },
      {
        header: "SIZE",
        value: (d) => (d.lease ? `lease ${d.lease.name}` : d.full ? gw(d.full.powerMw) : "-"),
        align: "right",
      },
      { header: "GPUS", value: (d) => (d.full ? d.full.gpus.toLocaleString("en-US") : "-"), align: "right" },
      { header: "ONLINE", value: (d) => d.onlineAt.slice(0, 10) },
      { header: "RAMP", value: (d) => `${d.rampMonths} mo`, align: "right" },
      { header: "TERM", value: (d) => (d.termMonths === null ? "-" : `${d.termMonths} mo`), align: "right" },
      {
        header: "SPEND",
        value: (d) => (d.committedSpend === null ? "-" : formatMoney(d.committedSpend)),
        align: "right",
      },
    ],
    deals,
  );
}

const tenantOption = () =>
  new Option("--tenant <tenant>", "the tenant (default: the tenant key's own; an operator names one)");

async function exportCsv(ctx: CommandContext, tenant: string): Promise<string> {
  const api = await ctx.api();
  const { data, error, response } = await api.GET("/v1/tenants/{tenant}/portfolio/export", {
    params: { path: { tenant } },
    parseAs: "text",
  });
  if (error !== undefined || typeof data !== "string")
    throw new Error(`export failed: HTTP ${response.status}`);
  return data;
}

export function portfolioCommand(io: CliIo): Command {
  const portfolio = new Command("portfolio").description(
    "A tenant's capacity across providers: deals, live GW and GPUs over time, deliverability, the target",
  );

  portfolio
    .command("show")
    .description(
      "Committed and live GW and GPUs by provider, the share delivered by a date, against the target",
    )
    .addOption(tenantOption())
    .option("--by <date>", "the deliverability date (default: the target's)")
    .action(async (options: { tenant?: string; by?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, options.tenant);
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/portfolio", {
          params: { path: { tenant }, query: options.by ? { by: options.by } : {} },
        }),
      );
      ctx.emit(payload, renderSummary, summaryCsv);
    });

  portfolio
    .command("timeline")
    .description("Live GW by provider at every month's start, with the total, GPUs and the target line")
    .addOption(tenantOption())
    .option("--from <date>", "first month (default: the earliest online date)")
    .option("--until <date>", "last month (default: December of the year after the target's)")
    .action(async (options: { tenant?: string; from?: string; until?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, options.tenant);
      const query = {
        ...(options.from ? { from: options.from } : {}),
        ...(options.until ? { until: options.until } : {}),
      };
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/portfolio/timeline", { params: { path: { tenant }, query } }),
      );
      ctx.emit(payload, renderTimeline, timelineCsv);
    });

  portfolio
    .command("deals")
    .description("List the deals")
    .addOption(tenantOption())
    .action(async (options: { tenant?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, options.tenant);
      if (ctx.format === "csv") {
        io.stdout.write(await exportCsv(ctx, tenant));
        return;
      }
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/portfolio/deals", {
          params: { path: { tenant }, query: { limit: 1000 } },
        }),
      );
      ctx.emit(payload, (p) => renderDeals(p.deals));
    });

  portfolio
    .command("add")
    .description(
      "Add a deal: MW or GPUs (or --lease), online date and ramp; --kind orbital with its own inputs",
    )
    .addOption(tenantOption())
    .requiredOption("--name <name>", "the deal's name, unique in the portfolio")
    .requiredOption("--provider <provider>", "e.g. AWS")
    .requiredOption("--chip <chip>", "e.g. H100, Trainium2, TPU")
    .requiredOption("--online <date>", "when the first capacity is live")
    .option("--gw <gw>", "power at full delivery, GW", number({ min: 0.000001, max: 100 }))
    .option("--mw <mw>", "power at full delivery, MW", number({ min: 0.001, max: 100_000 }))
    .option("--gpus <gpus>", "GPUs at full delivery", number({ min: 1, max: 100_000_000 }))
    .option("--lease <lease>", "a lease of the tenant in this system: the deal follows its tranches")
    .option(
      "--kw-per-gpu <kw>",
      "all-in kW per GPU (default: the chip's estimate)",
      number({ min: 0.1, max: 20 }),
    )
    .option(
      "--ramp <months>",
      "months from the first live month to full delivery",
      number({ min: 0, max: 120 }),
    )
    .option(
      "--term <months>",
      "months the capacity stays (default: open-ended)",
      number({ min: 1, max: 600 }),
    )
    .option("--spend <dollars>", "committed spend over the term, e.g. 45000000000.00")
    .addOption(new Option("--kind <kind>", "terrestrial or orbital").choices(["terrestrial", "orbital"]))
    .option("--launch-year <year>", "orbital: the launch year", number({ min: 2000, max: 2100 }))
    .option("--power-source <source>", "orbital: e.g. solar")
    .option("--cost-per-mw <dollars>", "orbital: capital cost per MW")
    .action(async (o: Record<string, string | number | undefined>, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, o.tenant as string | undefined);
      const powerMw = o.gw !== undefined ? Number(o.gw) * 1000 : (o.mw as number | undefined);
      const body = Object.fromEntries(
        Object.entries({
          name: o.name,
          provider: o.provider,
          chip: o.chip,
          onlineAt: o.online,
          powerMw,
          gpus: o.gpus,
          lease: o.lease,
          kwPerGpu: o.kwPerGpu,
          rampMonths: o.ramp,
          termMonths: o.term,
          committedSpend: o.spend,
          kind: o.kind,
          launchYear: o.launchYear,
          powerSource: o.powerSource,
          costPerMw: o.costPerMw,
        }).filter(([, v]) => v !== undefined),
      );
      const payload = await ctx.call((api) =>
        api.POST("/v1/tenants/{tenant}/portfolio/deals", {
          params: { path: { tenant } },
          body: body as never,
        }),
      );
      ctx.emit(payload, (p) => renderDeals([p.deal]));
    });

  portfolio
    .command("remove")
    .description("Remove a deal")
    .argument("<deal>", "the deal's name or id")
    .addOption(tenantOption())
    .action(async (deal: string, options: { tenant?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, options.tenant);
      const payload = await ctx.call((api) =>
        api.DELETE("/v1/tenants/{tenant}/portfolio/deals/{deal}", { params: { path: { tenant, deal } } }),
      );
      ctx.emit(payload, (p) => `removed ${p.deal.name}\n`);
    });

  portfolio
    .command("import")
    .description("Import deals from a CSV file: all or nothing, every bad row named by line, field and bound")
    .argument("<file>", "a CSV file with a header row")
    .addOption(tenantOption())
    .option("--replace", "the file becomes the whole portfolio (default: add to it)")
    .action(async (file: string, options: { tenant?: string; replace?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, options.tenant);
      const csv = await readFile(resolve(io.cwd, file), "utf8").catch((error: { code?: string }) => {
        throw new Error(`cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : String(error)}`);
      });
      const payload = await ctx.call((api) =>
        api.POST("/v1/tenants/{tenant}/portfolio/import", {
          params: { path: { tenant } },
          body: { csv, mode: options.replace ? "replace" : "append" },
        }),
      );
      ctx.emit(
        payload,
        (p) =>
          `imported ${p.imported} deals${p.removed ? ` (replacing ${p.removed})` : ""} for ${p.tenant.name}\n`,
      );
    });

  portfolio
    .command("export")
    .description("Write the deals as CSV (to a file, or stdout), as import reads them")
    .addOption(tenantOption())
    .option("-f, --file <file>", "write to this file")
    .action(async (options: { tenant?: string; file?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await portfolioTenantOf(ctx, options.tenant);
      const csv = await exportCsv(ctx, tenant);
      if (options.file) {
        await writeFile(resolve(io.cwd, options.file), csv);
        io.stderr.write(`wrote ${csv.split("\n").length - 2} deals to ${options.file}\n`);
      } else io.stdout.write(csv);
    });

  portfolio
    .command("target")
    .description("Set the target the portfolio is measured against, e.g. --gw 30 --by 2030-12-31")
    .addOption(tenantOption())
    .requiredOption("--gw <gw>", "the target, GW", number({ min: 0.000001, max: 1000 }))
    .requiredOption("--by <date>", "when it is to be reached")
    .option("--label <label>", 'what it stands for, e.g. "a rival\'s 30 GW by 2030"')
    .action(
      async (options: { tenant?: string; gw: number; by: string; label?: string }, command: Command) => {
        const ctx = contextOf(command, io);
        const tenant = await portfolioTenantOf(ctx, options.tenant);
        const payload = await ctx.call((api) =>
          api.PUT("/v1/tenants/{tenant}/portfolio/target", {
            params: { path: { tenant } },
            body: {
              powerMw: options.gw * 1000,
              at: options.by,
              ...(options.label ? { label: options.label } : {}),
            },
          }),
        );
        ctx.emit(
          payload,
          (p) =>
            `target for ${p.tenant.name}: ${p.target.label} (${gw(p.target.powerMw)} by ${p.target.at.slice(0, 10)})\n`,
        );
      },
    );

  portfolio
    .command("example")
    .description(
      "Write the reference portfolio as CSV (offline): AWS, Google/Broadcom, Google Cloud, SpaceXAI, earlier capacity",
    )
    .option("-f, --file <file>", "write to this file (default: stdout)")
    .action(async (options: { file?: string }) => {
      const rows = REFERENCE_DEALS.map((d) =>
        csvLine(
          DEAL_COLUMNS.map((c) => (d as Record<string, string | number | null | undefined>)[c] ?? null),
        ),
      );
      const csv = `${[csvLine(DEAL_COLUMNS), ...rows].join("\n")}\n`;
      if (options.file) await writeFile(resolve(io.cwd, options.file), csv);
      else io.stdout.write(csv);
    });

  return portfolio;
}
