import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLOSSUS_PRESET } from "./colossus-preset.js";
import { generateFleet } from "./generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "./gpu-model.js";
import { NODE_STATES } from "./node.js";
import type { PowerSource, Site } from "./site.js";
import { type StateCount, summarizeSite } from "./site-summary.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);

function siteWith(powerSources: PowerSource[], pue = 1.25): Site {
  return {
    id: "site_test",
    name: "test",
    kind: "terrestrial",
    location: "",
    pue,
    electricityPriceMicrosPerMwh: 67_000_000n,
    powerSources,
    topologyLevels: ["hall", "rack", "node"],
    createdAt: "2026-05-01T00:00:00.000Z",
    version: 1,
  };
}

// 96 H100 (16 of them failed) and 20 GB200 (degraded, so still drawing).
// Design IT: 96 × 1.1 + 20 × 1.8 = 141.6 kW; drawn IT: 80 × 1.1 + 36 = 124 kW.
const COUNTS: StateCount[] = [
  { gpuModel: "H100", state: "healthy", nodeCount: 10, gpuCount: 80 },
  { gpuModel: "H100", state: "failed", nodeCount: 2, gpuCount: 16 },
  { gpuModel: "GB200", state: "degraded", nodeCount: 5, gpuCount: 20 },
];
const grid = (permittedMw: number): PowerSource => ({ kind: "grid", installedMw: permittedMw, permittedMw });

