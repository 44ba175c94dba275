import { describe, expect, it } from "vitest";
import type { LeaseTerms } from "../leasing/lease.js";
import { HOUR_MS, monthPeriod } from "../metering/usage-period.js";
import { roundToCents } from "./cents.js";
import { totalOf } from "./invoice-line.js";
import { monthInvoice } from "./month-invoice.js";

const M = 1_000_000n;
const april = monthPeriod("2027-04");

/** H100 delivered at `gpus` every hour of April. */
function flat(gpus: number) {
  return new Map([["H100", new Float64Array(april.hours).fill(gpus * HOUR_MS)]]);
}

const base: Pick<LeaseTerms, "lines" | "tranches" | "endsAt" | "rampDiscounts" | "commitment" | "sla"> = {
  lines: [
    {
      key: "h100",
      gpuModel: "H100",
      gpuCount: 1000,
      price: { kind: "per_gpu_hour", microsPerGpuHour: 3_110_000n },
    },
  ],
  tranches: [{ key: "t1", startsAt: "2027-01-01T00:00:00.000Z", gpusByLine: { h100: 1000 } }],
  endsAt: "2028-01-01T00:00:00.000Z",
  rampDiscounts: [],
  commitment: null,
  sla: null,
};

const fee = (micros: bigint): Pick<LeaseTerms, "lines"> => ({
  lines: [
    { key: "h100", gpuModel: "H100", gpuCount: 1000, price: { kind: "monthly_fee", microsPerMonth: micros } },
  ],
});

describe("a month's invoice", () => {
  it("bills delivered GPU-hours at the line's price", () => {
    const lines = monthInvoice({
      terms: base,
      month: "2027-04",
      delivered: flat(1000),
      availabilityBps: 10_000,
      power: null,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      kind: "gpu_hours",
      quantity: "720000.000",
      amountMicros: 720_000n * 3_110_000n,
    });
  });

  it("prorates a monthly fee for a lease that ends mid-month, rounded once to the cent", () => {
    const terms = { ...base, ...fee(1_250_000_000n * M), endsAt: "2027-04-11T00:00:00.000Z" };
    const lines = monthInvoice({
      terms,
      month: "2027-04",
      delivered: flat(1000),
      availabilityBps: 10_000,
      power: null,
    });
    expect(lines.map((l) => [l.kind, l.amountMicros])).toEqual([
      ["monthly_fee", roundToCents(1_250_000_000n * M * 10n, 30n)],
    ]);
    expect(lines[0]?.description).toContain("prorated 10 of 30 days");
  });

  it("takes a ramp discount off the time it covers", () => {
    const terms = {
      ...base,
      ...fee(3_000n * M),
      rampDiscounts: [
        { from: "2027-03-01T00:00:00.000Z", until: "2027-04-16T00:00:00.000Z", discountBps: 5_000 },
      ],
    };
    const lines = monthInvoice({
      terms,
      month: "2027-04",
      delivered: flat(1000),
      availabilityBps: 10_000,
      power: null,
    });
    expect(lines.map((l) => [l.kind, l.amountMicros])).toEqual([
      ["monthly_fee", 3_000n * M],
      ["ramp_discount", -750n * M],
    ]);
  });

  it("tops charges up to the take-or-pay floor", () => {
    const terms = { ...base, commitment: { minimumMicrosPerMonth: 2_000_000n * M } };
    const lines = monthInvoice({
      terms,
      month: "2027-04",
      delivered: flat(100),
      availabilityBps: 10_000,
      power: null,
    });
    expect(totalOf(lines)).toBe(2_000_000n * M);
    expect(lines.at(-1)?.kind).toBe("take_or_pay");
  });

  it.each([
    [9_999, 0n],
    [9_992, 5n],
    [9_949, 10n],
    [9_899, 25n],
  ])("credits the most severe SLA tier earned at %i bps (%i%)", (availabilityBps, percent) => {
    const terms = {
      ...base,
      ...fee(1_000n * M),
      sla: {
        availabilityTargetBps: 9_995,
        creditTiers: [
          { belowBps: 9_995, creditBps: 500 },
          { belowBps: 9_900, creditBps: 2_500 },
          { belowBps: 9_990, creditBps: 1_000 },
        ],
      },
    };
    const lines = monthInvoice({
      terms,
      month: "2027-04",
      delivered: flat(1000),
      availabilityBps,
      power: null,
    });
    expect(totalOf(lines)).toBe(1_000n * M - percent * 10n * M);
  });

  it("passes power through as IT energy × PUE × $/MWh", () => {
    const lines = monthInvoice({
      terms: base,
      month: "2027-04",
      delivered: flat(0),
      availabilityBps: 10_000,
      power: { itEnergyWh: 1_000_000n, source: "measured", pueMilli: 1_200, microsPerMwh: 67n * M },
    });
    expect(lines.at(-1)).toMatchObject({ kind: "power", quantity: "1.200000", amountMicros: 80_400_000n });
  });
});
