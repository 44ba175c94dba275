/**
 * The built-in demo: a Colossus-1-like site. More than 220,000 GPUs (~150k H100, ~50k H200, ~20k
 * GB200 in NVL72 racks) drawing about 300 MW; grid and Megapack battery, and gas turbines
 * installed well beyond their permit (~421 MW observed running against ~247 MW permitted).
 * @module
 */
import type { GenerateSpec } from "./generate-fleet.js";

export const COLOSSUS_SITE_NAME = "colossus-1";

export const COLOSSUS_PRESET: GenerateSpec = {
  siteName: COLOSSUS_SITE_NAME,
  kind: "terrestrial",
  location: "Memphis, Tennessee, US",
  pue: 1.15,
  electricityUsdPerMwh: "67.00",
  powerSources: [
    { kind: "grid", installedMw: 150, permittedMw: 150 },
    // ~168 four-hour Megapacks (estimate): storage for ride-through and peaks, not supply.
    { kind: "battery", installedMw: 150, permittedMw: 150, energyMwh: 600 },
    { kind: "gas_turbine", installedMw: 421, permittedMw: 247 },
  ],
  groups: [
    // 37 blocks of 64 racks × 8 nodes × 8 GPUs = 151,552 H100 in halls 1–4.
    { gpuModel: "H100", gpuCount: 151_552, racksPerBlock: 64, blocksPerHall: 10 },
    // 12 blocks = 49,152 H200 in halls 5–6.
    { gpuModel: "H200", gpuCount: 49_152, racksPerBlock: 64, blocksPerHall: 6 },
    // 9 blocks of 32 NVL72 racks (18 trays × 4 GPUs) = 20,736 GB200 in hall 7.
    { gpuModel: "GB200", gpuCount: 20_736, racksPerBlock: 32, blocksPerHall: 9 },
  ],
  unhealthy: { failed: 0.002, degraded: 0.004, maintenance: 0.006 },
  seed: 1,
};
