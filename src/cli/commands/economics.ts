/**
 * `leasehold economics …`: the owner's economics of a site — the P&L under a scenario, scenarios
 * side by side, the tornado, the Monte Carlo — and saved scenarios. Tables print as CSV with `-o csv`.
 * @module
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { formatMoney } from "../../shared/money.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { collect, nonNegativeInt, positiveInt } from "../option-parsers.js";
import { renderCsv, renderFields, renderTable } from "../output.js";
import {
  compareColumns,
  renderMonteCarlo,
  renderReport,
  reportCsv,
  tornadoColumns,
} from "./economics-views.js";

interface AskOptions {
  scenario?: string;
  scenarioVersion?: number;
  set?: string[];
  from?: string;
  months?: number;
}

/** `--set key=value` pairs as the API's inputs. */
function inputsOf(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at < 1) throw new InvalidArgumentError(`--set takes key=value (got "${pair}")`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function month(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError("must be a month, YYYY-MM.");
  return value;
}

/** The flags every economics command shares. */
function withAsk(command: Command, scenario = true): Command {
  if (scenario)
    command
      .option("--scenario <name>", "internal, rent-half, rent-all, actual (default) or a saved scenario")
      .option(
        "--scenario-version <n>",
        "a saved scenario's version (default: its latest)",
        positiveInt(1_000_000),
      );
  return command
    .option("--set <key=value>", "override an input (repeatable), e.g. --set pue=1.2", collect)
    .option("--from <YYYY-MM>", "first month (default: this month)", month)
    .option("--months <n>", "months in the horizon (default 60)", positiveInt(240));
}

function askOf(o: AskOptions) {
  const inputs = inputsOf(o.set);
  return {
    ...(o.scenario ? { scenario: o.scenario } : {}),
    ...(o.scenarioVersion ? { version: o.scenarioVersion } : {}),
    ...(inputs ? { inputs } : {}),
    ...(o.from ? { fromMonth: o.from } : {}),
    ...(o.months ? { months: o.months } : {}),
  };
}

function siteCommand(io: CliIo): Command {
  return withAsk(
    new Command("site").description("A site's P&L under a scenario, with breakeven, payback, NPV and IRR"),
  )
    .argument("<site>", "site id or name")
    .addOption(
      new Option("--by <period>", "rows by month or by year").choices(["month", "year"]).default("year"),
    )
    .option("--breakeven-utilisation <percent>", "the breakeven price at this utilisation")
    .option("--breakeven-price <usd>", "the breakeven utilisation at this price per GPU-hour")
    .action(
      async (
        site: string,
        o: AskOptions & { by: "month" | "year"; breakevenUtilisation?: string; breakevenPrice?: string },
        command: Command,
      ) => {
        const ctx = contextOf(command, io);
        const body = {
          ...askOf(o),
          ...(o.breakevenUtilisation ? { breakevenUtilisationPercent: o.breakevenUtilisation } : {}),
          ...(o.breakevenPrice ? { breakevenPrice: o.breakevenPrice } : {}),
        };
        const payload = await ctx.call((api) =>
          api.POST("/v1/sites/{site}/economics", { params: { path: { site } }, body }),
        );
        ctx.emit(
          payload,
          (p) => renderReport(p, o.by),
          (p) => reportCsv(p, o.by),
        );
      },
    );
}

function compareCommand(io: CliIo): Command {
  return withAsk(
    new Command("compare").description("Scenarios side by side (default: internal, rent-half, rent-all)"),
    false,
  )
    .argument("<site>", "site id or name")
    .option("--scenario <name>", "a scenario to compare (repeatable)", collect)
    .action(
      async (site: string, o: Omit<AskOptions, "scenario"> & { scenario?: string[] }, command: Command) => {
        const ctx = contextOf(command, io);
        const { scenario, ...rest } = o;
        const body = { ...askOf(rest), ...(scenario ? { scenarios: scenario } : {}) };
        const payload = await ctx.call((api) =>
          api.POST("/v1/sites/{site}/economics/compare", { params: { path: { site } }, body }),
        );
        ctx.emit(
          payload,
          (p) =>
            `${p.site.name}, ${p.horizon.months} months from ${p.horizon.fromMonth}\n\n${renderTable(compareColumns(formatMoney), p.scenarios)}`,
          (p) =>
            renderCsv(
              compareColumns((a) => a),
              p.scenarios,
            ),
        );
      },
    );
}

function sensitivityCommand(io: CliIo): Command {
  return withAsk(
    new Command("sensitivity").description(
      "The tornado: the margin with each driver at its low and high end",
    ),
  )
    .argument("<site>", "site id or name")
    .action(async (site: string, o: AskOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.POST("/v1/sites/{site}/economics/sensitivity", { params: { path: { site } }, body: askOf(o) }),
      );
      const base = payload.baseMarginEstimate;
      ctx.emit(
        payload,
        (p) =>
          `${p.site.name}, scenario ${p.scenario.name}: base margin (est.) ${base === null ? "n/a" : `${(base * 100).toFixed(1)}%`}\n\n` +
          renderTable(tornadoColumns, p.bars),
        (p) => renderCsv(tornadoColumns, p.bars),
      );
    });
}

