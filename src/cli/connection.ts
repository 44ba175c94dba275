/**
 * Where the server is and which key to send: flags first, then the environment, then the
 * operator key the server wrote into its data directory on first start.
 * @module
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { LeaseholdApi } from "../contract/client.js";
import { cliApi } from "./api-client.js";
import { ApiError, UsageError } from "./cli-errors.js";
import type { CliIo } from "./cli-io.js";

export const DEFAULT_SERVER = "http://127.0.0.1:7300";
const DEFAULT_DATA_DIR = ".leasehold";
const OPERATOR_KEY_FILE = "operator.key";

export interface ConnectionFlags {
  server?: string;
  apiKey?: string;
}

/** The server's base URL from --server, LEASEHOLD_SERVER or the default; a malformed URL is a usage error. */
function serverUrl(flags: ConnectionFlags, io: CliIo): string {
  const raw = flags.server ?? io.env.LEASEHOLD_SERVER ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--server must be an http(s) URL such as ${DEFAULT_SERVER} (got "${raw}")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--server must be an http(s) URL such as ${DEFAULT_SERVER} (got "${raw}")`);
  }
  return raw.replace(/\/+$/, "");
}

/** The API key from --api-key, LEASEHOLD_API_KEY, or `<LEASEHOLD_DATA_DIR or .leasehold>/operator.key`. */
async function apiKey(flags: ConnectionFlags, io: CliIo): Promise<string> {
  const given = flags.apiKey ?? io.env.LEASEHOLD_API_KEY;
  if (given) return given;
  const path = join(resolve(io.cwd, io.env.LEASEHOLD_DATA_DIR || DEFAULT_DATA_DIR), OPERATOR_KEY_FILE);
  const fromFile = await readFile(path, "utf8").then(
    (text) => text.trim(),
    () => "",
  );
  if (fromFile) return fromFile;
  throw new ApiError(
    "UNAUTHENTICATED",
    `no API key: pass --api-key, set LEASEHOLD_API_KEY, or run the server here once so it writes ${path}`,
  );
}

/** A client for the server named by the flags and environment. */
export async function connect(flags: ConnectionFlags, io: CliIo): Promise<LeaseholdApi> {
  const server = serverUrl(flags, io);
  return cliApi(server, await apiKey(flags, io));
}
