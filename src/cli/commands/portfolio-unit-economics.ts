/**
 * `leasehold unit-economics`: the tenant's GPUs (its leases here, its portfolio's live deals) →
 * serving capacity → the annual revenue it can serve, against what the compute costs. `--set`
 * tries changed inputs (nothing saved); `--save` keeps them.
 * @module
 */
import { Command, InvalidArgumentError, Option } from "commander";
import type { UnitEconomics } from "../../contract/generated/api.js";
import { csvLine } from "../../portfolio/csv-text.js";
import { formatMoney, formatMoneyShort } from "../../shared/money.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { collect } from "../option-parsers.js";
import { renderFields, renderTable } from "../output.js";
import { portfolioTenantOf } from "./portfolio-tenant.js";

/** `--set` keys and the input each changes. */
const KEYS: Record<string, string> = {
  utilisation: "utilisationPercent",
  throughput: "servedModelThroughputPercent",
  price: "pricePerMillionTokens",
  spend: "annualComputeSpend",
};

/** `key=value` pairs into the API's input changes; `tps.H100=3000` sets a chip's tokens per second. */
export function unitChanges(pairs: readonly string[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const tokens: Record<string, number> = {};
  for (const pair of pairs) {
    const [key = "", value = ""] = pair.split("=", 2);
    if (key.startsWith("tps.")) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new InvalidArgumentError(
          `${key} must be a whole number of tokens per second (got "${value}").`,
        );
      tokens[key.slice(4)] = n;
    } else if (KEYS[key]) changes[KEYS[key]] = key === "spend" && value === "leases" ? null : value;
    else
      throw new InvalidArgumentError(
        `unknown input "${key}": one of ${Object.keys(KEYS).join(", ")}, tps.<CHIP> (e.g. utilisation=60, price=12.50, spend=5000000000, tps.H100=3000)`,
      );
  }
  if (Object.keys(tokens).length > 0) changes.tokensPerSecondPerGpu = tokens;
  return changes;
}

function render(u: UnitEconomics): string {
  const fields = renderFields([
    ["Tenant", u.tenant.name],
    ["At", u.at],
    ["Inputs", u.saved ? "saved" : "tried (not saved)"],
    ["Utilisation", `${u.inputs.utilisationPercent}% (estimate)`],
    ["Served model throughput", `${u.inputs.servedModelThroughputPercent}% of Llama-2-70B MLPerf (estimate)`],
    ["Price per million tokens", formatMoney(u.inputs.pricePerMillionTokens)],
    [
      "GPUs",
      `${u.gpus.total.toLocaleString("en-US")} (${u.gpus.fromLeases.toLocaleString("en-US")} leased here, ${u.gpus.fromDeals.toLocaleString("en-US")} in deals)`,
    ],
    ["Served tokens/s (estimate)", Math.round(u.servedTokensPerSecondEstimate).toLocaleString("en-US")],
    [
      "Annual revenue (estimate)",
      `${formatMoneyShort(u.annualRevenueEstimate)} (${formatMoney(u.annualRevenueEstimate)})`,
    ],
    ["Annual compute spend", `${formatMoneyShort(u.spend.annualComputeSpend)} (${u.spend.from})`],
    ["Margin (estimate)", formatMoneyShort(u.annualMarginEstimate)],
    [
      "Revenue per $ of compute",
      u.revenueToSpendEstimate === null ? "-" : `${u.revenueToSpendEstimate}× (estimate)`,
    ],
  ]);
  const table = renderTable(
    [
      { header: "CHIP", value: (r) => r.chip },
      { header: "GPUS", value: (r) => r.gpus },
      { header: "LEASED", value: (r) => r.fromLeases },
      { header: "DEALS", value: (r) => r.fromDeals },
      { header: "TOKENS/S/GPU", value: (r) => r.tokensPerSecondPerGpu },
      { header: "SOURCE", value: (r) => r.source },
    ],
    u.capacity,
  );
  return `${fields}\n${u.capacity.length ? table : "no GPUs at this date\n"}`;
}

function toCsv(u: UnitEconomics): string {
  const header = csvLine(["chip", "gpus", "fromLeases", "fromDeals", "tokensPerSecondPerGpu", "source"]);
  const rows = u.capacity.map((r) =>
    csvLine([r.chip, r.gpus, r.fromLeases, r.fromDeals, r.tokensPerSecondPerGpu, r.source]),
  );
  return `${[header, ...rows].join("\n")}\n`;
}

export function unitEconomicsCommand(io: CliIo): Command {
  return new Command("unit-economics")
    .description(
      "A tenant's GPUs → serving capacity → annual revenue it can serve, against the compute's cost",
    )
    .addOption(
      new Option("--tenant <tenant>", "the tenant (default: the tenant key's own; an operator names one)"),
    )
    .option("--at <date>", "the moment whose GPUs count (default: now)")
    .option(
      "--set <key=value>",
      "change an input: utilisation, throughput, price, spend (or spend=leases), tps.<CHIP>",
      collect,
      [],
    )
    .option("--save", "save the --set inputs (default: try them, saving nothing)")
    .action(
      async (options: { tenant?: string; at?: string; set: string[]; save?: boolean }, command: Command) => {
        const ctx = contextOf(command, io);
        const tenant = await portfolioTenantOf(ctx, options.tenant);
        const changes = unitChanges(options.set);
        const query = options.at ? { at: options.at } : {};
        const payload = await ctx.call((api) => {
          if (options.save)
            return api.PUT("/v1/tenants/{tenant}/unit-economics", {
              params: { path: { tenant } },
              body: changes,
            });
          if (options.set.length > 0)
            return api.POST("/v1/tenants/{tenant}/unit-economics/preview", {
              params: { path: { tenant }, query },
              body: changes,
            });
          return api.GET("/v1/tenants/{tenant}/unit-economics", { params: { path: { tenant }, query } });
        });
        ctx.emit(payload, render, toCsv);
      },
    );
}
