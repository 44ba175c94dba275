/**
 * Lease request files: YAML (`.yaml`, `.yml`) or JSON (`.json`), read for `leases create -f` and
 * `leases quote -f`, written by `leases template -f`.
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { LeaseRequest } from "../contract/generated/api.js";
import { ApiError, UsageError } from "./cli-errors.js";

type LeaseFileFormat = "yaml" | "json";

function formatOf(path: string): LeaseFileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  if (ext === ".json") return "json";
  throw new UsageError(
    `lease file ${path} must end in .yaml, .yml or .json (got "${ext || "no extension"}")`,
  );
}

/**
 * The file's document as is, sent as the request it should be: the server validates it and names
 * every field it rejects.
 */
export async function readLeaseFile(path: string, shownAs: string): Promise<LeaseRequest> {
  const format = formatOf(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : String(error);
    throw new Error(`cannot read lease file ${shownAs}: ${reason}`);
  }
  try {
    return (format === "yaml" ? parseYaml(text) : JSON.parse(text)) as LeaseRequest;
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "parse error";
    throw new ApiError("MALFORMED_JSON", `${shownAs} is not valid ${format.toUpperCase()}: ${detail}`, {
      issues: [{ field: "(file)", message: detail, bound: format.toUpperCase() }],
    });
  }
}

export async function writeLeaseFile(path: string, request: LeaseRequest): Promise<void> {
  const text = formatOf(path) === "yaml" ? stringifyYaml(request) : `${JSON.stringify(request, null, 2)}\n`;
  await writeFile(path, text, "utf8");
}
