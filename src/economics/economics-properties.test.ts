import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BreakevenBasis, breakevenPrice, breakevenUtilisation, costsAt, volumeAt } from "./breakeven.js";
import { breakevenSurface } from "./breakeven-surface.js";
import { annualised, irrMonthly, monthlyRate, npvAtMonthly, paybackMonths } from "./discounting.js";

const basis = fc
  .record({
    fleetGpuHours: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    fixedMicros: fc.bigInt({ min: 0n, max: 10n ** 18n }),
    powerAllUsedMicros: fc.bigInt({ min: 0n, max: 10n ** 17n }),
    otherOpexBps: fc.bigInt({ min: 0n, max: 9_900n }),
  })
  .map((b): BreakevenBasis => ({ ...b, powerAllIdleMicros: (b.powerAllUsedMicros * 3n) / 10n }));

describe("breakeven", () => {
  it("breakeven price × volume = cost, to one micro per GPU-hour", () => {
    fc.assert(
      fc.property(basis, fc.integer({ min: 1, max: 10_000 }), (b, u) => {
        const price = breakevenPrice(b, u);
        const volume = volumeAt(b, u);
        if (volume === 0n) {
          expect(price).toBeNull();
          return;
        }
        if (price === null) throw new Error("no price for a positive volume");
        const revenue = price * volume;
        // Every cost, including the other opex the breakeven revenue itself brings.
        const cost = costsAt(b, u) + (revenue * b.otherOpexBps) / 10_000n;
        expect(revenue >= cost).toBe(true);
        expect(revenue - cost <= volume).toBe(true);
      }),
    );
  });

  it("the breakeven utilisation at the breakeven price is the utilisation asked for", () => {
    fc.assert(
      fc.property(basis, fc.integer({ min: 1_000, max: 10_000 }), (b, u) => {
        fc.pre(b.fleetGpuHours > 1_000_000n && b.fixedMicros > 10n ** 12n);
        const price = breakevenPrice(b, u);
        if (price === null) return;
        const found = breakevenUtilisation(b, price);
        if (found === null) {
          expect(u).toBe(10_000);
          return;
        }
        expect(Math.abs(found - u / 10_000)).toBeLessThan(1e-3);
      }),
    );
  });
});

describe("NPV, IRR and payback", () => {
  const flows = fc
    .tuple(
      fc.double({ min: 1e6, max: 1e16, noNaN: true }),
      fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 120 }),
    )
    // Monthly cash of up to half the investment, which repays it (a lease's shape).
    .map(([investment, shares]) => [investment, shares.map((s) => s * investment)] as const)
    .filter(([investment, later]) => later.reduce((a, b) => a + b, 0) > investment * 1.001);

  it("NPV at the IRR is zero", () => {
    fc.assert(
      fc.property(flows, ([investment, later]) => {
        const all = [-investment, ...later];
        const irr = irrMonthly(all);
        if (irr === null) throw new Error("no IRR for flows that repay the investment");
        const scale = all.reduce((s, f) => s + Math.abs(f), 0);
        expect(Math.abs(npvAtMonthly(irr, all)) / scale).toBeLessThan(1e-9);
      }),
    );
  });

  it.each([
    // 100 now, 110 in twelve months: 10% a year.
    { flows: [-100, ...Array(11).fill(0), 110], annual: 0.1 },
    // 1,000 now, 12 × 100: about 2.92% a month.
    { flows: [-1000, ...Array(12).fill(100)], annual: annualised(0.029229) },
  ])("the IRR of $flows.length flows is $annual a year", ({ flows: all, annual }) => {
    const irr = irrMonthly(all);
    expect(irr).not.toBeNull();
    expect(annualised(irr ?? 0)).toBeCloseTo(annual, 4);
  });

  it("8% a year discounts 108 in twelve months to 100", () => {
    expect(npvAtMonthly(monthlyRate(0.08), [0, ...Array(11).fill(0), 108])).toBeCloseTo(100, 9);
  });

  it.each([
    { investment: 1000n, flows: [300n, 300n, 300n, 100n], months: 4 },
    { investment: 1000n, flows: [500n, 500n], months: 2 },
    { investment: 1000n, flows: [300n, 300n], months: null },
    { investment: 0n, flows: [], months: 0 },
  ])("payback of $investment from $flows is $months months", ({ investment, flows: cf, months }) => {
    expect(paybackMonths(investment, cf)).toBe(months);
  });
});

describe("the breakeven surface", () => {
  it("crosses zero at the breakeven price", () => {
    fc.assert(
      fc.property(basis, fc.integer({ min: 1, max: 10 }), (b, tenth) => {
        fc.pre(b.fleetGpuHours > 1_000_000n);
        const u = tenth * 1_000;
        const price = breakevenPrice(b, u);
        if (price === null || price < 2n) return;
        const s = breakevenSurface(b, price - 1n, price + 1n, 3);
        const row = s.margins[tenth - 1] ?? [];
        expect(row[0] ?? 0).toBeLessThan(1e-9);
        expect(row[2] ?? -1).toBeGreaterThanOrEqual(-1e-9);
      }),
    );
  });
});
