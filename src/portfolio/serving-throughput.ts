/**
 * Default serving throughput per accelerator, tokens per second per GPU, for the tenant's unit
 * economics. Estimates: MLPerf Inference (datacenter, Llama-2-70B, offline scenario) where a figure
 * is published; the chips without one are assumed H100-equivalent and say so. Every figure can be
 * overridden per tenant.
 * @module
 */
import { chipKey } from "./deal.js";

export interface ThroughputFigure {
  tokensPerSecondPerGpu: number;
  /** Where the figure comes from; "estimate" when it is an assumption. */
  source: string;
}

const MLPERF = "MLPerf Inference, Llama-2-70B offline (estimate)";

/** Tokens per second per GPU by chip key (see `chipKey`). */
export const DEFAULT_THROUGHPUT: Readonly<Record<string, ThroughputFigure>> = {
  H100: { tokensPerSecondPerGpu: 3_066, source: MLPERF },
  H200: { tokensPerSecondPerGpu: 3_913, source: MLPERF },
  B200: { tokensPerSecondPerGpu: 11_264, source: MLPERF },
  GB200: { tokensPerSecondPerGpu: 11_264, source: "assumed equal to B200 (estimate)" },
};

/** For a chip without a figure (TPU, Trainium, …): an H100's, as an estimate. */
export const FALLBACK_THROUGHPUT: ThroughputFigure = {
  tokensPerSecondPerGpu: 3_066,
  source: "no public MLPerf figure: assumed H100-equivalent (estimate)",
};

/** The figure for `chip`: the tenant's override, else the default, else the fallback. */
export function throughputOf(chip: string, overrides: Readonly<Record<string, number>>): ThroughputFigure {
  const key = chipKey(chip);
  const own = overrides[key];
  if (own !== undefined) return { tokensPerSecondPerGpu: own, source: "set by the tenant" };
  return DEFAULT_THROUGHPUT[key] ?? FALLBACK_THROUGHPUT;
}
