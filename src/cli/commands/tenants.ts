/**
 * `leasehold tenants create|list|show`: the customers who lease capacity.
 * @module
 */
import { Command } from "commander";
import type { Tenant } from "../../contract/generated/api.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";

function renderTenants(tenants: readonly Tenant[]): string {
  if (tenants.length === 0) return "no tenants: create one with `leasehold tenants create NAME`\n";
  return renderTable(
    [
      { header: "NAME", value: (t) => t.name },
      { header: "ID", value: (t) => t.id },
      { header: "CREATED", value: (t) => t.createdAt },
    ],
    tenants,
  );
}

export function tenantsCommand(io: CliIo): Command {
  const tenants = new Command("tenants").description("Tenants: the customers who lease capacity");

  tenants
    .command("create")
    .description("Create a tenant (operator key)")
    .argument("<name>", "letters, digits, '.', '_' or '-'; up to 64")
    .action(async (name: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) => api.POST("/v1/tenants", { body: { name } }));
      ctx.emit(payload, (p) => renderTenants([p.tenant]));
    });

  withPageOptions(
    tenants.command("list").description("List tenants (a tenant key sees only its own)"),
    "tenants",
  ).action(async (options: PageOptions, command: Command) => {
    const ctx = contextOf(command, io);
    const payload = await pagesFor("tenants", options, (query) =>
      ctx.call((api) => api.GET("/v1/tenants", { params: { query } })),
    );
    ctx.emit(payload, (p) => renderTenants(p.tenants));
    nextPageHint(ctx, "tenants", payload.nextCursor);
  });

  tenants
    .command("show")
    .description("Show a tenant by name or id")
    .argument("<tenant>", "tenant name or id")
    .action(async (tenant: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.GET("/v1/tenants/{tenant}", { params: { path: { tenant } } }),
      );
      ctx.emit(payload, (p) => renderTenants([p.tenant]));
    });

  return tenants;
}
