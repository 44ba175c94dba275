import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLOSSUS_PRESET } from "./colossus-preset.js";
import { validateFleetDocument } from "./fleet-document.js";
import { type GeneratedGroup, type GenerateSpec, generateFleet } from "./generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "./gpu-model.js";
import { NODE_STATES } from "./node.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);

describe("generateFleet with the Colossus preset", () => {
  const valid = validateFleetDocument(generateFleet(COLOSSUS_PRESET, catalogue), catalogue);
  const site = valid.sites[0];
  const nodes = site?.nodes ?? [];

  it("lays out 221,440 GPUs on 30,272 nodes in one valid site", () => {
    expect(valid.sites).toHaveLength(1);
    expect(nodes).toHaveLength(30_272);
    expect(nodes.reduce((n, x) => n + x.gpuCount, 0)).toBe(221_440);
  });

  it("holds the documented mix: 151,552 H100, 49,152 H200 and 20,736 GB200", () => {
    const byModel = new Map<string, number>();
    for (const n of nodes) byModel.set(n.gpuModel, (byModel.get(n.gpuModel) ?? 0) + n.gpuCount);
    expect(Object.fromEntries(byModel)).toEqual({ H100: 151_552, H200: 49_152, GB200: 20_736 });
  });

  it("puts H100 in halls 1–4, H200 in halls 5–6 and GB200 in hall 7, with 18 trays per NVL72 rack", () => {
    const halls = new Map<string, Set<string>>();
    for (const n of nodes) {
      const hall = n.path.split("/")[0] ?? "";
      halls.set(n.gpuModel, (halls.get(n.gpuModel) ?? new Set()).add(hall));
    }
    expect([...(halls.get("H100") ?? [])]).toEqual(["hall-01", "hall-02", "hall-03", "hall-04"]);
    expect([...(halls.get("H200") ?? [])]).toEqual(["hall-05", "hall-06"]);
    expect([...(halls.get("GB200") ?? [])]).toEqual(["hall-07"]);
    const gbRack = nodes.filter((n) => n.gpuModel === "GB200" && n.path === nodes.at(-1)?.path);
    expect(gbRack).toHaveLength(18);
  });

  it("marks a small seeded share of nodes unhealthy", () => {
    const counts = Object.fromEntries(NODE_STATES.map((s) => [s, nodes.filter((n) => n.state === s).length]));
    expect(counts.failed).toBeGreaterThan(0.001 * nodes.length);
    expect(counts.failed).toBeLessThan(0.004 * nodes.length);
    expect(counts.maintenance).toBeGreaterThan(counts.degraded ?? 0);
    expect(counts.healthy).toBeGreaterThan(0.98 * nodes.length);
  });

  it("carries the turbine installed beyond its permit", () => {
    expect(site?.powerSources).toContainEqual({ kind: "gas_turbine", installedMw: 421, permittedMw: 247 });
  });
});

describe("generateFleet", () => {
  const small: GenerateSpec = {
    ...COLOSSUS_PRESET,
    siteName: "small",
    groups: [{ gpuModel: "H100", gpuCount: 640, racksPerBlock: 4, blocksPerHall: 2 }],
    unhealthy: { failed: 0.1, degraded: 0.1 },
  };

  it("gives the same fleet for the same seed and a different one for another seed", () => {
    expect(generateFleet(small, catalogue)).toEqual(generateFleet(small, catalogue));
    const states = (seed: number) =>
      generateFleet({ ...small, seed }, catalogue).sites[0]?.nodes?.map((n) => n.state);
    expect(states(2)).not.toEqual(states(3));
  });

  it("refuses a GPU model the catalogue lacks", () => {
    const spec = {
      ...small,
      groups: [{ gpuModel: "TPUv9", gpuCount: 8, racksPerBlock: 1, blocksPerHall: 1 }],
    };
    expect(() => generateFleet(spec, catalogue)).toThrow("unknown GPU model TPUv9");
  });

  const group = fc.record({
    gpuModel: fc.constantFrom(...BUILT_IN_GPU_MODELS.map((m) => m.name)),
    gpuCount: fc.integer({ min: 1, max: 600 }),
    nodesPerRack: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    racksPerBlock: fc.integer({ min: 1, max: 6 }),
    blocksPerHall: fc.integer({ min: 1, max: 4 }),
  });
  const spec = fc.record({
    groups: fc.array(group, { minLength: 1, maxLength: 4 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    failed: fc.double({ min: 0, max: 0.3, noNaN: true }),
    maintenance: fc.double({ min: 0, max: 0.3, noNaN: true }),
  });

  const nodesPerGroup = (groups: readonly GeneratedGroup[]) =>
    groups.map((g) => Math.ceil(g.gpuCount / (catalogue.get(g.gpuModel)?.gpusPerNode ?? 1)));

  it("always writes a document that validates, with at least the GPUs asked for in whole nodes", () => {
    fc.assert(
      fc.property(spec, ({ groups, seed, failed, maintenance }) => {
        const doc = generateFleet({ ...small, groups, seed, unhealthy: { failed, maintenance } }, catalogue);
        const nodes = validateFleetDocument(doc, catalogue).sites[0]?.nodes ?? [];
        expect(nodes).toHaveLength(nodesPerGroup(groups).reduce((a, b) => a + b, 0));
        for (const model of new Set(groups.map((g) => g.gpuModel))) {
          const asked = groups.filter((g) => g.gpuModel === model).reduce((s, g) => s + g.gpuCount, 0);
          const got = nodes.filter((n) => n.gpuModel === model).reduce((s, n) => s + n.gpuCount, 0);
          expect(got).toBeGreaterThanOrEqual(asked);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("never shares a hall, block or rack between two groups", () => {
    fc.assert(
      fc.property(spec, ({ groups, seed }) => {
        const nodes = generateFleet({ ...small, groups, seed }, catalogue).sites[0]?.nodes ?? [];
        const owner = new Map<string, number>();
        let start = 0;
        nodesPerGroup(groups).forEach((count, group) => {
          for (const n of nodes.slice(start, start + count)) {
            const [hall = "", block = "", rack = ""] = n.path.split("/");
            for (const domain of [hall, `${hall}/${block}`, `${hall}/${block}/${rack}`]) {
              expect(owner.get(domain) ?? group).toBe(group);
              owner.set(domain, group);
            }
          }
          start += count;
        });
      }),
      { numRuns: 40 },
    );
  });
});
