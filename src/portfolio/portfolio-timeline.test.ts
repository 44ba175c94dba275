import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { monthIndex, monthStartMs } from "./deal-months.js";
import { portfolioSummary } from "./deliverability.js";
import { dealsOf } from "./portfolio-test-deals.js";
import { monthWindow, portfolioTimeline } from "./portfolio-timeline.js";
import { REFERENCE_DEALS } from "./reference-portfolio.js";
import { DEFAULT_TARGET } from "./target-line.js";

describe("the portfolio timeline", () => {
  const window = monthWindow(Date.parse("2025-01-01T00:00:00Z"), Date.parse("2031-12-01T00:00:00Z"));
  const timeline = portfolioTimeline(dealsOf(REFERENCE_DEALS), new Map(), window, DEFAULT_TARGET);

  it("stacks the providers, largest committed first, and totals them month by month", () => {
    expect(timeline.months[0]).toBe("2025-01");
    expect(timeline.months.at(-1)).toBe("2031-12");
    expect(timeline.providers.map((p) => p.provider)).toEqual([
      "AWS",
      "Google Cloud",
      "Google + Broadcom",
      "Earlier capacity",
      "SpaceXAI",
    ]);
    for (let k = 0; k < timeline.months.length; k++) {
      const sum = timeline.providers.reduce((s, p) => s + (p.powerMw[k] ?? 0), 0);
      expect(timeline.totalPowerMw[k]).toBeCloseTo(sum, 2);
    }
    // SpaceXAI's 36-month term ends in May 2029, before Google Cloud's ramp is done.
    expect(timeline.totalPowerMw.at(-1)).toBe(14_500);
    expect(Math.max(...timeline.totalPowerMw)).toBeLessThan(14_800);
  });

  it("draws the target from where the portfolio starts to 30 GW at its date, flat after", () => {
    expect(timeline.targetPowerMw[0]).toBe(1_000);
    const dec2030 = timeline.months.indexOf("2030-12");
    expect(timeline.targetPowerMw[dec2030 + 1]).toBe(30_000);
    expect(timeline.targetPowerMw.at(-1)).toBe(30_000);
    for (let k = 1; k < timeline.targetPowerMw.length; k++)
      expect(timeline.targetPowerMw[k]).toBeGreaterThanOrEqual(timeline.targetPowerMw[k - 1] ?? 0);
  });

  it("agrees with the summary at every month start, for any deals", () => {
    const deal = fc.record({
      powerMw: fc.integer({ min: 1, max: 5_000 }),
      online: fc.integer({ min: 0, max: 96 }),
      day: fc.integer({ min: 1, max: 28 }),
      ramp: fc.integer({ min: 0, max: 36 }),
      term: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
      provider: fc.constantFrom("A", "B", "C"),
    });
    fc.assert(
      fc.property(fc.array(deal, { minLength: 1, maxLength: 12 }), (specs) => {
        const deals = dealsOf(
          specs.map((s, i) => ({
            name: `d${i}`,
            provider: s.provider,
            chip: "H100",
            powerMw: s.powerMw,
            onlineAt: new Date(
              monthStartMs(monthIndex(Date.parse("2025-01-01")) + s.online) + (s.day - 1) * 86_400_000,
            ).toISOString(),
            rampMonths: s.ramp,
            termMonths: s.term,
          })),
        );
        const w = monthWindow(Date.parse("2025-01-01"), Date.parse("2034-12-01"));
        const t = portfolioTimeline(deals, new Map(), w, DEFAULT_TARGET);
        for (let k = 0; k < w.months; k += 7) {
          const at = new Date(monthStartMs(w.fromMonth + k)).toISOString();
          const s = portfolioSummary(deals, new Map(), { at, by: at }, DEFAULT_TARGET);
          expect(t.totalPowerMw[k]).toBeCloseTo(s.livePowerMw, 2);
          expect(t.totalGpus[k]).toBe(s.liveGpus);
        }
      }),
      { numRuns: 50 },
    );
  });
});
