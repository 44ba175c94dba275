import { describe, expect, it } from "vitest";
import type { LeaseTerms } from "../leasing/lease.js";
import { adjustmentLines, noteKind } from "./adjustment.js";
import type { InvoiceLine } from "./invoice-line.js";
import { revenueSchedule } from "./revenue.js";

const M = 1_000_000n;
const terms: LeaseTerms = {
  tenantId: "t",
  siteIds: ["s"],
  lines: [
    {
      key: "h100",
      gpuModel: "H100",
      gpuCount: 8,
      price: { kind: "monthly_fee", microsPerMonth: 3_000n * M },
    },
  ],
  tranches: [{ key: "t1", startsAt: "2027-01-01T00:00:00.000Z", gpusByLine: { h100: 8 } }],
  endsAt: "2027-05-01T00:00:00.000Z",
  noticePeriodDays: 90,
  rampDiscounts: [
    { from: "2027-01-01T00:00:00.000Z", until: "2027-03-01T00:00:00.000Z", discountBps: 5_000 },
  ],
  commitment: null,
  sla: null,
  isolation: "node",
  placement: { policy: "packed" },
};

describe("revenue", () => {
  it("recognises a fixed-fee lease straight-line while billing follows the ramp, ending with no balance", () => {
    const { method, months } = revenueSchedule(terms, new Map());
    expect(method).toBe("straight_line");
    expect(months.map((m) => m.billedMicros)).toEqual([1_500n * M, 1_500n * M, 3_000n * M, 3_000n * M]);
    const total = 9_000n * M;
    expect(months.reduce((s, m) => s + m.recognisedMicros, 0n)).toBe(total);
    // January: 31 of 120 days.
    expect(months[0]?.recognisedMicros).toBe((total * 31n) / 120n);
    expect(months[0]?.balanceMicros).toBeGreaterThan(0n);
    expect(months.at(-1)?.balanceMicros).toBe(0n);
  });

  it("recognises an issued month's credit in that month", () => {
    const issued = new Map([["2027-03", 2_900n * M]]);
    const march = revenueSchedule(terms, issued).months[2];
    const plain = revenueSchedule(terms, new Map()).months[2];
    expect(march?.billedFrom).toBe("issued");
    expect((plain?.recognisedMicros ?? 0n) - (march?.recognisedMicros ?? 0n)).toBe(100n * M);
  });
});

describe("adjustments to an issued month", () => {
  const line = (kind: InvoiceLine["kind"], amountMicros: bigint): InvoiceLine => ({
    kind,
    leaseLine: null,
    description: kind,
    quantity: "1",
    unit: "month",
    unitPriceMicros: null,
    amountMicros,
  });

  it("yields only what moved, as a credit note when the tenant owes less", () => {
    const billed = [line("monthly_fee", 1_000n * M)];
    const now = [line("monthly_fee", 1_000n * M), line("sla_credit", -50n * M)];
    const changes = adjustmentLines(billed, now);
    expect(changes.map((c) => [c.kind, c.amountMicros])).toEqual([["sla_credit", -50n * M]]);
    expect(noteKind(changes)).toBe("credit_note");
    expect(adjustmentLines(now, now)).toEqual([]);
  });

  it("reverses a line no longer due, as a debit note when it was a credit", () => {
    const changes = adjustmentLines(
      [line("monthly_fee", 10n * M), line("sla_credit", -5n * M)],
      [line("monthly_fee", 10n * M)],
    );
    expect(changes.map((c) => c.amountMicros)).toEqual([5n * M]);
    expect(noteKind(changes)).toBe("debit_note");
  });
});
