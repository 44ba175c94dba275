/**
 * `leasehold audit`: the audit log, newest first — who changed what, when.
 * @module
 */
import { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";

export function auditCommand(io: CliIo): Command {
  return withPageOptions(
    new Command("audit")
      .description("Show the audit log, newest first (imports, node states, leases, keys)")
      .option("--subject <id>", "only entries about this id (site, node, lease, tenant or key)"),
    "entries",
  ).action(async (options: PageOptions & { subject?: string }, command: Command) => {
    const ctx = contextOf(command, io);
    const subject = options.subject ? { subject: options.subject } : {};
    const payload = await pagesFor("entries", options, (page) =>
      ctx.call((api) => api.GET("/v1/audit", { params: { query: { ...subject, ...page } } })),
    );
    ctx.emit(payload, (p) =>
      renderTable(
        [
          { header: "ID", value: (e) => String(e.id), align: "right" },
          { header: "AT", value: (e) => e.at },
          { header: "ACTOR", value: (e) => e.actor },
          { header: "ACTION", value: (e) => e.action },
          { header: "SUBJECT", value: (e) => e.subject },
        ],
        p.entries,
      ),
    );
    nextPageHint(ctx, "entries", payload.nextCursor);
  });
}
