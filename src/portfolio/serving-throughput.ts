/**
 * Default serving throughput per accelerator, tokens per second per GPU, for the tenant's unit
 * economics. Estimates: MLPerf Inference (datacenter, Llama-2-70B, offline scenario) where a figure
 * is published; the chips without one are assumed H100-equivalent and say so. Every figure can be
 * overridden per tenant.
 * @module
 */
import { defaultServingRates, MLPERF_LLAMA2_70B_OFFLINE } from "../serving/serving-rates.js";
import { chipKey } from "./deal.js";

export interface ThroughputFigure {
  tokensPerSecondPerGpu: number;
  /** Where the figure comes from; "estimate" when it is an assumption. */
  source: string;
}

/**
 * The medium (70B-class) model's figures of the serving-rate table the usage-limit planner uses
 * too, by GPU model: one table of estimates for the whole product.
 */
export const DEFAULT_THROUGHPUT: Readonly<Record<string, ThroughputFigure>> = Object.fromEntries(
  defaultServingRates()
    .filter((r) => r.modelClass === "medium")
    .map((r) => [
      r.gpuModel.toUpperCase(),
      {
        tokensPerSecondPerGpu: r.outputTokensPerSecondPerGpu,
        source: r.basis === "mlperf" ? `${MLPERF_LLAMA2_70B_OFFLINE.benchmark} (estimate)` : r.note,
      },
    ]),
);

/** For a chip without a figure (TPU, Trainium, …): an H100's, as an estimate. */
export const FALLBACK_THROUGHPUT: ThroughputFigure = {
  tokensPerSecondPerGpu: DEFAULT_THROUGHPUT.H100?.tokensPerSecondPerGpu ?? 0,
  source: "no public MLPerf figure: assumed H100-equivalent (estimate)",
};

/** The figure for `chip`: the tenant's override, else the default, else the fallback. */
export function throughputOf(chip: string, overrides: Readonly<Record<string, number>>): ThroughputFigure {
  const key = chipKey(chip);
  const own = overrides[key];
  if (own !== undefined) return { tokensPerSecondPerGpu: own, source: "set by the tenant" };
  return DEFAULT_THROUGHPUT[key] ?? FALLBACK_THROUGHPUT;
}
