import { describe, expect, it } from "vitest";
import { DEFAULT_UNIT_INPUTS, unitEconomics } from "./unit-economics.js";
import { readUnitInputs } from "./unit-inputs.js";

const BILLION = 1_000_000_000n * 1_000_000n;

describe("the tenant's unit economics", () => {
  it("turns $5B a year of H100 compute at $3.11 per GPU-hour into about $15B of ARR with the defaults", () => {
    // $5B / ($3.11 × 8,760 h) ≈ 183,527 GPUs.
    const gpus = Math.round(5e9 / (3.11 * 8760));
    const u = unitEconomics([{ chip: "H100", gpus, from: "deal" }], 5n * BILLION, DEFAULT_UNIT_INPUTS);
    expect(u.annualComputeSpendMicros).toBe(5n * BILLION);
    expect(Number(u.annualRevenueMicros) / 1e6 / 1e9).toBeGreaterThan(14.5);
    expect(Number(u.annualRevenueMicros) / 1e6 / 1e9).toBeLessThan(15.5);
    expect(u.revenueToSpend).toBeCloseTo(3, 1);
  });

  it.each([
    // gpus, tokens/s, throughput bps, utilisation bps, $/Mtok micros → revenue micros, worked by hand
    [1, 1_000_000, 10_000, 10_000, 1_000_000n, 31_536_000_000_000n],
    [8, 3_066, 1_690, 5_000, 10_000_000n, 653_620_181_760n],
    [3, 11_264, 10_000, 2_500, 2_500_000n, 666_040_320_000n],
  ])(
    "%i GPUs at %i tokens/s, %i bps of the benchmark, %i bps used, %i micros per Mtok → %i micros",
    (gpus, tps, thr, util, price, revenue) => {
      const u = unitEconomics([{ chip: "X1", gpus, from: "lease" }], 0n, {
        ...DEFAULT_UNIT_INPUTS,
        tokensPerSecondPerGpu: { X1: tps },
        servedModelThroughputBps: thr,
        utilisationBps: util,
        priceMicrosPerMillionTokens: price,
      });
      expect(u.annualRevenueMicros).toBe(revenue);
      expect(u.revenueToSpend).toBeNull();
    },
  );

  it("adds leases and deals per chip, each chip at its own throughput", () => {
    const u = unitEconomics(
      [
        { chip: "H100", gpus: 100, from: "lease" },
        { chip: "h100", gpus: 50, from: "deal" },
        { chip: "Trainium2", gpus: 10, from: "deal" },
      ],
      0n,
      DEFAULT_UNIT_INPUTS,
    );
    expect(u.rows.map((r) => [r.chip, r.fromLeases, r.fromDeals, r.tokensPerSecondPerGpu])).toEqual([
      ["H100", 100, 50, 3_066],
      ["TRAINIUM2", 0, 10, 3_066],
    ]);
    expect(u.rows[1]?.source).toContain("estimate");
    expect(u.gpus).toEqual({ fromLeases: 100, fromDeals: 60, total: 160 });
  });

  it("reads inputs over a base, naming each bad field and its bound", () => {
    const { inputs } = readUnitInputs(
      { utilisationPercent: "62.5", annualComputeSpend: "5000000000.00" },
      DEFAULT_UNIT_INPUTS,
    );
    expect(inputs?.utilisationBps).toBe(6_250);
    expect(inputs?.annualComputeSpendMicros).toBe(5n * BILLION);
    expect(inputs?.priceMicrosPerMillionTokens).toBe(DEFAULT_UNIT_INPUTS.priceMicrosPerMillionTokens);
    const bad = readUnitInputs(
      { utilisationPercent: "101", pricePerMillionTokens: "-1" },
      DEFAULT_UNIT_INPUTS,
    );
    expect(bad.inputs).toBeUndefined();
    expect(bad.issues.map((i) => i.field)).toEqual(["utilisationPercent", "pricePerMillionTokens"]);
  });
});