function monteCarloCommand(io: CliIo): Command {
  return withAsk(
    new Command("montecarlo").description(
      "A Monte Carlo of the margin: P10/P50/P90 and the chance of breakeven",
    ),
  )
    .argument("<site>", "site id or name")
    .option("--samples <n>", "samples (default 10,000)", positiveInt(100_000))
    .option("--seed <n>", "the generator's seed (default 1)", nonNegativeInt)
    .action(async (site: string, o: AskOptions & { samples?: number; seed?: number }, command: Command) => {
      const ctx = contextOf(command, io);
      const body = {
        ...askOf(o),
        ...(o.samples ? { samples: o.samples } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
      };
      const payload = await ctx.call((api) =>
        api.POST("/v1/sites/{site}/economics/montecarlo", { params: { path: { site } }, body }),
      );
      ctx.emit(
        payload,
        (p) => `${p.site.name}, scenario ${p.scenario.name}\n\n${renderMonteCarlo(p)}`,
        (p) =>
          renderCsv(
            [
              { header: "from", value: (b) => b.from },
              { header: "to", value: (b) => b.to },
              { header: "samples", value: (b) => b.samples },
            ],
            p.histogram,
          ),
      );
    });
}

function scenarioSaveCommand(io: CliIo): Command {
  return new Command("save")
    .description("Save a scenario under a name (a new version each time)")
    .argument("<name>", "the scenario's name")
    .addOption(
      new Option("--base <scenario>", "the built-in scenario it starts from (default: actual)").choices([
        "actual",
        "internal",
        "rent-half",
        "rent-all",
      ]),
    )
    .option("--description <text>", "what the scenario is")
    .option("--lease-share <percent>", "a custom lease of this share of every model's GPUs")
    .option("--price <usd>", "the custom lease's price per GPU-hour")
    .option("--monthly-fee <usd>", "the custom lease's fee per month")
    .option("--lease-months <n>", "the custom lease's term in months", positiveInt(240))
    .option("--set <key=value>", "an input the scenario overrides (repeatable)", collect)
    .action(
      async (name: string, o: Record<string, string | number | string[] | undefined>, command: Command) => {
        const ctx = contextOf(command, io);
        const inputs = inputsOf(o.set as string[] | undefined);
        const lease = o.leaseShare
          ? {
              gpuSharePercent: String(o.leaseShare),
              months: Number(o.leaseMonths ?? 12),
              ...(o.price ? { pricePerGpuHour: String(o.price) } : {}),
              ...(o.monthlyFee ? { monthlyFee: String(o.monthlyFee) } : {}),
            }
          : undefined;
        const body = {
          base: (o.base ?? "actual") as "actual" | "internal" | "rent-half" | "rent-all",
          ...(o.description ? { description: String(o.description) } : {}),
          ...(lease ? { lease } : {}),
          ...(inputs ? { inputs } : {}),
        };
        const payload = await ctx.call((api) =>
          api.POST("/v1/economic-scenarios", { body: { name, ...body } }),
        );
        ctx.emit(payload, (p) =>
          renderFields([
            ["Scenario", `${p.scenario.name} v${p.scenario.version}`],
            ["Base", p.scenario.definition.base],
            [
              "Lease",
              p.scenario.definition.lease
                ? `${p.scenario.definition.lease.gpuSharePercent}% of the GPUs for ${p.scenario.definition.lease.months} months`
                : "the base's",
            ],
            [
              "Inputs",
              Object.entries(p.scenario.definition.inputs)
                .map(([k, v]) => `${k}=${v}`)
                .join(", ") || "none",
            ],
          ]),
        );
      },
    );
}

function scenariosCommand(io: CliIo): Command {
  return new Command("scenarios")
    .description("Saved scenarios at their latest version")
    .action(async (_o: unknown, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.GET("/v1/economic-scenarios", { params: { query: { limit: 1000 } } }),
      );
      const columns = [
        { header: "NAME", value: (s: (typeof payload.scenarios)[number]) => s.name },
        { header: "VERSION", value: (s: (typeof payload.scenarios)[number]) => s.version },
        { header: "BASE", value: (s: (typeof payload.scenarios)[number]) => s.definition.base },
        { header: "DESCRIPTION", value: (s: (typeof payload.scenarios)[number]) => s.definition.description },
      ];
      ctx.emit(
        payload,
        (p) => renderTable(columns, p.scenarios),
        (p) => renderCsv(columns, p.scenarios),
      );
    });
}

export function economicsCommand(io: CliIo): Command {
  return new Command("economics")
    .description("The owner's economics of a site: P&L, scenarios, sensitivity, Monte Carlo")
    .addCommand(siteCommand(io))
    .addCommand(compareCommand(io))
    .addCommand(sensitivityCommand(io))
    .addCommand(monteCarloCommand(io))
    .addCommand(scenariosCommand(io))
    .addCommand(new Command("scenario").description("Save scenarios").addCommand(scenarioSaveCommand(io)));
}
