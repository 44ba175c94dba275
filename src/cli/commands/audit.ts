/**
 * `leasehold audit`: the audit log, newest first — who changed what, when.
 * @module
 */
import { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { positiveInt } from "../option-parsers.js";
import { renderTable } from "../output.js";

export function auditCommand(io: CliIo): Command {
  return new Command("audit")
    .description("Show the audit log, newest first (imports, node states, leases, keys)")
    .option("--subject <id>", "only entries about this id (site, node, lease, tenant or key)")
    .option("--limit <n>", "entries per page (1..1000)", positiveInt(1000), 50)
    .option("--before <id>", "entries older than this id (the hint printed after a full page)", positiveInt())
    .action(async (options: { subject?: string; limit: number; before?: number }, command: Command) => {
      const ctx = contextOf(command, io);
      const query = {
        limit: options.limit,
        ...(options.subject ? { subject: options.subject } : {}),
        ...(options.before ? { before: options.before } : {}),
      };
      const payload = await ctx.call((api) => api.GET("/v1/audit", { params: { query } }));
      ctx.emit(payload, (p) => {
        const table = renderTable(
          [
            { header: "ID", value: (e) => String(e.id), align: "right" },
            { header: "AT", value: (e) => e.at },
            { header: "ACTOR", value: (e) => e.actor },
            { header: "ACTION", value: (e) => e.action },
            { header: "SUBJECT", value: (e) => e.subject },
          ],
          p.entries,
        );
        return p.nextBefore ? `${table}older: --before ${p.nextBefore}\n` : table;
      });
    });
}
