/**
 * `leasehold keys create|list|revoke`: API keys. A new key's secret is printed once; only its
 * hash is kept by the server.
 * @module
 */
import { Command, Option } from "commander";
import type { ApiKey } from "../../contract/generated/api.js";
import { didYouMean } from "../../shared/did-you-mean.js";
import { isIdOf } from "../../shared/ids.js";
import { ApiError, UsageError } from "../cli-errors.js";
import type { CliIo } from "../cli-io.js";
import { type CommandContext, contextOf } from "../context.js";
import { renderTable } from "../output.js";
import { nextPageHint, type PageOptions, pagesFor, withPageOptions } from "../page-options.js";

function renderKeys(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return "no API keys\n";
  return renderTable(
    [
      { header: "ID", value: (k) => k.id },
      { header: "NAME", value: (k) => k.name },
      { header: "PREFIX", value: (k) => k.prefix },
      { header: "ROLE", value: (k) => k.role },
      { header: "TENANT", value: (k) => k.tenantName ?? "-" },
      { header: "CREATED", value: (k) => k.createdAt },
      { header: "REVOKED", value: (k) => k.revokedAt ?? "-" },
    ],
    keys,
  );
}

/**
 * The id of the key `ref` names: an id as it is, or the one key of that name (among keys not yet
 * revoked, when any is). Names need not be unique: several live keys of one name are a usage error
 * listing their ids.
 */
async function keyIdOf(ctx: CommandContext, ref: string): Promise<string> {
  if (isIdOf("apiKey", ref)) return ref;
  const { apiKeys } = await ctx.call((api) => api.GET("/v1/api-keys"));
  const named = apiKeys.filter((k) => k.name === ref);
  const live = named.filter((k) => k.revokedAt === null);
  const candidates = live.length > 0 ? live : named;
  const [only, ...more] = candidates;
  if (only && more.length === 0) return only.id;
  if (only) {
    throw new UsageError(
      `${candidates.length} keys are named ${ref}: revoke one by id (${candidates.map((k) => k.id).join(", ")})`,
    );
  }
  const hint = didYouMean(
    ref,
    apiKeys.map((k) => k.name),
  );
  throw new ApiError("API_KEY_NOT_FOUND", `no API key with id or name ${ref}${hint}`);
}

interface CreateOptions {
  role: "operator" | "tenant" | "checker";
  tenant?: string;
}

export function keysCommand(io: CliIo): Command {
  const keys = new Command("keys").description("API keys: create, list, revoke");

  keys
    .command("create")
    .description("Create an API key; its secret is shown once")
    .argument("<name>", "a label for the key, e.g. ci-deploy")
    .addOption(
      new Option("--role <role>", "what the key may do")
        .choices(["operator", "tenant", "checker"])
        .makeOptionMandatory(),
    )
    .option("--tenant <tenant>", "tenant name or id (required with --role tenant or checker)")
    .action(async (name: string, options: CreateOptions, command: Command) => {
      if (options.role !== "operator" && !options.tenant)
        throw new UsageError(`--role ${options.role} needs --tenant <tenant>`);
      if (options.role === "operator" && options.tenant)
        throw new UsageError("--tenant only goes with --role tenant or checker");
      const ctx = contextOf(command, io);
      const body = { name, role: options.role, ...(options.tenant ? { tenant: options.tenant } : {}) };
      const payload = await ctx.call((api) => api.POST("/v1/api-keys", { body }));
      io.stderr.write(
        "warning: this is the only time the key is shown; store it now (the server keeps only its hash)\n",
      );
      ctx.emit(payload, (p) => `${renderKeys([p.apiKey])}\nkey: ${p.key}\n`);
    });

  withPageOptions(keys.command("list").description("List API keys (never their secrets)"), "keys").action(
    async (options: PageOptions, command: Command) => {
      const ctx = contextOf(command, io);
      const payload = await pagesFor("apiKeys", options, (query) =>
        ctx.call((api) => api.GET("/v1/api-keys", { params: { query } })),
      );
      ctx.emit(payload, (p) => renderKeys(p.apiKeys));
      nextPageHint(ctx, "keys", payload.nextCursor);
    },
  );

  keys
    .command("revoke")
    .description("Revoke an API key by name or id")
    .argument("<key>", "the key's name or id (see keys list)")
    .action(async (key: string, _options, command: Command) => {
      const ctx = contextOf(command, io);
      const id = await keyIdOf(ctx, key);
      const payload = await ctx.call((api) => api.DELETE("/v1/api-keys/{id}", { params: { path: { id } } }));
      ctx.emit(payload, (p) => renderKeys([p.apiKey]));
    });

  return keys;
}
