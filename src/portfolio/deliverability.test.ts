import { describe, expect, it } from "vitest";
import { portfolioSummary } from "./deliverability.js";
import { dealsOf } from "./portfolio-test-deals.js";
import { REFERENCE_DEALS } from "./reference-portfolio.js";
import { DEFAULT_TARGET } from "./target-line.js";

const none = new Map();

describe("the portfolio summary", () => {
  it("commits 14.8 GW for AWS 5 + Google/Broadcom 3.5 + Google Cloud 5 + SpaceXAI 0.3 + earlier capacity, against 30 GW", () => {
    const s = portfolioSummary(
      dealsOf(REFERENCE_DEALS),
      none,
      { at: "2026-06-15T00:00:00.000Z", by: "2030-12-31T00:00:00.000Z" },
      DEFAULT_TARGET,
    );
    expect(s.committedPowerMw).toBe(14_800);
    expect(s.target.powerMw).toBe(30_000);
    expect(s.target.committedShare).toBeCloseTo(14_800 / 30_000, 4);
    const byProvider = Object.fromEntries(s.providers.map((p) => [p.provider, p.committedPowerMw]));
    expect(byProvider).toEqual({
      AWS: 5_000,
      "Google Cloud": 5_000,
      "Google + Broadcom": 3_500,
      "Earlier capacity": 1_000,
      SpaceXAI: 300,
    });
    // By the end of 2030 everything has come online and SpaceXAI's 36-month term has run out.
    expect(s.deliveredPowerMw).toBe(14_500);
    expect(s.deliveredShare).toBeCloseTo(14_500 / 14_800, 4);
    expect(s.target.gapPowerMw).toBe(15_500);
  });

  it("delivers a ramp by month: a 12-month ramp is a quarter live in its third month", () => {
    const deals = dealsOf([
      { name: "a", provider: "P", chip: "H100", powerMw: 1_200, onlineAt: "2027-01-01", rampMonths: 12 },
      { name: "b", provider: "Q", chip: "H100", gpus: 1_000, onlineAt: "2027-01-15" },
    ]);
    const at = (by: string) => portfolioSummary(deals, none, { at: by, by }, DEFAULT_TARGET);
    expect(at("2026-12-31T23:59:59Z").livePowerMw).toBe(0);
    const march = at("2027-03-10T00:00:00Z");
    expect(march.deals[0]?.deliveredShare).toBe(0.25);
    // 1,000 GPUs at 1.4 kW all-in are 1.4 MW, live from their online date.
    expect(march.livePowerMw).toBeCloseTo(300 + 1.4, 6);
    expect(march.liveGpus).toBe(Math.floor((1_200_000 / 1.4) * 0.25) + 1_000);
    expect(at("2027-12-01T00:00:00Z").deals[0]?.deliveredShare).toBe(1);
  });

  it("counts nothing of a deal once its term is over", () => {
    const deals = dealsOf([
      { name: "a", provider: "P", chip: "H100", powerMw: 100, onlineAt: "2027-01-01", termMonths: 12 },
    ]);
    const s = (at: string) => portfolioSummary(deals, none, { at, by: at }, DEFAULT_TARGET).livePowerMw;
    expect(s("2027-12-31T23:59:59Z")).toBe(100);
    expect(s("2028-01-01T00:00:00Z")).toBe(0);
  });

  it("follows a linked lease's tranches rather than the deal's own dates", () => {
    const deals = dealsOf(
      [{ name: "c1", provider: "SpaceXAI", chip: "H100", lease: "rent-all", onlineAt: "2026-05-01" }],
      {
        "rent-all": "lse_1",
      },
    );
    const lease = {
      holding: true,
      endsAt: "2029-05-31T00:00:00.000Z",
      tranches: [
        { startsAt: "2026-05-10T00:00:00.000Z", gpus: 100_000 },
        { startsAt: "2026-06-10T00:00:00.000Z", gpus: 120_000 },
      ],
      gpusByModel: new Map([["H100", 220_000]]),
    };
    const leases = new Map([["lse_1", lease]]);
    const s = portfolioSummary(
      deals,
      leases,
      { at: "2026-06-01T00:00:00Z", by: "2026-07-01T00:00:00Z" },
      DEFAULT_TARGET,
    );
    expect(s.liveGpus).toBe(100_000);
    expect(s.committedGpus).toBe(220_000);
    expect(s.committedPowerMw).toBeCloseTo(308, 6);
    expect(s.deliveredShare).toBe(1);
  });
});
