/**
 * `leasehold limits profile|plans|plan|show|diff|publish|history`: a tenant's serving profile and
 * plans, and the versioned limit sets the planner computes from its live capacity. A tenant key
 * works on its own tenant; an operator key names one with `--tenant`.
 * @module
 */

import { readFile, writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { Command } from "commander";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { LimitPlanInput, ServingProfileInput } from "../../contract/generated/api.js";
import { DEMO_PLANS } from "../../limits/demo-plans.js";
import { UsageError } from "../cli-errors.js";
import type { CliIo } from "../cli-io.js";
import { type CommandContext, contextOf } from "../context.js";
import { formatCount, renderTable } from "../output.js";
import { limitsCheckCommand } from "./limits-check.js";
import { renderDiff, renderSetLimits, renderSetSummary, renderSetWithDiff } from "./limits-output.js";

interface TenantOption {
  tenant?: string;
}

/** The tenant to work on: `--tenant`, else the calling tenant key's own. */
async function tenantOf(ctx: CommandContext, options: TenantOption): Promise<string> {
  if (options.tenant) return options.tenant;
  const me = await ctx.call((api) => api.GET("/v1/whoami"));
  if (!me.tenantId) throw new UsageError("an operator key must name the tenant: --tenant NAME");
  return me.tenantId;
}

/** A YAML or JSON file as is: the server validates it and names every field it rejects. */
async function readDocument(io: CliIo, shownAs: string): Promise<unknown> {
  const path = resolve(io.cwd, shownAs);
  const ext = extname(path).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(ext))
    throw new UsageError(`${shownAs} must end in .yaml, .yml or .json (got "${ext || "no extension"}")`);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${shownAs}: ${(error as { code?: string }).code === "ENOENT" ? "no such file" : String(error)}`,
    );
  }
  try {
    return ext === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${shownAs} is not valid ${ext.slice(1).toUpperCase()}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

const withTenant = (command: Command) =>
  command.option("--tenant <tenant>", "the tenant (operator keys; default: the key's own)");

export function limitsCommand(io: CliIo): Command {
  const limits = new Command("limits").description(
    "Usage limits: serving profile, plans, and limit sets computed from live capacity",
  );

  withTenant(limits.command("profile"))
    .description("Show the serving profile, or replace it from a file (-f)")
    .option("-f, --file <path>", "a YAML or JSON profile; fields left out take their defaults")
    .action(async (options: TenantOption & { file?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      const path = { tenant };
      const payload = options.file
        ? await ctx.call(async (api) =>
            api.PUT("/v1/tenants/{tenant}/serving-profile", {
              params: { path },
              body: (await readDocument(io, options.file ?? "")) as ServingProfileInput,
            }),
          )
        : await ctx.call((api) => api.GET("/v1/tenants/{tenant}/serving-profile", { params: { path } }));
      ctx.emit(payload, (p) => {
        const hours = p.profile.peakToAverageByHourUtc.map((v) => v.toFixed(2)).join(" ");
        const other =
          p.profile.otherGpus.map((g) => `${formatCount(g.gpus)} ${g.gpuModel}`).join(", ") || "none";
        return [
          `Target utilisation: ${(p.profile.targetUtilisation * 100).toFixed(0)}%${p.saved ? "" : " (defaults)"}`,
          `Peak-to-average by hour (UTC): ${hours}`,
          `Input token cost: ${p.profile.inputTokenCost} output tokens`,
          `GPUs outside Leasehold: ${other}`,
          `Publishing after a capacity change: ${p.profile.requireApproval ? "waits for approval" : "automatic"}`,
          "Serving rates (output tokens/s per GPU, estimates):",
          renderTable(
            [
              { header: "GPU", value: (r) => r.gpuModel },
              { header: "CLASS", value: (r) => r.modelClass },
              { header: "TOKENS/S", value: (r) => r.outputTokensPerSecondPerGpu },
              { header: "SOURCE", value: (r) => r.note },
            ],
            [
              ...p.profile.rates.map((r) => ({ ...r, note: "tenant's own figure" })),
              ...p.defaultRates.filter(
                (d) =>
                  !p.profile.rates.some(
                    (r) => r.gpuModel.toUpperCase() === d.gpuModel && r.modelClass === d.modelClass,
                  ),
              ),
            ],
          ),
        ].join("\n");
      });
    });

  limits
    .command("example")
    .description("Write a lab's plans as a plans file (offline): Pro, Max 5×, Max 20× and two API tiers")
    .option("-f, --file <file>", "write to this file (default: stdout)")
    .action(async (options: { file?: string }) => {
      const text = stringifyYaml(DEMO_PLANS);
      if (options.file) await writeFile(resolve(io.cwd, options.file), text);
      else io.stdout.write(text);
    });

  withTenant(limits.command("plans"))
    .description("List the plans, or create/replace them from a file (-f) holding a list of plans")
    .option("-f, --file <path>", "a YAML or JSON list of plans, each with its name; applied in order")
    .action(async (options: TenantOption & { file?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      if (options.file) {
        const document = await readDocument(io, options.file);
        if (!Array.isArray(document)) throw new UsageError(`${options.file} must hold a list of plans`);
        for (const [i, item] of document.entries()) {
          const name = (item as { name?: unknown }).name;
          if (typeof name !== "string") throw new UsageError(`${options.file}: plan [${i}] has no name`);
          await ctx.call((api) =>
            api.PUT("/v1/tenants/{tenant}/limit-plans/{plan}", {
              params: { path: { tenant, plan: name } },
              body: item as LimitPlanInput,
            }),
          );
        }
      }
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/limit-plans", { params: { path: { tenant } } }),
      );
      ctx.emit(payload, (p) =>
        renderTable(
          [
            { header: "PLAN", value: (r) => r.name },
            { header: "KIND", value: (r) => r.kind },
            { header: "SUBSCRIBERS", value: (r) => r.subscribers },
            { header: "USAGE", value: (r) => `${(r.expectedUsage * 100).toFixed(1)}%` },
            {
              header: "LIMITS",
              value: (r) =>
                r.multipleOf
                  ? `${r.multipleOf.factor}× ${r.multipleOf.plan}`
                  : `${r.limits?.length ?? 0} stated`,
            },
            { header: "PINNED", value: (r) => (r.pinnedWindows ?? []).join(",") || "-" },
          ],
          p.plans,
        ),
      );
    });

  withTenant(limits.command("plan"))
    .description("Compute limits from the plans and live capacity now: a draft, or published with --publish")
    .option("--publish", "publish the new set at once")
    .action(async (options: TenantOption & { publish?: boolean }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      const payload = await ctx.call((api) =>
        api.POST("/v1/tenants/{tenant}/limit-sets", {
          params: { path: { tenant }, query: { publish: options.publish ? "true" : "false" } },
        }),
      );
      ctx.emit(payload, renderSetWithDiff);
    });

  withTenant(limits.command("show"))
    .description("Show a limit set: its limits and the planning behind them")
    .argument("[version]", "a version, latest or current (the one in force)", "current")
    .action(async (version: string, options: TenantOption, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/limit-sets/{version}", { params: { path: { tenant, version } } }),
      );
      ctx.emit(payload, (p) => `${renderSetSummary(p.set)}\n${renderSetLimits(p.set)}`);
    });

  withTenant(limits.command("diff"))
    .description(
      "The before/after table of a set against the one in force when it was computed (or --against)",
    )
    .argument("[version]", "a version, latest or current", "latest")
    .option("--against <version>", "compare with this version instead")
    .action(async (version: string, options: TenantOption & { against?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/limit-sets/{version}/diff", {
          params: { path: { tenant, version }, query: options.against ? { against: options.against } : {} },
        }),
      );
      ctx.emit(payload, (p) =>
        renderDiff(
          p.diff,
          p.against > 0 ? `Version ${p.against} → ${p.version}:` : `Version ${p.version} (first set):`,
        ),
      );
    });

  withTenant(limits.command("publish"))
    .description("Approve and publish a draft; the limiter uses it at once")
    .argument("<version>", "the draft's version (or latest)")
    .action(async (version: string, options: TenantOption, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      const payload = await ctx.call((api) =>
        api.POST("/v1/tenants/{tenant}/limit-sets/{version}/publish", {
          params: { path: { tenant, version } },
        }),
      );
      ctx.emit(payload, renderSetWithDiff);
    });

  withTenant(limits.command("history"))
    .description("The limit sets, newest first")
    .option("--limit <n>", "at most this many", "20")
    .action(async (options: TenantOption & { limit: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const tenant = await tenantOf(ctx, options);
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}/limit-sets", {
          params: { path: { tenant }, query: { limit: Number(options.limit) } },
        }),
      );
      ctx.emit(payload, (p) =>
        renderTable(
          [
            { header: "VERSION", value: (s) => s.version },
            { header: "STATUS", value: (s) => s.status },
            { header: "COMPUTED", value: (s) => s.createdAt },
            { header: "WHY", value: (s) => s.trigger.kind.replace("_", " ") },
            { header: "SCALE", value: (s) => `${s.planning.scale.toFixed(3)}×` },
            { header: "PEAK HOURS", value: (s) => (s.planning.peakReductions ? "reduced" : "full") },
          ],
          p.sets,
        ),
      );
    });

  limits.addCommand(limitsCheckCommand(io));
  return limits;
}
