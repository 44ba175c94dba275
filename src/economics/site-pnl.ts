/**
 * A site's monthly P&L: revenue (the leases' schedules, plus the owner's own work on what no lease
 * holds, valued at the shadow price), power, depreciation (straight line over each life, starting
 * with the horizon), other operating costs, operating income, tax, net income and operating cash
 * flow. Every money line is exact micros; the ratios at the end are estimates and say so.
 * @module
 */
import type { EconomicInputs } from "./economic-inputs.js";
import { type Horizon, horizonMonths, hoursInMonth, type LeaseMonths } from "./lease-months.js";
import { energyBasis, facilityKw, powerCostMicros, roundDiv } from "./power-cost.js";

/** Money lines of a period, micros. */
export interface PnlLines {
  leaseRevenueMicros: bigint;
  /** The owner's own work at the shadow price: a value, not cash from a customer. */
  internalValueMicros: bigint;
  revenueMicros: bigint;
  powerMicros: bigint;
  depreciationMicros: bigint;
  otherOpexMicros: bigint;
  operatingIncomeMicros: bigint;
  taxMicros: bigint;
  netIncomeMicros: bigint;
  /** Net income + depreciation: the cash the period brings in before capex. */
  cashFlowMicros: bigint;
  fleetGpuHours: bigint;
  leasedGpuHours: bigint;
  internalGpuHours: bigint;
}

export interface PnlPeriod extends PnlLines {
  /** `YYYY-MM` for a month, `YYYY` for a year, `total` for the horizon. */
  period: string;
}

export interface SitePnl {
  months: PnlPeriod[];
  years: PnlPeriod[];
  total: PnlPeriod;
  itCapexMicros: bigint;
  facilityCapexMicros: bigint;
  facilityKw: bigint;
  /** Capex straight-line over the horizon's months (IT and facility), for the sensitivities. */
  itDepreciationMicros: bigint;
  facilityDepreciationMicros: bigint;
  /** Power if every GPU worked every hour of the horizon, and if every GPU stood idle. */
  powerAllUsedMicros: bigint;
  powerAllIdleMicros: bigint;
  otherOpexFixedMicros: bigint;
}

const ZERO: PnlLines = {
  leaseRevenueMicros: 0n,
  internalValueMicros: 0n,
  revenueMicros: 0n,
  powerMicros: 0n,
  depreciationMicros: 0n,
  otherOpexMicros: 0n,
  operatingIncomeMicros: 0n,
  taxMicros: 0n,
  netIncomeMicros: 0n,
  cashFlowMicros: 0n,
  fleetGpuHours: 0n,
  leasedGpuHours: 0n,
  internalGpuHours: 0n,
};

const LINE_KEYS = Object.keys(ZERO) as Array<keyof PnlLines>;

/** Sums periods into one. */
export function sumLines(period: string, periods: readonly PnlLines[]): PnlPeriod {
  const out: PnlPeriod = { period, ...ZERO };
  for (const p of periods) for (const k of LINE_KEYS) out[k] += p[k];
  return out;
}

/** The k-th of n equal slices of `total` (cumulative rounding down), so the slices add up exactly. */
function slice(total: bigint, k: number, n: bigint): bigint {
  return (total * BigInt(k + 1)) / n - (total * BigInt(k)) / n;
}

/**
 * The site's P&L over `horizon` for a fleet of `gpusByModel`, its leases' revenue per month
 * (`leaseMonths`, see lease-months.ts) and `inputs`. Leased GPU-hours above the fleet's are capped.
 */
