/**
 * A Monte Carlo over the drivers' ranges: each sample draws every driver uniformly in its range
 * from a seeded generator (the same seed, the same answer), re-prices the margin, and the run
 * reports percentiles of the operating income and margin, the probability that the site breaks
 * even (operating income ≥ 0), and a histogram of the margin. All figures are estimates.
 * @module
 */
import { prng } from "../shared/prng.js";
import { type MarginDrivers, marginWith } from "./margin-drivers.js";
import { DEFAULT_RANGES, DRIVERS, type DriverRanges } from "./tornado.js";

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface HistogramBin {
  /** The bin's lower edge (margin ratio); the bin runs to the next one's. */
  from: number;
  to: number;
  samples: number;
}

export interface MonteCarloResult {
  samples: number;
  seed: number;
  operatingIncomeMicros: Percentiles;
  margin: Percentiles;
  breakevenProbability: number;
  histogram: HistogramBin[];
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

export function monteCarlo(
  d: MarginDrivers,
  options: { samples: number; seed: number; ranges?: DriverRanges; bins?: number },
): MonteCarloResult {
  const ranges = options.ranges ?? DEFAULT_RANGES;
  const next = prng(options.seed);
  const n = options.samples;
  const incomes = new Float64Array(n);
  const margins = new Float64Array(n);
  let breakeven = 0;
  const factors = { price: 1, utilisation: 1, powerPrice: 1, capex: 1, itLifeYears: d.itLifeYears };
  for (let i = 0; i < n; i++) {
    for (const k of DRIVERS) factors[k] = ranges[k].low + (ranges[k].high - ranges[k].low) * next();
    const r = marginWith(d, factors);
    incomes[i] = r.operatingIncome;
    margins[i] = r.margin ?? 0;
    if (r.operatingIncome >= 0) breakeven++;
  }
  incomes.sort();
  margins.sort();
  const binCount = options.bins ?? 20;
  const lo = margins[0] ?? 0;
  const hi = margins[n - 1] ?? 0;
  const width = hi > lo ? (hi - lo) / binCount : 1;
  const counts = new Array<number>(binCount).fill(0);
  for (const m of margins) {
    const bin = Math.min(binCount - 1, Math.floor((m - lo) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return {
    samples: n,
    seed: options.seed,
    operatingIncomeMicros: {
      p10: quantile(incomes, 0.1),
      p50: quantile(incomes, 0.5),
      p90: quantile(incomes, 0.9),
    },
    margin: { p10: quantile(margins, 0.1), p50: quantile(margins, 0.5), p90: quantile(margins, 0.9) },
    breakevenProbability: n > 0 ? breakeven / n : 0,
    histogram: counts.map((samples, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, samples })),
  };
}
