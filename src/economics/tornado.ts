/**
 * The tornado: the operating margin with one driver at its low and at its high end and the rest
 * as they are, widest swing first. Margins are estimates.
 * @module
 */
import { BASE_FACTORS, type DriverFactors, type MarginDrivers, marginWith } from "./margin-drivers.js";

export const DRIVERS = ["price", "utilisation", "powerPrice", "capex", "itLifeYears"] as const;
export type Driver = (typeof DRIVERS)[number];

/** A driver's range: factors on the base, except `itLifeYears`, which is in years. */
export type DriverRanges = Record<Driver, { low: number; high: number }>;

/** Defaults: ±20% price and capex, −20%/+10% use, ±25% power price, 4–6 year IT life (the practice). */
export const DEFAULT_RANGES: DriverRanges = {
  price: { low: 0.8, high: 1.2 },
  utilisation: { low: 0.8, high: 1.1 },
  powerPrice: { low: 0.75, high: 1.25 },
  capex: { low: 0.8, high: 1.2 },
  itLifeYears: { low: 4, high: 6 },
};

export interface TornadoBar {
  driver: Driver;
  low: number;
  high: number;
  /** Margin estimates with the driver at its low and at its high end. */
  marginAtLow: number | null;
  marginAtHigh: number | null;
  /** |marginAtHigh − marginAtLow|. */
  swing: number;
}

export function tornado(
  d: MarginDrivers,
  ranges: DriverRanges = DEFAULT_RANGES,
): { baseMargin: number | null; bars: TornadoBar[] } {
  const base = BASE_FACTORS(d);
  const bars = DRIVERS.map((driver) => {
    const { low, high } = ranges[driver];
    const at = (v: number) => marginWith(d, { ...base, [driver]: v } as DriverFactors).margin;
    const marginAtLow = at(low);
    const marginAtHigh = at(high);
    return {
      driver,
      low,
      high,
      marginAtLow,
      marginAtHigh,
      swing: Math.abs((marginAtHigh ?? 0) - (marginAtLow ?? 0)),
    };
  });
  bars.sort((a, b) => b.swing - a.swing);
  return { baseMargin: marginWith(d, base).margin, bars };
}
