/**
 * `leasehold leases amend LEASE`: one amendment (upsize, add a tranche, extend, terminate early)
 * with a reason; the server versions it and checks the lease still fits its site.
 * @module
 */
import { Command } from "commander";
import { type AmendFlags, amendmentFromFlags, parseAddTranche, parseUpsize } from "../amendment-flags.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { isoInstant } from "../option-parsers.js";
import { renderLease } from "./lease-views.js";

export function leaseAmendCommand(io: CliIo): Command {
  return new Command("amend")
    .description("Amend a lease: exactly one of --upsize, --add-tranche, --extend, --terminate-early")
    .argument("<lease>", "lease id, name, or tenant/name")
    .option("--upsize <spec>", "LINE:GPUS@ISO: a new tranche of GPUS more on LINE from ISO", parseUpsize)
    .option("--add-tranche <spec>", "ISO:LINE=GPUS[,LINE=GPUS]: a new tranche from ISO", parseAddTranche)
    .option("--extend <iso>", "move the end later, to ISO", isoInstant)
    .option("--terminate-early <iso>", "end at ISO, no sooner than the notice period allows", isoInstant)
    .requiredOption("--reason <text>", "why, for the lease's history")
    .action(async (lease: string, options: AmendFlags & { reason: string }, command: Command) => {
      const amendment = amendmentFromFlags(options);
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.POST("/v1/leases/{lease}/amendments", {
          params: { path: { lease } },
          body: { amendment, reason: options.reason },
        }),
      );
      ctx.emit(payload, (p) => renderLease(p.lease));
    });
}
