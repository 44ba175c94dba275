/**
 * The tenant's unit economics: the GPUs it holds (its leases in this system, plus its portfolio's
 * live deals) → serving capacity (tokens per second per GPU × the served models' throughput
 * relative to the benchmark × utilisation) × a blended price per million tokens → the annual
 * revenue that capacity can serve, against what the compute costs a year. The "$5B of compute
 * spend becomes ~$15B of ARR" reading, with every input visible. Money is exact micros, computed
 * from integer inputs; the revenue is still an estimate, because its inputs are.
 * @module
 */
import { chipKey } from "./deal.js";
import { type ThroughputFigure, throughputOf } from "./serving-throughput.js";

export const SECONDS_PER_YEAR = 31_536_000n;

export interface UnitEconomicsInputs {
  /** Share of the serving capacity sold, basis points (5,000 = 50%). */
  utilisationBps: number;
  /**
   * Throughput of the models actually served relative to the benchmark model (Llama-2-70B), basis
   * points: frontier models are larger and serve fewer tokens per GPU.
   */
  servedModelThroughputBps: number;
  /** Blended (input and output) price per million tokens, micro-dollars. */
  priceMicrosPerMillionTokens: bigint;
  /** Tokens per second per GPU by chip key, overriding the defaults. */
  tokensPerSecondPerGpu: Record<string, number>;
  /** What compute costs a year, when the tenant sets it; else from the leases and deals. */
  annualComputeSpendMicros: bigint | null;
}

/**
 * The defaults: half of the capacity sold, the served mix at 16.9% of the benchmark's throughput,
 * $10 per million tokens blended. Estimates, chosen so that compute bought at ~$3.11 per H100-hour
 * serves about three times its cost a year, as the reference reading ($5B → ~$15B) has it.
 */
export const DEFAULT_UNIT_INPUTS: UnitEconomicsInputs = {
  utilisationBps: 5_000,
  servedModelThroughputBps: 1_690,
  priceMicrosPerMillionTokens: 10_000_000n,
  tokensPerSecondPerGpu: {},
  annualComputeSpendMicros: null,
};

/** GPUs of one chip, where they come from. */
export interface GpuHolding {
  chip: string;
  gpus: number;
  from: "lease" | "deal";
}

export interface CapacityRow extends ThroughputFigure {
  chip: string;
  gpus: number;
  fromLeases: number;
  fromDeals: number;
  /** gpus × tokens per second per GPU, before the served-model factor and utilisation. */
  benchmarkTokensPerSecond: number;
}

export interface UnitEconomics {
  rows: CapacityRow[];
  gpus: { fromLeases: number; fromDeals: number; total: number };
  /** Tokens per second the tenant can serve and sell (estimate). */
  servedTokensPerSecond: number;
  /** Tokens sold a year (estimate), whole tokens. */
  tokensPerYear: bigint;
  /** The annual revenue that capacity can serve (estimate), micro-dollars. */
  annualRevenueMicros: bigint;
  annualComputeSpendMicros: bigint;
  /** Where the annual spend comes from. */
  spendFrom: "set by the tenant" | "leases and deals";
  /** Revenue less compute spend, micro-dollars (estimate). */
  annualMarginMicros: bigint;
  /** Revenue per dollar of compute spend (estimate); null when nothing is spent. */
  revenueToSpend: number | null;
}

/** Rounds a non-negative n/d to the nearest integer, halves up. */
function roundDiv(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * The unit economics of `holdings` under `inputs`; `spendMicros` is what the leases and deals cost
 * a year, used unless the inputs set the spend.
 */
export function unitEconomics(
  holdings: readonly GpuHolding[],
  spendMicros: bigint,
  inputs: UnitEconomicsInputs,
): UnitEconomics {
  const byChip = new Map<string, { chip: string; fromLeases: number; fromDeals: number }>();
  for (const h of holdings) {
    const key = chipKey(h.chip);
    const row = byChip.get(key) ?? { chip: key, fromLeases: 0, fromDeals: 0 };
    if (h.from === "lease") row.fromLeases += h.gpus;
    else row.fromDeals += h.gpus;
    byChip.set(key, row);
  }
  let benchmarkTokensPerSecond = 0n;
  const rows: CapacityRow[] = [...byChip.values()]
    .map((r) => {
      const figure = throughputOf(r.chip, inputs.tokensPerSecondPerGpu);
      const gpus = r.fromLeases + r.fromDeals;
      const tps = BigInt(gpus) * BigInt(figure.tokensPerSecondPerGpu);
      benchmarkTokensPerSecond += tps;
      return { ...r, gpus, ...figure, benchmarkTokensPerSecond: Number(tps) };
    })
    .sort((a, b) => b.gpus - a.gpus || a.chip.localeCompare(b.chip));
  const factor = BigInt(inputs.servedModelThroughputBps) * BigInt(inputs.utilisationBps);
  const bps2 = 100_000_000n;
  const tokenSecondsPerYear = benchmarkTokensPerSecond * SECONDS_PER_YEAR * factor;
  const tokensPerYear = roundDiv(tokenSecondsPerYear, bps2);
  const annualRevenueMicros = roundDiv(
    tokenSecondsPerYear * inputs.priceMicrosPerMillionTokens,
    bps2 * 1_000_000n,
  );
  const annualComputeSpendMicros = inputs.annualComputeSpendMicros ?? spendMicros;
  const fromLeases = rows.reduce((s, r) => s + r.fromLeases, 0);
  const fromDeals = rows.reduce((s, r) => s + r.fromDeals, 0);
  return {
    rows,
    gpus: { fromLeases, fromDeals, total: fromLeases + fromDeals },
    servedTokensPerSecond: Number(benchmarkTokensPerSecond * factor) / Number(bps2),
    tokensPerYear,
    annualRevenueMicros,
    annualComputeSpendMicros,
    spendFrom: inputs.annualComputeSpendMicros === null ? "leases and deals" : "set by the tenant",
    annualMarginMicros: annualRevenueMicros - annualComputeSpendMicros,
    revenueToSpend:
      annualComputeSpendMicros > 0n
        ? Math.round((Number(annualRevenueMicros) / Number(annualComputeSpendMicros)) * 1000) / 1000
        : null,
  };
}
