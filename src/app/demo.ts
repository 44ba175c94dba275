/**
 * The built-in demo: the GPU catalogue every database starts with, and the Colossus-1-like site
 * loaded on a fresh database.
 * @module
 */
import { COLOSSUS_PRESET } from "../fleet/colossus-preset.js";
import { generateFleet } from "../fleet/generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../fleet/gpu-model.js";
import { listSites, upsertGpuModels } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { FleetImports, ImportResult } from "./fleet-import.js";

export class Demo {
  constructor(
    private readonly db: SqlClient,
    private readonly imports: FleetImports,
  ) {}

  /** Makes sure the built-in GPU models are in the catalogue. */
  async seedCatalogue(): Promise<void> {
    await upsertGpuModels(this.db, BUILT_IN_GPU_MODELS, true);
  }

  /** Loads the demo site when the database holds no site yet; returns what it imported, if anything. */
  async loadIfEmpty(): Promise<ImportResult | undefined> {
    if ((await listSites(this.db)).length > 0) return undefined;
    const doc = generateFleet(COLOSSUS_PRESET, catalogueOf(BUILT_IN_GPU_MODELS));
    return this.imports.import(doc, { replace: false, actor: "system:demo" });
  }
}
