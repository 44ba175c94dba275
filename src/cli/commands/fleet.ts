/**
 * `leasehold fleet import|export|generate`: fleet files in and out of the server, and synthetic
 * fleets made offline.
 * @module
 */
import { Command } from "commander";
import { BUILT_IN_GPU_MODELS } from "../../fleet/gpu-model.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { fleetFormatOf } from "../fleet-format.js";
import { GENERATE_DEFAULTS, type GenerateFlags } from "../generate-spec.js";
import { collect, nonNegativeInt, positiveInt } from "../option-parsers.js";
import { generateFleetFile } from "./fleet-generate.js";
import { importFleetFile } from "./fleet-import.js";
import { outputFleet } from "./fleet-output.js";

const MODEL_NAMES = BUILT_IN_GPU_MODELS.map((m) => m.name).join("|");

export function fleetCommand(io: CliIo): Command {
  const fleet = new Command("fleet").description("Fleet files: import, export, generate");

  fleet
    .command("import")
    .description("Import sites and nodes from a YAML or JSON fleet file, all or nothing")
    .argument("<file>", "fleet file (.yaml, .yml or .json)")
    .option("--replace", "replace sites that already exist (by name)")
    .action(async (file: string, options: { replace?: boolean }, command: Command) => {
      await importFleetFile(contextOf(command, io), file, options.replace === true);
    });

  fleet
    .command("export")
    .description("Export sites as a fleet file that imports back unchanged (JSON on stdout by default)")
    .option("--site <site>", "site name or id; repeat for several (default: all)", collect)
    .option("-f, --file <file>", "write YAML or JSON (by extension) to this file")
    .action(async (options: { site?: string[]; file?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      if (options.file !== undefined) fleetFormatOf(options.file);
      const doc = await ctx.call((api) =>
        api.GET("/v1/fleet/export", { params: { query: { site: options.site } } }),
      );
      await outputFleet(ctx, doc, options.file);
    });

  const d = GENERATE_DEFAULTS;
  fleet
    .command("generate")
    .description(
      `Generate a synthetic fleet offline. Without --preset: one site, ${d.gridMw} MW grid permit, ` +
        `PUE ${d.pue}, $${d.electricityUsdPerMwh}/MWh, halls of blocks of racks`,
    )
    .option("--preset <name>", "a built-in fleet: colossus (~221k GPUs, ~300 MW)")
    .option("--site-name <name>", `site name (default ${d.siteName}, or the preset's)`)
    .option("--gpus <n>", `GPUs in the site (default ${d.gpus})`, positiveInt(8_000_000))
    .option("--mix <mix>", `model fractions summing to 1, models ${MODEL_NAMES} (default ${d.mix})`)
    .option("--racks-per-block <n>", `racks per block (default ${d.racksPerBlock})`, positiveInt(10_000))
    .option("--blocks-per-hall <n>", `blocks per hall (default ${d.blocksPerHall})`, positiveInt(10_000))
    .option(
      "--unhealthy <fraction>",
      "unhealthy nodes: 0.01 (split 1:2:3 failed:degraded:maintenance) or failed=0.01,…",
    )
    .option("--seed <n>", `random seed; same seed, same fleet (default ${d.seed})`, nonNegativeInt)
    .option("-f, --file <file>", "write YAML or JSON (by extension) to this file; JSON on stdout without it")
    .action(async (options: GenerateFlags & { file?: string }, command: Command) => {
      await generateFleetFile(contextOf(command, io), options);
    });

  return fleet;
}
