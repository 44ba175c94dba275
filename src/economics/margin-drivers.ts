/**
 * A P&L's horizon reduced to the few figures its margin depends on, so a sensitivity or a Monte
 * Carlo sample re-prices it in a handful of float operations instead of re-running the months.
 * Everything here is an estimate (floats), and what it returns is labelled so.
 * @module
 */
import type { EconomicInputs } from "./economic-inputs.js";
import type { SitePnl } from "./site-pnl.js";

export interface MarginDrivers {
  revenueMicros: number;
  /** GPU-hours at work / GPU-hours of the fleet. */
  usedShare: number;
  powerAllUsedMicros: number;
  powerAllIdleMicros: number;
  itCapexMicros: number;
  facilityDepreciationMicros: number;
  otherOpexFixedMicros: number;
  otherOpexShare: number;
  months: number;
  itLifeYears: number;
}

/** What a sample changes: factors on the base (1 = as is), and the IT life in years. */
export interface DriverFactors {
  price: number;
  utilisation: number;
  powerPrice: number;
  capex: number;
  itLifeYears: number;
}

export const BASE_FACTORS = (d: MarginDrivers): DriverFactors => ({
  price: 1,
  utilisation: 1,
  powerPrice: 1,
  capex: 1,
  itLifeYears: d.itLifeYears,
});

export function marginDrivers(pnl: SitePnl, inputs: EconomicInputs): MarginDrivers {
  const t = pnl.total;
  const fleet = Number(t.fleetGpuHours);
  return {
    revenueMicros: Number(t.revenueMicros),
    usedShare: fleet > 0 ? Number(t.leasedGpuHours + t.internalGpuHours) / fleet : 0,
    powerAllUsedMicros: Number(pnl.powerAllUsedMicros),
    powerAllIdleMicros: Number(pnl.powerAllIdleMicros),
    itCapexMicros: Number(pnl.itCapexMicros),
    facilityDepreciationMicros: Number(pnl.facilityDepreciationMicros),
    otherOpexFixedMicros: Number(pnl.otherOpexFixedMicros),
    otherOpexShare: inputs.otherOpexBps / 10_000,
    months: pnl.months.length,
    itLifeYears: inputs.itLifeYears,
  };
}

/** Operating income (estimate, micros) and margin (estimate, ratio; null without revenue) under `f`. */
export function marginWith(
  d: MarginDrivers,
  f: DriverFactors,
): { operatingIncome: number; margin: number | null } {
  const share = Math.min(1, d.usedShare * f.utilisation);
  const volume = d.usedShare > 0 ? share / d.usedShare : 0;
  const revenue = d.revenueMicros * f.price * volume;
  const power = (d.powerAllIdleMicros + (d.powerAllUsedMicros - d.powerAllIdleMicros) * share) * f.powerPrice;
  const lifeMonths = f.itLifeYears * 12;
  const itDep = lifeMonths > 0 ? (d.itCapexMicros * Math.min(d.months, lifeMonths)) / lifeMonths : 0;
  const depreciation = (itDep + d.facilityDepreciationMicros) * f.capex;
  const operatingIncome = revenue * (1 - d.otherOpexShare) - power - depreciation - d.otherOpexFixedMicros;
  return { operatingIncome, margin: revenue > 0 ? operatingIncome / revenue : null };
}
