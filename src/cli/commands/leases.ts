/**
 * `leasehold leases …`: the lease lifecycle from the command line. Listing, showing, reserving,
 * giving notice, cancelling, history and the clock tick live here; create/template, amend and
 * quote have their own modules.
 * @module
 */
import { Command, Option } from "commander";
import type { LeaseholdApi } from "../../contract/client.js";
import type { Lease } from "../../contract/generated/api.js";
import { LEASE_STATUSES } from "../../leasing/lease.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { isoInstant } from "../option-parsers.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";
import { leaseAmendCommand } from "./lease-amend.js";
import { leaseCreateCommand, leaseTemplateCommand } from "./lease-create.js";
import { leaseQuoteCommand } from "./lease-quote.js";
import { renderHistory, renderLease, renderLeases } from "./lease-views.js";

type ActionOptions = Record<string, string | undefined>;

/** `leases reserve|cancel|terminate`: one of the lease's actions, then the lease as it is after it. */
function leaseAction(
  io: CliIo,
  name: string,
  description: string,
  act: (
    api: LeaseholdApi,
    lease: string,
    options: ActionOptions,
  ) => Promise<{ data?: { lease: Lease }; response: Response }>,
): Command {
  return new Command(name)
    .description(description)
    .argument("<lease>", "lease id, name, or tenant/name")
    .action(async (lease: string, options: ActionOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) => act(api, lease, options));
      ctx.emit(payload, (p) => renderLease(p.lease));
    });
}

export function leasesCommand(io: CliIo): Command {
  const leases = new Command("leases").description("Leases: contracts that rent a site's GPUs to a tenant");

  leases.addCommand(leaseCreateCommand(io));
  leases.addCommand(leaseTemplateCommand(io));

  withPageOptions(
    leases
      .command("list")
      .description("List leases by start (a tenant key sees only its own)")
      .addOption(new Option("--status <status>", "only leases in this status").choices(LEASE_STATUSES))
      .option("--site <site>", "only leases placed at this site (name or id)"),
    "leases",
  ).action(async (options: PageOptions & { status?: Lease["status"]; site?: string }, command: Command) => {
    const ctx = contextOf(command, io);
    // The API takes the site by id or name, for a tenant's key as for an operator's.
    const payload = await pagesFor("leases", options, (page) =>
      ctx.call((api) =>
        api.GET("/v1/leases", { params: { query: { status: options.status, site: options.site, ...page } } }),
      ),
    );
    ctx.emit(payload, (p) => renderLeases(p.leases));
    nextPageHint(ctx, "leases", payload.nextCursor);
  });

  leases
    .command("show")
    .description(
      "Show a lease: terms, status, what you may do now, its value and what it holds (JSON: { lease, allocation })",
    )
    .argument("<lease>", "lease id, name, or tenant/name")
    .action(async (lease: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const path = { params: { path: { lease } } };
      const [{ lease: view }, allocation] = await Promise.all([
        ctx.call((api) => api.GET("/v1/leases/{lease}", path)),
        ctx.call((api) => api.GET("/v1/leases/{lease}/allocation", path)),
      ]);
      ctx.emit({ lease: view, allocation }, (p) => renderLease(p.lease, p.allocation));
    });

  leases.addCommand(
    leaseAction(
      io,
      "reserve",
      "Hold a draft's capacity at the first acceptable site that fits",
      (api, lease) => api.POST("/v1/leases/{lease}/reserve", { params: { path: { lease } } }),
    ),
  );
  leases.addCommand(leaseAmendCommand(io));
  leases.addCommand(
    leaseAction(
      io,
      "terminate",
      "Give notice: the lease ends at --ends, or when its notice period is up",
      (api, lease, o) =>
        api.POST("/v1/leases/{lease}/notice", {
          params: { path: { lease } },
          body: { reason: o.reason ?? "", ...(o.ends ? { endsAt: o.ends } : {}) },
        }),
    )
      .option(
        "--ends <iso>",
        "when the lease ends (default: the earliest its notice period allows)",
        isoInstant,
      )
      .requiredOption("--reason <text>", "why, for the lease's history"),
  );
  leases.addCommand(
    leaseAction(io, "cancel", "Cancel a draft or reserved lease before it starts", (api, lease, o) =>
      api.POST("/v1/leases/{lease}/cancel", {
        params: { path: { lease } },
        body: { reason: o.reason ?? "" },
      }),
    ).requiredOption("--reason <text>", "why, for the lease's history"),
  );
  leases.addCommand(leaseQuoteCommand(io));

  leases
    .command("history")
    .description("Show a lease's versions (who changed what, when and why) and its events")
    .argument("<lease>", "lease id, name, or tenant/name")
    .action(async (lease: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) =>
        api.GET("/v1/leases/{lease}/history", { params: { path: { lease } } }),
      );
      ctx.emit(payload, renderHistory);
    });

  leases
    .command("tick")
    .description("Let time act now: start due tranches, end leases past their end (operator key)")
    .action(async (_options, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await ctx.call((api) => api.POST("/v1/leases/tick"));
      ctx.emit(payload, (p) =>
        p.changed.length === 0
          ? "no lease changed\n"
          : `changed ${p.changed.length} lease${p.changed.length === 1 ? "" : "s"}:\n${p.changed
              .map((id) => `  ${id}\n`)
              .join("")}`,
      );
    });

  return leases;
}
