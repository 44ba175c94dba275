/**
 * A tenant's serving profile: how its leased GPUs turn into serving capacity (rates per GPU model
 * and model class, over the defaults), how much of that capacity the planner may fill (the
 * target utilisation), how demand swings over the day (peak-to-average by hour, UTC), what an
 * input token costs against an output token, and whether a computed limit set waits for approval.
 * @module
 */
import { z } from "zod";
import { validationError } from "../shared/errors.js";
import { toFieldIssues } from "../shared/zod-issues.js";

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export interface RateOverride {
  gpuModel: string;
  modelClass: string;
  outputTokensPerSecondPerGpu: number;
}

export interface OtherGpus {
  gpuModel: string;
  gpus: number;
}

export interface ServingProfile {
  /** The share of live capacity projected peak demand may use, in (0, 1]: 0.8 leaves 20% headroom. */
  targetUtilisation: number;
  /**
   * Demand in each hour of the day (UTC, index 0–23) over the day's average: 1.4 at the busiest
   * hour means 40% more than average then. The planner sizes limits for the busiest hour.
   */
  peakToAverageByHourUtc: number[];
  /** What serving one input token costs in output tokens (prefill is cheaper than decoding), in [0, 1]. */
  inputTokenCost: number;
  /** The tenant's own throughput figures, over the defaults. */
  rates: RateOverride[];
  /**
   * GPUs the tenant serves from outside Leasehold (another provider, its own clusters), counted
   * as live beside its leases here.
   */
  otherGpus: OtherGpus[];
  /** When true, a set computed after a capacity change waits as a draft until someone publishes it. */
  requireApproval: boolean;
}

/**
 * A working day's shape (UTC): quiet at night, a shoulder at 11–12 and 19–20, busiest 13–18
 * (North American and European working hours overlap). Averages 1.0 over the day. An estimate.
 */
export const DEFAULT_PEAK_TO_AVERAGE: readonly number[] = [
  0.75, 0.7, 0.65, 0.6, 0.6, 0.65, 0.75, 0.85, 0.95, 1.0, 1.05, 1.15, 1.2, 1.3, 1.3, 1.3, 1.3, 1.3, 1.3, 1.2,
  1.15, 1.05, 0.95, 0.85,
];

export const DEFAULT_SERVING_PROFILE: ServingProfile = {
  targetUtilisation: 0.8,
  peakToAverageByHourUtc: [...DEFAULT_PEAK_TO_AVERAGE],
  inputTokenCost: 0.25,
  rates: [],
  otherGpus: [],
  requireApproval: false,
};

export const RateOverrideSchema = z.strictObject({
  gpuModel: z.string().min(1).max(64),
  modelClass: z.string().regex(NAME_PATTERN),
  outputTokensPerSecondPerGpu: z.number().positive().max(10_000_000),
});

export const ServingProfileSchema = z.strictObject({
  targetUtilisation: z.number().gt(0).max(1),
  peakToAverageByHourUtc: z.array(z.number().gt(0).max(24)).length(24),
  inputTokenCost: z.number().min(0).max(1),
  rates: z.array(RateOverrideSchema).max(1000),
  otherGpus: z
    .array(
      z.strictObject({ gpuModel: z.string().min(1).max(64), gpus: z.number().int().min(0).max(100_000_000) }),
    )
    .max(100),
  requireApproval: z.boolean(),
});

/** A profile as sent: any field left out keeps its default. */
export const ServingProfileInputSchema = ServingProfileSchema.partial();

/** Parses a profile from a request; any field left out takes the default. Bad fields name their bound. */
export function parseServingProfile(raw: unknown): ServingProfile {
  const parsed = ServingProfileInputSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw validationError(toFieldIssues(parsed.error, [], raw));
  const profile = { ...DEFAULT_SERVING_PROFILE, ...dropUndefined(parsed.data) };
  const seen = new Set<string>();
  profile.rates.forEach((r, i) => {
    const key = `${r.gpuModel.toUpperCase()}/${r.modelClass}`;
    if (seen.has(key))
      throw validationError([
        {
          field: `rates[${i}]`,
          message: `rates[${i}] repeats ${r.gpuModel} on ${r.modelClass}`,
          bound: "one rate per GPU model and class",
        },
      ]);
    seen.add(key);
  });
  return profile;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
