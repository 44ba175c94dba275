/**
 * What every command action gets: the io, the chosen output format, and a lazily connected
 * API client built from the global options.
 * @module
 */
import type { Command } from "commander";
import { type LeaseholdApi, payload } from "../contract/client.js";
import type { CliIo } from "./cli-io.js";
import { type ConnectionFlags, connect } from "./connection.js";
import { emit, type OutputFormat } from "./output.js";

/** The options the program declares for every command. */
interface GlobalOptions extends ConnectionFlags {
  output: OutputFormat;
}

export interface CommandContext {
  io: CliIo;
  format: OutputFormat;
  /** Connects on first use, so offline commands never need a key. */
  api(): Promise<LeaseholdApi>;
  /** Makes one call and answers its payload: `ctx.call((api) => api.GET("/v1/sites"))`. */
  call<T>(request: (api: LeaseholdApi) => Promise<{ data?: T; response: Response }>): Promise<T>;
  /** Prints the payload as JSON, the table built from it, or (`-o csv`) its CSV, to stdout. */
  emit<T>(payload: T, table: (payload: T) => string, csv?: (payload: T) => string): void;
}

export function contextOf(command: Command, io: CliIo): CommandContext {
  const globals = command.optsWithGlobals<GlobalOptions>();
  let connected: Promise<LeaseholdApi> | undefined;
  const api = () => {
    connected ??= connect(globals, io);
    return connected;
  };
  return {
    io,
    format: globals.output,
    api,
    call: async (request) => payload(request(await api())),
    emit: (payload, table, csv) => emit(io.stdout, globals.output, payload, table, csv),
  };
}
