/**
 * Serving throughput: output tokens per second one GPU sustains, by GPU model and model class.
 * The defaults are estimates built from public MLPerf Inference figures (Llama-2-70B, offline
 * scenario, tokens/s per GPU); a tenant overrides any of them with its own measurements. The
 * planner turns leased GPUs into serving capacity with this table; other parts of the product
 * (economics, portfolio) may read it too.
 * @module
 */

/**
 * A model class: a size band of served models, named by the tenant's plans. The defaults cover
 * three bands; a tenant may name others and give their rates.
 */
export const DEFAULT_MODEL_CLASSES = ["large", "medium", "small"] as const;

/** Where a default figure comes from, so a reader can check it (and knows it is an estimate). */
export interface RateSource {
  /** What was measured: benchmark, model, scenario. */
  benchmark: string;
  /** Who published it and where. */
  publisher: string;
}

/** One row of the table: an estimate, never a promise. */
export interface ServingRate {
  gpuModel: string;
  modelClass: string;
  /** Output tokens per second per GPU at full load (an estimate). */
  outputTokensPerSecondPerGpu: number;
  /** `mlperf` for a published figure, `derived` for one scaled from it, `tenant` for an override. */
  basis: "mlperf" | "derived" | "tenant";
  note: string;
}

export const MLPERF_LLAMA2_70B_OFFLINE: RateSource = {
  benchmark: "MLPerf Inference, Llama-2-70B, offline scenario (tokens/s per GPU)",
  publisher: "MLCommons inference results (v4.1–v5.0), as quoted by NVIDIA",
};

/** Published Llama-2-70B offline figures, tokens/s per GPU: the `medium` class's defaults. */
const MEDIUM_CLASS_MLPERF: Readonly<Record<string, number>> = { H100: 3066, H200: 3913, B200: 11264 };

/**
 * GPU models without a figure of their own in the sources, and the published model each is
 * assumed to match (GB200 is the B200's Blackwell die with a Grace CPU; the estimate ignores
 * the NVLink-72 fabric's gain, so it errs low).
 */
const ASSUMED_LIKE: Readonly<Record<string, string>> = { GB200: "B200" };

/**
 * Other classes relative to `medium` (70B parameters), scaled by active parameters served per
 * token: `large` ≈ a 400B-class model (~0.18×), `small` ≈ an 8B-class model (4× rather than the
 * naive 8.75×: small models are bound by memory bandwidth and batching, not FLOPs). Estimates.
 */
const CLASS_FACTOR: Readonly<Record<(typeof DEFAULT_MODEL_CLASSES)[number], number>> = {
  large: 0.18,
  medium: 1,
  small: 4,
};

/** The default table: every (GPU model, class) the product has a figure or an estimate for. */
export function defaultServingRates(): ServingRate[] {
  const rates: ServingRate[] = [];
  const models = [...Object.keys(MEDIUM_CLASS_MLPERF), ...Object.keys(ASSUMED_LIKE)];
  for (const gpuModel of models) {
    const like = ASSUMED_LIKE[gpuModel];
    const medium = MEDIUM_CLASS_MLPERF[like ?? gpuModel];
    if (medium === undefined) continue;
    for (const modelClass of DEFAULT_MODEL_CLASSES) {
      const factor = CLASS_FACTOR[modelClass];
      const published = modelClass === "medium" && !like;
      const from = like ? `${like}'s figure (no ${gpuModel} figure in the sources)` : "the published figure";
      rates.push({
        gpuModel,
        modelClass,
        outputTokensPerSecondPerGpu: Math.round(medium * factor),
        basis: published ? "mlperf" : "derived",
        note: published
          ? `${MLPERF_LLAMA2_70B_OFFLINE.benchmark}: ${medium}`
          : `estimate: ${factor}× ${from} for Llama-2-70B offline (${medium} tokens/s)`,
      });
    }
  }
  return rates;
}

/** A lookup of rates: `rateOf(gpuModel, modelClass)` in output tokens/s per GPU, 0 when unknown. */
export type RateTable = (gpuModel: string, modelClass: string) => number;

/**
 * The rates in force for a tenant: its overrides over the defaults, matched by GPU model (any
 * case) and class. A pair with neither a default nor an override serves nothing (0).
 */
export function rateTable(
  overrides: ReadonlyArray<Pick<ServingRate, "gpuModel" | "modelClass" | "outputTokensPerSecondPerGpu">>,
  defaults: ReadonlyArray<ServingRate> = defaultServingRates(),
): RateTable {
  const key = (gpuModel: string, modelClass: string) => `${gpuModel.toUpperCase()}\u0000${modelClass}`;
  const table = new Map<string, number>();
  for (const r of defaults) table.set(key(r.gpuModel, r.modelClass), r.outputTokensPerSecondPerGpu);
  for (const r of overrides) table.set(key(r.gpuModel, r.modelClass), r.outputTokensPerSecondPerGpu);
  return (gpuModel, modelClass) => table.get(key(gpuModel, modelClass)) ?? 0;
}
