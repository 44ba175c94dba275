/**
 * The GPU model catalogue: what a node of each model holds and draws. Built-in models cover the
 * hardware in the product's facts; an import file may add more.
 * @module
 */

export interface GpuModel {
  /** Catalogue key, e.g. `H100`. */
  name: string;
  vendor: string;
  memoryGb: number;
  /**
   * IT power per GPU in kW, all-in: the GPU plus its share of host CPU, memory, NICs and fabric.
   * Facility draw is this × the site's PUE.
   */
  powerKwPerGpu: number;
  /** GPUs in one schedulable node (an HGX board, or one GB200 NVL72 compute tray). */
  gpusPerNode: number;
  /** Nodes in one rack when the generator lays out a fleet (NVL72 = 18 trays of 4 GPUs). */
  nodesPerRack: number;
  /** Serving throughput per GPU in tokens/s (MLPerf Llama-2-70B offline); null when unpublished. */
  servingTokensPerSecondPerGpu: number | null;
}

/** Built-in models. Figures are public 2025–2026 readings; power is an all-in estimate. */
export const BUILT_IN_GPU_MODELS: readonly GpuModel[] = [
  {
    name: "H100",
    vendor: "NVIDIA",
    memoryGb: 80,
    powerKwPerGpu: 1.1,
    gpusPerNode: 8,
    nodesPerRack: 8,
    servingTokensPerSecondPerGpu: 3066,
  },
  {
    name: "H200",
    vendor: "NVIDIA",
    memoryGb: 141,
    powerKwPerGpu: 1.15,
    gpusPerNode: 8,
    nodesPerRack: 8,
    servingTokensPerSecondPerGpu: 3913,
  },
  {
    name: "B200",
    vendor: "NVIDIA",
    memoryGb: 180,
    powerKwPerGpu: 1.8,
    gpusPerNode: 8,
    nodesPerRack: 4,
    servingTokensPerSecondPerGpu: 11264,
  },
  {
    name: "GB200",
    vendor: "NVIDIA",
    memoryGb: 186,
    powerKwPerGpu: 1.8,
    gpusPerNode: 4,
    nodesPerRack: 18,
    servingTokensPerSecondPerGpu: null,
  },
];

/** A catalogue lookup by model name. */
export type GpuCatalogue = ReadonlyMap<string, GpuModel>;

export function catalogueOf(models: Iterable<GpuModel>): GpuCatalogue {
  return new Map([...models].map((m) => [m.name, m]));
}
