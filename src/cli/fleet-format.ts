/**
 * Fleet files by extension: `.yaml`/`.yml` are YAML, `.json` is JSON; anything else is a usage error.
 * @module
 */
import { extname } from "node:path";
import { UsageError } from "./cli-errors.js";

export type FleetFormat = "yaml" | "json";

export function fleetFormatOf(path: string): FleetFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  if (ext === ".json") return "json";
  throw new UsageError(
    `fleet file ${path} must end in .yaml, .yml or .json (got "${ext || "no extension"}")`,
  );
}
