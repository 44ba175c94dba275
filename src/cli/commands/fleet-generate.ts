/**
 * `leasehold fleet generate`: an offline synthetic fleet (the Colossus preset or a site from
 * flags), checked with the import rules and written as YAML/JSON, or JSON on stdout.
 * @module
 */
import { validateFleetDocument } from "../../fleet/fleet-document.js";
import { generateFleet } from "../../fleet/generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../../fleet/gpu-model.js";
import type { CommandContext } from "../context.js";
import { fleetFormatOf } from "../fleet-format.js";
import { type GenerateFlags, generateSpecOf } from "../generate-spec.js";
import { outputFleet } from "./fleet-output.js";

export async function generateFleetFile(ctx: CommandContext, flags: GenerateFlags & { file?: string }) {
  const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);
  const spec = generateSpecOf(flags, catalogue);
  if (flags.file !== undefined) fleetFormatOf(flags.file);
  const doc = generateFleet(spec, catalogue);
  validateFleetDocument(doc, catalogue);
  await outputFleet(ctx, doc, flags.file);
}