export function sitePnl(
  gpusByModel: Readonly<Record<string, number>>,
  inputs: EconomicInputs,
  leases: LeaseMonths,
  horizon: Horizon,
): SitePnl {
  const basis = energyBasis(gpusByModel, inputs);
  const kw = facilityKw(basis, inputs);
  let itCapexMicros = 0n;
  for (const [model, gpus] of Object.entries(gpusByModel))
    itCapexMicros += BigInt(gpus) * (inputs.itCapexMicrosPerGpu[model] ?? 0n);
  const facilityCapexMicros = roundDiv(kw * inputs.facilityCapexMicrosPerMw, 1000n);
  const itMonths = BigInt(inputs.itLifeYears * 12);
  const facilityMonths = BigInt(inputs.facilityLifeYears * 12);
  const shareBps = BigInt(inputs.otherOpexBps);
  const taxBps = BigInt(inputs.taxRateBps);

  const months: PnlPeriod[] = [];
  let itDep = 0n;
  let facilityDep = 0n;
  let powerAllUsed = 0n;
  let powerAllIdle = 0n;
  let fixedOpex = 0n;
  horizonMonths(horizon).forEach((month, i) => {
    const fleetGpuHours = basis.totalGpus * hoursInMonth(month);
    const leasedRaw = leases.gpuHours[i] ?? 0n;
    const leasedGpuHours = leasedRaw > fleetGpuHours ? fleetGpuHours : leasedRaw;
    const internalGpuHours =
      ((fleetGpuHours - leasedGpuHours) * BigInt(inputs.internalUtilisationBps)) / 10_000n;
    const usedGpuHours = leasedGpuHours + internalGpuHours;
    const leaseRevenueMicros = leases.revenueMicros[i] ?? 0n;
    const internalValueMicros = internalGpuHours * inputs.shadowPriceMicrosPerGpuHour;
    const revenueMicros = leaseRevenueMicros + internalValueMicros;
    const powerMicros = powerCostMicros(basis, usedGpuHours, fleetGpuHours - usedGpuHours);
    powerAllUsed += powerCostMicros(basis, fleetGpuHours, 0n);
    powerAllIdle += powerCostMicros(basis, 0n, fleetGpuHours);
    const it = BigInt(i) < itMonths ? slice(itCapexMicros, i, itMonths) : 0n;
    const facility = BigInt(i) < facilityMonths ? slice(facilityCapexMicros, i, facilityMonths) : 0n;
    itDep += it;
    facilityDep += facility;
    const fixed = slice(inputs.otherOpexFixedMicrosPerYear, i % 12, 12n);
    fixedOpex += fixed;
    const otherOpexMicros = roundDiv(revenueMicros * shareBps, 10_000n) + fixed;
    const depreciationMicros = it + facility;
    const operatingIncomeMicros = revenueMicros - powerMicros - depreciationMicros - otherOpexMicros;
    const taxMicros = operatingIncomeMicros > 0n ? roundDiv(operatingIncomeMicros * taxBps, 10_000n) : 0n;
    const netIncomeMicros = operatingIncomeMicros - taxMicros;
    months.push({
      period: month,
      leaseRevenueMicros,
      internalValueMicros,
      revenueMicros,
      powerMicros,
      depreciationMicros,
      otherOpexMicros,
      operatingIncomeMicros,
      taxMicros,
      netIncomeMicros,
      cashFlowMicros: netIncomeMicros + depreciationMicros,
      fleetGpuHours,
      leasedGpuHours,
      internalGpuHours,
    });
  });
  const byYear = new Map<string, PnlPeriod[]>();
  for (const m of months) {
    const year = m.period.slice(0, 4);
    byYear.set(year, [...(byYear.get(year) ?? []), m]);
  }
  return {
    months,
    years: [...byYear.entries()].map(([year, ms]) => sumLines(year, ms)),
    total: sumLines("total", months),
    itCapexMicros,
    facilityCapexMicros,
    facilityKw: kw,
    itDepreciationMicros: itDep,
    facilityDepreciationMicros: facilityDep,
    powerAllUsedMicros: powerAllUsed,
    powerAllIdleMicros: powerAllIdle,
    otherOpexFixedMicros: fixedOpex,
  };
}

/** Cost per GPU-hour of the fleet over a period, micros (rounded half up); null with no GPU-hours. */
export function costPerGpuHour(p: PnlLines, beforeOtherOpex = false): bigint | null {
  if (p.fleetGpuHours === 0n) return null;
  const cost = p.powerMicros + p.depreciationMicros + (beforeOtherOpex ? 0n : p.otherOpexMicros);
  return roundDiv(cost, p.fleetGpuHours);
}

/** Operating margin of a period, an estimate as a ratio (0.61 = 61%); null without revenue. */
export function operatingMargin(p: PnlLines, beforeOtherOpex = false): number | null {
  if (p.revenueMicros === 0n) return null;
  const income = p.operatingIncomeMicros + (beforeOtherOpex ? p.otherOpexMicros : 0n);
  return Number((income * 1_000_000n) / p.revenueMicros) / 1_000_000;
}
