/**
 * `leasehold whoami`: which key the CLI is using and what it may do.
 * @module
 */
import { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { renderFields } from "../output.js";

export function whoamiCommand(io: CliIo): Command {
  return new Command("whoami")
    .description("Show the calling key's role, name and tenant")
    .action(async (_options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) => api.GET("/v1/whoami"));
      ctx.emit(payload, (p) =>
        renderFields([
          ["Role", p.role],
          ["Key", `${p.keyName} (${p.keyId})`],
          ["Tenant", p.tenantName ?? "-"],
        ]),
      );
    });
}
