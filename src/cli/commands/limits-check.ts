/**
 * `leasehold limits check`: asks the server whether a request fits a subject's usage limits, as a
 * gateway would. A grant prints what is left of every limit and the reservation to settle; a
 * denial exits with RATE_LIMITED, naming the dimension and window that denied it.
 * @module
 */
import { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { nonNegativeInt } from "../option-parsers.js";
import { renderFields, renderTable } from "../output.js";

interface CheckFlags {
  subject: string;
  plan: string;
  modelClass: string;
  inputTokens: number;
  maxOutputTokens: number;
  tenant?: string;
}

export function limitsCheckCommand(io: CliIo): Command {
  return new Command("check")
    .description(
      "Check one request against a subject's usage limits (a grant reserves its max output tokens)",
    )
    .requiredOption("--subject <subject>", "whose usage: an end user, key or organisation")
    .requiredOption("--plan <plan>", "the subject's plan or API tier, e.g. max-5x")
    .requiredOption("--model-class <class>", "the model class, e.g. large")
    .requiredOption("--input-tokens <n>", "the request's input tokens", nonNegativeInt)
    .requiredOption("--max-output-tokens <n>", "the request's max output tokens", nonNegativeInt)
    .option("--tenant <id>", "the tenant's id (operator keys only; other keys check their own tenant)")
    .action(async (flags: CheckFlags, command: Command) => {
      const ctx = contextOf(command, io);
      const verdict = await ctx.call((api) =>
        api.POST("/v1/limits/check", {
          body: {
            subject: flags.subject,
            plan: flags.plan,
            modelClass: flags.modelClass,
            inputTokens: flags.inputTokens,
            maxOutputTokens: flags.maxOutputTokens,
            ...(flags.tenant ? { tenant: flags.tenant } : {}),
          },
        }),
      );
      ctx.emit(verdict, (v) =>
        [
          renderFields([
            ["Granted", v.degraded ? "yes (store unreachable, policy: open)" : "yes"],
            ["Reservation", v.reservationId === null ? "-" : String(v.reservationId)],
            ["Limit set", v.limitSetVersion === 0 ? "none" : `v${v.limitSetVersion}`],
          ]),
          renderTable(
            [
              { header: "Dimension", value: (l) => l.dimension },
              { header: "Window", value: (l) => l.window },
              { header: "Limit", value: (l) => l.limit },
              { header: "Remaining", value: (l) => l.remaining },
              { header: "Full again", value: (l) => l.resetAt },
            ],
            v.limits,
          ),
        ].join("\n"),
      );
    });
}
