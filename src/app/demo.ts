/**
 * The built-in demo: loads the Colossus-1-like site on a fresh database.
 * @module
 */
import { COLOSSUS_PRESET } from "../fleet/colossus-preset.js";
import { generateFleet } from "../fleet/generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../fleet/gpu-model.js";
import { listSites, upsertGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { type ImportResult, importFleet } from "./fleet-import.js";

/** Makes sure the built-in GPU models are in the catalogue. */
export async function seedCatalogue(db: SqlClient): Promise<void> {
  await upsertGpuModels(db, BUILT_IN_GPU_MODELS, true);
}

/** Loads the demo site when the database holds no site yet; returns what it imported, if anything. */
export async function loadDemoIfEmpty(db: SqlClient): Promise<ImportResult | undefined> {
  if ((await listSites(db)).length > 0) return undefined;
  const doc = generateFleet(COLOSSUS_PRESET, catalogueOf(BUILT_IN_GPU_MODELS));
  return importFleet(db, doc, { replace: false, actor: "system:demo" });
}
