/**
 * `leasehold leases create` (from a file, or from flags for the common case) and
 * `leasehold leases template rent-half|rent-all` (a ready request sized from a site's availability).
 * @module
 */
import { resolve } from "node:path";
import { Argument, Command, Option } from "commander";
import { stringify as stringifyYaml } from "yaml";
import type { LeaseRequest } from "../../contract/generated/api.js";
import { ISOLATION_LEVELS, PLACEMENT_POLICIES } from "../../leasing/lease.js";
import { LEASE_TEMPLATES, type LeaseTemplateName } from "../../leasing/lease-templates.js";
import { UsageError } from "../cli-errors.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { readLeaseFile, writeLeaseFile } from "../lease-file.js";
import {
  type CreateFlags,
  LEASE_FLAG_NAMES,
  leaseRequestFromFlags,
  parseLineFlag,
  parseRampFlag,
} from "../lease-flags.js";
import { collect, isoInstant, nonNegativeInt, positiveInt } from "../option-parsers.js";
import { formatCount } from "../output.js";
import { renderLease } from "./lease-views.js";

interface CreateOptions extends CreateFlags {
  file?: string;
  reserve?: boolean;
}

async function requestOf(name: string | undefined, options: CreateOptions, io: CliIo): Promise<LeaseRequest> {
  if (options.file === undefined) {
    if (!name) throw new UsageError("leases create needs NAME and lease flags, or -f FILE");
    return leaseRequestFromFlags(name, options);
  }
  const clash = [
    ...(name ? ["NAME"] : []),
    ...LEASE_FLAG_NAMES.filter(([k]) => options[k] !== undefined).map(([, f]) => f),
  ];
  if (clash.length) throw new UsageError(`-f FILE holds the whole lease; drop ${clash.join(", ")}`);
  return readLeaseFile(resolve(io.cwd, options.file), options.file);
}

export function leaseCreateCommand(io: CliIo): Command {
  return new Command("create")
    .description("Create a lease from -f FILE, or from flags for the common case; a draft unless --reserve")
    .argument("[name]", "the lease's name, unique per tenant (with flags)")
    .option("-f, --file <file>", "the whole lease request (.yaml, .yml or .json); see `leases template`")
    .option("--tenant <tenant>", "tenant name or id")
    .option("--site <site>", "acceptable site, best first; repeatable", collect)
    .option("--line <spec>", "KEY:MODEL:GPUS:PRICE, e.g. h100:H100:110000:2.10; repeatable", parseLineFlag)
    .option("--starts <iso>", "when delivery starts (all lines at once)", isoInstant)
    .option("--ends <iso>", "when the lease ends", isoInstant)
    .addOption(
      new Option("--isolation <level>", "no other tenant shares this level (default node)").choices(
        ISOLATION_LEVELS,
      ),
    )
    .addOption(
      new Option("--policy <policy>", "packed into few blocks, or spread").choices(PLACEMENT_POLICIES),
    )
    .option(
      "--min-island <gpus>",
      "every piece inside one block holds at least this many GPUs",
      positiveInt(),
    )
    .option(
      "--notice-days <days>",
      "notice either side must give to end early (server default 90)",
      nonNegativeInt,
    )
    .option(
      "--ramp <spec>",
      "FROM..UNTIL:PERCENT off, e.g. 2026-06-01..2026-08-01:50; repeatable",
      parseRampFlag,
    )
    .option("--monthly-fee", "PRICE in --line is a fixed fee per month for the line, not per GPU-hour")
    .option("--reserve", "hold capacity at once (reserved, or active when it has started)")
    .action(async (name: string | undefined, options: CreateOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const request = await requestOf(name, options, io);
      const reserve = options.reserve ? "true" : "false";
      const payload = await ctx.call((api) =>
        api.POST("/v1/leases", { params: { query: { reserve } }, body: request }),
      );
      ctx.emit(payload, (p) => renderLease(p.lease));
    });
}

interface TemplateOptions {
  site: string;
  tenant: string;
  file?: string;
  name?: string;
  starts?: string;
}

function describe(request: LeaseRequest): string {
  const lines = request.lines.map((l) => `${formatCount(l.gpuCount)} ${l.gpuModel}`).join(" + ");
  return `${request.name} for ${request.tenant} at ${request.sites.join(", ")}: ${lines}`;
}

export function leaseTemplateCommand(io: CliIo): Command {
  return new Command("template")
    .description("Write a ready lease request for a seed scenario, sized by the server from the site")
    .addArgument(new Argument("<scenario>", "which scenario").choices(LEASE_TEMPLATES))
    .requiredOption("--site <site>", "site name or id")
    .requiredOption("--tenant <tenant>", "tenant name or id")
    .option("-f, --file <file>", "write it here (.yaml, .yml or .json) instead of printing it")
    .option("--name <name>", "the lease's name (default: the scenario's)")
    .option("--starts <iso>", "when delivery starts (default: now, to the minute)", isoInstant)
    .action(async (scenario: LeaseTemplateName, options: TemplateOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const query = {
        tenant: options.tenant,
        ...(options.name ? { name: options.name } : {}),
        ...(options.starts ? { startsAt: options.starts } : {}),
      };
      const request = await ctx.call((api) =>
        api.GET("/v1/sites/{site}/lease-templates/{template}", {
          params: { path: { site: options.site, template: scenario }, query },
        }),
      );
      if (options.file === undefined) {
        ctx.emit(request, (r) => stringifyYaml(r));
        return;
      }
      await writeLeaseFile(resolve(io.cwd, options.file), request);
      ctx.emit({ file: options.file, request }, (p) => `wrote ${describe(p.request)} to ${p.file}\n`);
    });
}
