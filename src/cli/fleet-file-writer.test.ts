import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { FleetDocumentInput } from "../fleet/fleet-document.js";
import { yamlChunks } from "./fleet-file-writer.js";

const yamlOf = (doc: FleetDocumentInput) => [...yamlChunks(doc)].map((c) => c.text).join("");

const node = (i: number) => ({
  name: `n${i}`,
  path: `hall-1/rack-${i % 7}`,
  gpuModel: "H100",
  gpuCount: 8,
  state: i % 5 === 0 ? ("failed" as const) : ("healthy" as const),
});

const site = (name: string, nodes: number, location = "") => ({
  name,
  kind: "terrestrial" as const,
  location,
  pue: 1.2,
  electricityUsdPerMwh: "80.00",
  powerSources: [{ kind: "grid" as const, installedMw: 10, permittedMw: 10 }],
  topologyLevels: ["hall", "rack", "node"],
  nodes: Array.from({ length: nodes }, (_, i) => node(i)),
});

describe("YAML fleet files written in batches", () => {
  it("parse back to the same document across batch boundaries, empty sites and custom models", () => {
    const doc: FleetDocumentInput = {
      gpuModels: [{ name: "X1", vendor: "Acme", memoryGb: 96, powerKwPerGpu: 1, gpusPerNode: 8 }],
      sites: [site("big", 2_345), site("empty", 0), site("small", 3, "LEO 550 km")],
    };
    expect(parse(yamlOf(doc))).toEqual(doc);
  });

  it("report every node exactly once", () => {
    const chunks = [...yamlChunks({ sites: [site("a", 4_001), site("b", 2)] })];
    expect(chunks.reduce((n, c) => n + c.nodes, 0)).toBe(4_003);
  });

  it("keep any location text intact, however it must be quoted or folded", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (location) => {
        const doc: FleetDocumentInput = { sites: [site("s", 2, location)] };
        expect(parse(yamlOf(doc))).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });
});
