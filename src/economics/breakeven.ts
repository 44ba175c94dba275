/**
 * Breakeven over a P&L's horizon: the price per GPU-hour at which revenue covers every cost at a
 * given utilisation, and the utilisation at which a given price does. Costs: depreciation and
 * fixed opex whatever the use, power by use (idle GPUs draw a share), other opex as a share of
 * revenue. The price is exact (rounded up to the micro); the utilisation is an estimate.
 * @module
 */
import type { SitePnl } from "./site-pnl.js";

/** The costs breakeven weighs, over a horizon, micros. */
export interface BreakevenBasis {
  fleetGpuHours: bigint;
  /** Depreciation + fixed opex. */
  fixedMicros: bigint;
  powerAllUsedMicros: bigint;
  powerAllIdleMicros: bigint;
  /** Other opex as a share of revenue, basis points. */
  otherOpexBps: bigint;
}

export function breakevenBasis(pnl: SitePnl, otherOpexBps: number): BreakevenBasis {
  return {
    fleetGpuHours: pnl.total.fleetGpuHours,
    fixedMicros: pnl.total.depreciationMicros + pnl.otherOpexFixedMicros,
    powerAllUsedMicros: pnl.powerAllUsedMicros,
    powerAllIdleMicros: pnl.powerAllIdleMicros,
    otherOpexBps: BigInt(otherOpexBps),
  };
}

/** GPU-hours sold at utilisation `bps` (floor). */
export function volumeAt(b: BreakevenBasis, utilisationBps: number): bigint {
  return (b.fleetGpuHours * BigInt(utilisationBps)) / 10_000n;
}

/** Costs other than the revenue share at utilisation `bps`, micros (power interpolated, rounded down). */
export function costsAt(b: BreakevenBasis, utilisationBps: number): bigint {
  const u = BigInt(utilisationBps);
  const power = (b.powerAllUsedMicros * u + b.powerAllIdleMicros * (10_000n - u)) / 10_000n;
  return b.fixedMicros + power;
}

/**
 * The least price (micros per GPU-hour) whose revenue at utilisation `bps` covers the costs there
 * and its own revenue share; null when nothing is sold or the revenue share is 100%.
 */
export function breakevenPrice(b: BreakevenBasis, utilisationBps: number): bigint | null {
  const volume = volumeAt(b, utilisationBps);
  const keep = 10_000n - b.otherOpexBps;
  if (volume === 0n || keep <= 0n) return null;
  // p × V × keep / 10000 >= C  →  p = ceil(C × 10000 / (V × keep)).
  const numerator = costsAt(b, utilisationBps) * 10_000n;
  const denominator = volume * keep;
  return (numerator + denominator - 1n) / denominator;
}

/**
 * The utilisation (an estimate, 0..1) at which `priceMicrosPerGpuHour` covers the costs; null when
 * even full use does not (or the revenue share is 100%).
 */
export function breakevenUtilisation(b: BreakevenBasis, priceMicrosPerGpuHour: bigint): number | null {
  const keep = Number(10_000n - b.otherOpexBps) / 10_000;
  const marginPerUnit =
    Number(priceMicrosPerGpuHour) * Number(b.fleetGpuHours) * keep -
    Number(b.powerAllUsedMicros - b.powerAllIdleMicros);
  if (marginPerUnit <= 0) return null;
  const u = Number(b.fixedMicros + b.powerAllIdleMicros) / marginPerUnit;
  return u <= 1 ? u : null;
}