describe("summarizeSite", () => {
  it("totals nodes and GPUs by state and by model, largest model first", () => {
    const s = summarizeSite(siteWith([grid(1)]), COUNTS, catalogue);
    expect(s.nodes).toBe(17);
    expect(s.gpus).toBe(116);
    expect(s.nodesByState).toEqual({ healthy: 10, degraded: 5, failed: 2, maintenance: 0 });
    expect(s.gpusByState).toEqual({ healthy: 80, degraded: 20, failed: 16, maintenance: 0 });
    expect(s.capacityByModel.map((m) => [m.gpuModel, m.nodes, m.gpus, m.drawnItMw])).toEqual([
      ["H100", 12, 96, 0.088],
      ["GB200", 5, 20, 0.036],
    ]);
  });

  it.each<[string, number, number, number, number]>([
    ["PUE 1.0", 1, 0.142, 0.124, 0.876],
    ["PUE 1.25", 1.25, 0.177, 0.155, 0.845],
    ["PUE 2.0", 2, 0.283, 0.248, 0.752],
  ])("scales design and drawn power by the site's %s", (_why, pue, designMw, drawnMw, headroomMw) => {
    const { power } = summarizeSite(siteWith([grid(1)], pue), COUNTS, catalogue);
    expect(power).toMatchObject({ installedMw: 1, permittedMw: 1, designMw, drawnMw, headroomMw });
  });

  it.each<[string, PowerSource[], Array<{ code: string; excessMw: number; source?: string }>]>([
    ["nothing when every source and the draw fit the permit", [grid(1)], []],
    [
      "DRAW_OVER_PERMIT when the estimated draw exceeds the permit",
      [grid(0.1)],
      [{ code: "DRAW_OVER_PERMIT", excessMw: 0.055 }],
    ],
    [
      "DESIGN_OVER_PERMIT when only full power would exceed the permit",
      [grid(0.16)],
      [{ code: "DESIGN_OVER_PERMIT", excessMw: 0.017 }],
    ],
    [
      "INSTALLED_OVER_PERMIT for each source installed beyond its permit",
      [grid(0.5), { kind: "gas_turbine", installedMw: 421, permittedMw: 247 }],
      [{ code: "INSTALLED_OVER_PERMIT", excessMw: 174, source: "gas_turbine" }],
    ],
    [
      "both kinds when a source is over its permit and the draw exceeds the total",
      [{ kind: "solar", installedMw: 0.1, permittedMw: 0.05 }],
      [
        { code: "INSTALLED_OVER_PERMIT", excessMw: 0.05, source: "solar" },
        { code: "DRAW_OVER_PERMIT", excessMw: 0.105 },
      ],
    ],
  ])("warns %s", (_why, sources, expected) => {
    const { warnings } = summarizeSite(siteWith(sources), COUNTS, catalogue);
    expect(
      warnings.map(({ code, excessMw, source }) => ({ code, excessMw, ...(source ? { source } : {}) })),
    ).toEqual(expected);
  });

  it("names the source, installed and permitted MW in the turbine warning", () => {
    const site = siteWith([{ kind: "gas_turbine", installedMw: 421, permittedMw: 247 }]);
    const [warning] = summarizeSite(site, COUNTS, catalogue).warnings;
    expect(warning?.message).toBe(
      "gas_turbine has 421 MW installed but 247 MW permitted: 174 MW must not run",
    );
  });

  it("summarizes the Colossus demo as 221,440 GPUs near 300 MW with the turbine 174 MW over its permit", () => {
    const nodes = generateFleet(COLOSSUS_PRESET, catalogue).sites[0]?.nodes ?? [];
    const tally = new Map<string, StateCount>();
    for (const n of nodes) {
      const state = n.state ?? "healthy";
      const key = `${n.gpuModel}/${state}`;
      const c = tally.get(key) ?? { gpuModel: n.gpuModel, state, nodeCount: 0, gpuCount: 0 };
      c.nodeCount += 1;
      c.gpuCount += n.gpuCount;
      tally.set(key, c);
    }
    const s = summarizeSite(
      siteWith(COLOSSUS_PRESET.powerSources, COLOSSUS_PRESET.pue),
      [...tally.values()],
      catalogue,
    );
    expect(s.gpus).toBe(221_440);
    expect(s.nodes).toBe(30_272);
    // Continuous supply: 150 MW grid + 247 MW of the turbines' permit; the battery is storage.
    expect(s.power.installedMw).toBe(571);
    expect(s.power.permittedMw).toBe(397);
    expect(s.power.designMw).toBeCloseTo(299.64, 2);
    expect(s.warnings).toEqual([expect.objectContaining({ code: "INSTALLED_OVER_PERMIT", excessMw: 174 })]);
    // 600 MWh carries the ~300 MW the site draws for two hours, or adds 150 MW to a peak for four.
    expect(s.power.storage).toMatchObject({
      powerMw: 150,
      energyMwh: 600,
      coversMw: 150,
      peakShavingHours: 4,
    });
    expect(s.power.storage?.rideThroughMinutes).toBe(240);
  });

  it.each([
    [50, 200, { coversMw: 50, rideThroughMinutes: 240, peakShavingHours: 4 }],
    [100, 176, { coversMw: 70.4, rideThroughMinutes: 150, peakShavingHours: 1.76 }],
  ])(
    "a battery of %i MW and %i MWh under a 70.4 MW draw rides through and shaves peaks as %o",
    (powerMw, energyMwh, expected) => {
      const s = summarizeSite(
        siteWith([grid(500), { kind: "battery", installedMw: powerMw, permittedMw: powerMw, energyMwh }], 1),
        [{ gpuModel: "H100", state: "healthy", nodeCount: 8000, gpuCount: 64_000 }],
        catalogue,
      );
      expect(s.power.drawnMw).toBe(70.4);
      expect(s.power.permittedMw).toBe(500);
      expect(s.power.storage).toMatchObject(expected);
    },
  );

  it("keeps the totals consistent and never draws more than the design for any counts", () => {
    const count = fc.record({
      gpuModel: fc.constantFrom("H100", "H200", "B200", "GB200", "UNKNOWN"),
      state: fc.constantFrom(...NODE_STATES),
      nodeCount: fc.integer({ min: 0, max: 10_000 }),
      gpuCount: fc.integer({ min: 0, max: 80_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(count, { maxLength: 20 }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        (counts, pue) => {
          const s = summarizeSite(siteWith([grid(100)], pue), counts, catalogue);
          const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
          expect(s.gpus).toBe(sum(counts.map((c) => c.gpuCount)));
          expect(s.nodes).toBe(sum(counts.map((c) => c.nodeCount)));
          expect(sum(s.capacityByModel.map((m) => m.gpus))).toBe(s.gpus);
          expect(s.power.drawnMw).toBeLessThanOrEqual(s.power.designMw);
          expect(s.power.headroomMw).toBeCloseTo(100 - s.power.drawnMw, 6);
        },
      ),
    );
  });
});
