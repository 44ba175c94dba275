import { describe, expect, it } from "vitest";
import { BASE_FACTORS, type MarginDrivers, marginWith } from "./margin-drivers.js";
import { monteCarlo } from "./monte-carlo.js";
import { tornado } from "./tornado.js";

/** $100 of revenue, all GPUs at work; power $10 (idle $3), capex $240 over 4 of 24 months' life, fixed $5. */
const drivers: MarginDrivers = {
  revenueMicros: 100,
  usedShare: 1,
  powerAllUsedMicros: 10,
  powerAllIdleMicros: 3,
  itCapexMicros: 240,
  facilityDepreciationMicros: 5,
  otherOpexFixedMicros: 5,
  otherOpexShare: 0.1,
  months: 4,
  itLifeYears: 2,
};

describe("margin drivers", () => {
  it("re-prices the base as the P&L had it: 100 × 0.9 − 10 − 40 − 5 − 5 = 30", () => {
    expect(marginWith(drivers, BASE_FACTORS(drivers))).toEqual({ operatingIncome: 30, margin: 0.3 });
  });

  it("a shorter IT life depreciates faster: 1 year → 240 × 4/12 = 80", () => {
    expect(marginWith(drivers, { ...BASE_FACTORS(drivers), itLifeYears: 1 }).operatingIncome).toBeCloseTo(
      -10,
      9,
    );
  });
});

describe("tornado", () => {
  it("puts the widest swing first and the base margin in the middle of each bar", () => {
    const { baseMargin, bars } = tornado(drivers);
    expect(baseMargin).toBe(0.3);
    expect(bars[0]?.driver).toBe("price");
    for (let i = 1; i < bars.length; i++)
      expect(bars[i - 1]?.swing).toBeGreaterThanOrEqual(bars[i]?.swing ?? 0);
  });
});

describe("Monte Carlo", () => {
  it("gives the same answer for the same seed and ordered percentiles", () => {
    const a = monteCarlo(drivers, { samples: 2000, seed: 7 });
    const b = monteCarlo(drivers, { samples: 2000, seed: 7 });
    expect(a).toEqual(b);
    expect(a.margin.p10).toBeLessThanOrEqual(a.margin.p50);
    expect(a.margin.p50).toBeLessThanOrEqual(a.margin.p90);
    expect(a.histogram.reduce((n, bin) => n + bin.samples, 0)).toBe(2000);
  });

  it("a site far above breakeven breaks even in every sample, one far below in none", () => {
    expect(
      monteCarlo({ ...drivers, revenueMicros: 10_000 }, { samples: 500, seed: 1 }).breakevenProbability,
    ).toBe(1);
    expect(monteCarlo({ ...drivers, revenueMicros: 1 }, { samples: 500, seed: 1 }).breakevenProbability).toBe(
      0,
    );
  });
});
