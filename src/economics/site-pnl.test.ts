import { describe, expect, it } from "vitest";
import { companyView } from "./company-view.js";
import { applyOverrides, defaultInputs, type EconomicInputs } from "./economic-inputs.js";
import { wholeFleetLease } from "./economics-fixture.js";
import { leaseMonths } from "./lease-months.js";
import { costPerGpuHour, operatingMargin, sitePnl } from "./site-pnl.js";

const M = 1_000_000n;
const YEAR_2027 = { fromMonth: "2027-01", months: 12 };

/** The seed's site: 220,000 GPUs, 300 MW at $67/MWh, $50k per GPU over 6 years, $10.7M/MW over 10. */
function seedInputs(): EconomicInputs {
  const base = defaultInputs({ pue: 1, electricityPriceMicrosPerMwh: 67n * M, powerKwPerGpu: { X: 1.364 } });
  const { inputs, issues } = applyOverrides(base, { facilityMw: "300" });
  expect(issues).toEqual([]);
  return inputs;
}

const seedLease = wholeFleetLease(
  "X",
  220_000,
  { kind: "monthly_fee", microsPerMonth: 500_000_000n * M },
  "2027-01-01T00:00:00.000Z",
  "2028-01-01T00:00:00.000Z",
);

describe("the seed site", () => {
  const pnl = sitePnl({ X: 220_000 }, seedInputs(), leaseMonths([seedLease], YEAR_2027), YEAR_2027);

  it("220,000 GPUs leased at $6B a year is $3.11 per GPU-hour", () => {
    expect(pnl.total.leaseRevenueMicros).toBe(6_000_000_000n * M);
    expect(pnl.total.leasedGpuHours).toBe(220_000n * 8760n);
    const price = Number(pnl.total.leaseRevenueMicros) / Number(pnl.total.leasedGpuHours) / 1e6;
    expect(price.toFixed(2)).toBe("3.11");
  });

  it("costs about $1.21 per GPU-hour before other opex, a margin of about 61%", () => {
    const cost = Number(costPerGpuHour(pnl.total, true)) / 1e6;
    expect(Math.abs(cost - 1.21) / 1.21).toBeLessThan(0.05);
    expect(operatingMargin(pnl.total, true)).toBeCloseTo(0.61, 2);
  });

  it("$6B a year of lease revenue against a $6B annualised net loss is breakeven", () => {
    const view = companyView(pnl.total.leaseRevenueMicros, seedInputs().annualNetLossMicros);
    expect(view.reachesBreakeven).toBe(true);
    expect(view.surplusMicros).toBe(0n);
    expect(companyView(5_999_999_999n * M, 6_000_000_000n * M).reachesBreakeven).toBe(false);
  });
});

/** 1,000 GPUs of 1 kW at PUE 1.2, $50/MWh, $30k over 5 years, $10M/MW over 10, 10% + $1.2M/yr, 20% tax. */
function smallInputs(extra: Record<string, string> = {}): EconomicInputs {
  const base = defaultInputs({ pue: 1.2, electricityPriceMicrosPerMwh: 50n * M, powerKwPerGpu: { X: 1 } });
  const { inputs, issues } = applyOverrides(base, {
    "itCapexPerGpu.X": "30000",
    facilityCapexPerMw: "10000000",
    itLifeYears: "5",
    facilityLifeYears: "10",
    otherOpexPercent: "10",
    otherOpexFixedPerYear: "1200000",
    taxRatePercent: "20",
    idlePowerPercent: "25",
    ...extra,
  });
  expect(issues).toEqual([]);
  return inputs;
}

const JAN_2027 = { fromMonth: "2027-01", months: 1 };

describe("a month of the P&L, worked by hand", () => {
  it.each([
    {
      name: "1,000 GPUs leased at $2/GPU-hour for January (744 h)",
      leases: [
        wholeFleetLease(
          "X",
          1000,
          { kind: "per_gpu_hour", microsPerGpuHour: 2n * M },
          "2027-01-01T00:00:00.000Z",
          "2027-02-01T00:00:00.000Z",
        ),
      ],
      extra: {} as Record<string, string>,
      // 744,000 h × $2; 1.2 MW × 744 h × $50; $30M/60 + $12M/120; 10% + $100k; 20% tax.
      want: {
        revenue: 1_488_000n,
        power: 44_640n,
        depreciation: 600_000n,
        otherOpex: 248_800n,
        operatingIncome: 594_560n,
        tax: 118_912n,
        cashFlow: 1_075_648n,
      },
    },
    {
      name: "no lease, half the fleet on the owner's work at a $1 shadow price",
      leases: [],
      extra: { internalUtilisationPercent: "50", shadowPricePerGpuHour: "1" },
      // 372,000 h × $1; (372,000 h + 25% × 372,000 h) × 1.2 kW × $50/MWh.
      want: {
        revenue: 372_000n,
        power: 27_900n,
        depreciation: 600_000n,
        otherOpex: 137_200n,
        operatingIncome: -393_100n,
        tax: 0n,
        cashFlow: 206_900n,
      },
    },
  ])("$name", ({ leases, extra, want }) => {
    const pnl = sitePnl({ X: 1000 }, smallInputs(extra), leaseMonths(leases, JAN_2027), JAN_2027);
    const t = pnl.total;
    expect({
      revenue: t.revenueMicros / M,
      power: t.powerMicros / M,
      depreciation: t.depreciationMicros / M,
      otherOpex: t.otherOpexMicros / M,
      operatingIncome: t.operatingIncomeMicros / M,
      tax: t.taxMicros / M,
      cashFlow: t.cashFlowMicros / M,
    }).toEqual(want);
    expect(t.revenueMicros % M).toBe(0n);
  });

  it("depreciation stops at the end of each life and the months add up to the capex", () => {
    const horizon = { fromMonth: "2027-01", months: 12 * 12 };
    const pnl = sitePnl({ X: 1000 }, smallInputs(), leaseMonths([], horizon), horizon);
    expect(pnl.itDepreciationMicros).toBe(pnl.itCapexMicros);
    expect(pnl.facilityDepreciationMicros).toBe(pnl.facilityCapexMicros);
    expect(pnl.months[60]?.depreciationMicros).toBe(100_000n * M);
    expect(pnl.years.map((y) => y.period)).toHaveLength(12);
  });
});

describe("inputs", () => {
  it("an override out of bounds names the input and its bound, and changes nothing", () => {
    const base = smallInputs();
    const { inputs, issues } = applyOverrides(base, { pue: "0.5", nope: "1", itLifeYears: "5" });
    expect(issues.map((i) => i.field)).toEqual(["inputs.pue", "inputs.nope"]);
    expect(issues[0]?.bound).toBe("1.000..3.000");
    expect(inputs.pueMilli).toBe(base.pueMilli);
  });
});
