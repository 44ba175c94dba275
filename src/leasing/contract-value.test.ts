import { describe, expect, it } from "vitest";
import { contractSchedule, contractValue, fullMonthlyValue } from "./contract-value.js";
import type { LeaseTerms } from "./lease.js";

const base: LeaseTerms = {
  tenantId: "tnt_a",
  siteIds: ["site_a"],
  lines: [
    {
      key: "h100",
      gpuModel: "H100",
      gpuCount: 220_000,
      price: { kind: "per_gpu_hour", microsPerGpuHour: 3_110_000n },
    },
  ],
  tranches: [{ key: "t1", startsAt: "2026-11-01T00:00:00.000Z", gpusByLine: { h100: 220_000 } }],
  endsAt: "2026-12-01T00:00:00.000Z",
  noticePeriodDays: 90,
  rampDiscounts: [],
  commitment: null,
  sla: null,
  isolation: "site",
  placement: { policy: "packed" },
};

describe("contract value", () => {
  it.each([
    ["220,000 GPUs at $3.11/GPU-hour for a 30-day month", base, 492_624_000_000_000n],
    [
      "a fixed $1.25B monthly fee for a whole month",
      {
        ...base,
        lines: [
          {
            key: "site",
            gpuModel: "H100",
            gpuCount: 220_000,
            price: { kind: "monthly_fee" as const, microsPerMonth: 1_250_000_000_000_000n },
          },
        ],
        tranches: [{ key: "t1", startsAt: "2026-12-01T00:00:00.000Z", gpusByLine: { site: 220_000 } }],
        endsAt: "2027-01-01T00:00:00.000Z",
      },
      1_250_000_000_000_000n,
    ],
    [
      "half delivered on the 1st and half on the 16th",
      {
        ...base,
        tranches: [
          { key: "t1", startsAt: "2026-11-01T00:00:00.000Z", gpusByLine: { h100: 110_000 } },
          { key: "t2", startsAt: "2026-11-16T00:00:00.000Z", gpusByLine: { h100: 110_000 } },
        ],
      },
      // 110,000 × 720 h + 110,000 × 360 h at $3.11
      (110_000n * 720n + 110_000n * 360n) * 3_110_000n,
    ],
    [
      "a 50% ramp discount for the first half of the month",
      {
        ...base,
        rampDiscounts: [
          { from: "2026-11-01T00:00:00.000Z", until: "2026-11-16T00:00:00.000Z", discountBps: 5_000 },
        ],
      },
      (220_000n * 360n * 3_110_000n) / 2n + 220_000n * 360n * 3_110_000n,
    ],
  ])("%s", (_name, terms, expected) => {
    expect(contractValue(terms)).toBe(expected);
  });

  it("bills a take-or-pay minimum when the priced usage is below it, prorated in a partial month", () => {
    const terms: LeaseTerms = {
      ...base,
      lines: [
        {
          key: "h100",
          gpuModel: "H100",
          gpuCount: 8,
          price: { kind: "per_gpu_hour", microsPerGpuHour: 1_000_000n },
        },
      ],
      tranches: [{ key: "t1", startsAt: "2026-11-16T00:00:00.000Z", gpusByLine: { h100: 8 } }],
      endsAt: "2027-01-01T00:00:00.000Z",
      commitment: { minimumMicrosPerMonth: 1_000_000_000_000n },
    };
    expect(contractSchedule(terms)).toEqual([
      { month: "2026-11", micros: 500_000_000_000n, gpuHours: 8n * 360n },
      { month: "2026-12", micros: 1_000_000_000_000n, gpuHours: 8n * 744n },
    ]);
  });

  it("splits a term into calendar months and charges nothing before the first tranche", () => {
    const schedule = contractSchedule({ ...base, endsAt: "2027-02-01T00:00:00.000Z" });
    expect(schedule.map((m) => m.month)).toEqual(["2026-11", "2026-12", "2027-01"]);
    expect(schedule[1]?.micros).toBe(220_000n * 744n * 3_110_000n);
  });
});

describe("full monthly value", () => {
  it.each<[string, LeaseTerms["lines"], bigint]>([
    // 220,000 × $3.11 × 744 h.
    ["GPU-hour lines over a 31-day month", base.lines, 509_044_800_000_000n],
    [
      "monthly fees as they are, added to GPU-hour lines",
      [
        ...base.lines,
        {
          key: "gb",
          gpuModel: "GB200",
          gpuCount: 4,
          price: { kind: "monthly_fee", microsPerMonth: 1_250_000_000_000_000n },
        },
      ],
      509_044_800_000_000n + 1_250_000_000_000_000n,
    ],
    ["no lines", [], 0n],
  ])("counts %s", (_why, lines, micros) => {
    expect(fullMonthlyValue(lines)).toBe(micros);
  });

  it("is never below what any month of a fully delivered, undiscounted lease is charged", () => {
    const year = { ...base, endsAt: "2027-11-01T00:00:00.000Z" };
    for (const month of contractSchedule(year))
      expect(month.micros <= fullMonthlyValue(year.lines)).toBe(true);
  });
});
