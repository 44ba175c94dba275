import { describe, expect, it } from "vitest";
import { type FieldIssue, LeaseholdError } from "../shared/errors.js";
import { type FleetDocumentInput, validateFleetDocument } from "./fleet-document.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "./gpu-model.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);

type SiteInput = FleetDocumentInput["sites"][number];
type NodeInput = NonNullable<SiteInput["nodes"]>[number];

const node = (name: string, extra: Partial<NodeInput> = {}): NodeInput => ({
  name,
  path: "hall-1/rack-1",
  gpuModel: "H100",
  gpuCount: 8,
  ...extra,
});

function site(extra: Record<string, unknown> = {}): SiteInput {
  return {
    name: "memphis-1",
    pue: 1.2,
    electricityUsdPerMwh: "67.00",
    powerSources: [{ kind: "grid", installedMw: 10, permittedMw: 10 }],
    topologyLevels: ["hall", "rack", "node"],
    nodes: [node("n1"), node("n2"), node("n3")],
    ...extra,
  } as SiteInput;
}

/** The issues a document is refused with; fails the test if it is accepted. */
function issuesOf(doc: unknown): FieldIssue[] {
  try {
    validateFleetDocument(doc, catalogue);
  } catch (error) {
    if (error instanceof LeaseholdError && error.code === "VALIDATION_FAILED") return error.issues;
    throw error;
  }
  throw new Error("expected the document to be refused");
}

describe("validateFleetDocument", () => {
  it("accepts a valid file, fills defaults and parses the price to exact micros", () => {
    const doc = validateFleetDocument({ sites: [site({ electricityUsdPerMwh: "67.125" })] }, catalogue);
    const [s] = doc.sites;
    expect(s?.electricityPriceMicrosPerMwh).toBe(67_125_000n);
    expect(s?.kind).toBe("terrestrial");
    expect(s?.location).toBe("");
    expect(s?.nodes.map((n) => n.state)).toEqual(["healthy", "healthy", "healthy"]);
    expect(doc.gpuModels).toEqual([]);
  });

  it("accepts nodes of a GPU model the file itself declares", () => {
    const doc = {
      gpuModels: [{ name: "MI300X", vendor: "AMD", memoryGb: 192, powerKwPerGpu: 1.3, gpusPerNode: 8 }],
      sites: [site({ nodes: [node("n1", { gpuModel: "MI300X" })] })],
    };
    const valid = validateFleetDocument(doc, catalogue);
    expect(valid.gpuModels[0]).toMatchObject({ name: "MI300X", nodesPerRack: 8 });
  });

  const nodes = (...list: NodeInput[]) => ({ sites: [site({ nodes: list })] });

  it.each<[string, unknown, string, string | undefined]>([
    [
      "gpuCount above the model's gpusPerNode",
      nodes(node("n1"), node("n2", { gpuModel: "GB200", gpuCount: 8 })),
      "sites[0].nodes[1].gpuCount",
      "<= 4",
    ],
    [
      "an unknown GPU model",
      nodes(node("n1", { gpuModel: "X9000" })),
      "sites[0].nodes[0].gpuModel",
      "one of H100|H200|B200|GB200",
    ],
    [
      "a path shallower than the levels",
      nodes(node("n1", { path: "hall-1" })),
      "sites[0].nodes[0].path",
      "2 segments",
    ],
    [
      "a path deeper than the levels",
      nodes(node("n1", { path: "hall-1/block-1/rack-1" })),
      "sites[0].nodes[0].path",
      "2 segments",
    ],
    [
      "an empty path on the first node",
      nodes(node("n1", { path: "" })),
      "sites[0].nodes[0].path",
      "2 segments",
    ],
    [
      "a path segment with a space",
      nodes(node("n1", { path: "hall 1/rack-1" })),
      "sites[0].nodes[0].path",
      "segments match ^[A-Za-z0-9._-]{1,64}$",
    ],
    [
      "a duplicate node name",
      nodes(node("n1"), node("n2"), node("n1", { path: "hall-1/rack-2" })),
      "sites[0].nodes[2].name",
      "unique in site",
    ],
    ["an unknown site field", { sites: [site({ colour: "red" })] }, "sites[0].colour", "no unknown fields"],
    [
      "an unknown node field",
      nodes(node("n1"), { ...node("n2"), rack: 4 } as NodeInput),
      "sites[0].nodes[1].rack",
      "no unknown fields",
    ],
    ["an unknown top-level field", { sites: [site()], version: 2 }, "version", "no unknown fields"],
    ["pue below 1", { sites: [site({ pue: 0.95 })] }, "sites[0].pue", ">= 1"],
    ["pue above 3", { sites: [site({ pue: 3.5 })] }, "sites[0].pue", "<= 3"],
    [
      "a negative electricity price",
      { sites: [site({ electricityUsdPerMwh: "-1.00" })] },
      "sites[0].electricityUsdPerMwh",
      ">= 0, 6 decimals",
    ],
    [
      "an electricity price with 7 decimals",
      { sites: [site({ electricityUsdPerMwh: "67.0000001" })] },
      "sites[0].electricityUsdPerMwh",
      ">= 0, 6 decimals",
    ],
    [
      "an electricity price that is not a number",
      { sites: [site({ electricityUsdPerMwh: "cheap" })] },
      "sites[0].electricityUsdPerMwh",
      ">= 0, 6 decimals",
    ],
    [
      "an electricity price beyond what the database can hold",
      { sites: [site({ electricityUsdPerMwh: "999999999999999.00" })] },
      "sites[0].electricityUsdPerMwh",
      "<= 1000000",
    ],
    [
      "a NUL in the location",
      { sites: [site({ location: "Mem\u0000phis" })] },
      "sites[0].location",
      "format plain-text",
    ],
    [
      "an electricity price given as a float",
      { sites: [site({ electricityUsdPerMwh: 67.5 })] },
      "sites[0].electricityUsdPerMwh",
      "type string",
    ],
    ["a zero gpuCount", nodes(node("n1", { gpuCount: 0 })), "sites[0].nodes[0].gpuCount", ">= 1"],
    ["a fractional gpuCount", nodes(node("n1", { gpuCount: 2.5 })), "sites[0].nodes[0].gpuCount", "type int"],
    [
      "an unknown node state",
      nodes(node("n1", { state: "on-fire" as NodeInput["state"] })),
      "sites[0].nodes[0].state",
      "one of healthy|degraded|failed|maintenance",
    ],
    ["a duplicate site name", { sites: [site(), site()] }, "sites[1].name", "unique"],
    ["no sites at all", { sites: [] }, "sites", ">= 1 items"],
    [
      "a single topology level",
      { sites: [site({ topologyLevels: ["node"] })] },
      "sites[0].topologyLevels",
      ">= 2 items",
    ],
    [
      "more than 8 topology levels",
      { sites: [site({ topologyLevels: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] })] },
      "sites[0].topologyLevels",
      "<= 8 items",
    ],
    [
      "repeated topology levels",
      { sites: [site({ topologyLevels: ["hall", "hall", "node"] })] },
      "sites[0].topologyLevels",
      "unique",
    ],
    [
      "negative installed power",
      { sites: [site({ powerSources: [{ kind: "grid", installedMw: -1, permittedMw: 1 }] })] },
      "sites[0].powerSources[0].installedMw",
      ">= 0",
    ],
    [
      "an unknown power source kind",
      { sites: [site({ powerSources: [{ kind: "fusion", installedMw: 1, permittedMw: 1 }] })] },
      "sites[0].powerSources[0].kind",
      "one of grid|battery|gas_turbine|solar",
    ],
    [
      "a site without power sources",
      { sites: [site({ powerSources: [] })] },
      "sites[0].powerSources",
      ">= 1 items",
    ],
    ["a document that is not an object", "sites: []", "(body)", "type object"],
    [
      "a GPU model declared twice",
      {
        gpuModels: [
          { name: "Z1", vendor: "v", memoryGb: 1, powerKwPerGpu: 1, gpusPerNode: 8 },
          { name: "Z1", vendor: "v", memoryGb: 1, powerKwPerGpu: 1, gpusPerNode: 8 },
        ],
        sites: [site()],
      },
      "gpuModels[1].name",
      "unique",
    ],
  ])("refuses %s, naming the field and the bound", (_why, doc, field, bound) => {
    expect(issuesOf(doc)[0]).toMatchObject({ field, bound });
  });

  it("says what a bad gpuCount was and what its model allows", () => {
    const [issue] = issuesOf(nodes(node("n1", { gpuModel: "GB200", gpuCount: 8 })));
    expect(issue?.message).toBe("sites[0].nodes[0].gpuCount must be <= 4 for GB200 (got 8)");
  });

  it("reports every node that shares a bad path, not only the first", () => {
    const issues = issuesOf(nodes(node("n1", { path: "hall-1" }), node("n2", { path: "hall-1" })));
    expect(issues.map((i) => i.field)).toEqual(["sites[0].nodes[0].path", "sites[0].nodes[1].path"]);
  });

  it("lists problems across sites and stops at 100", () => {
    const many = Array.from({ length: 150 }, (_, i) => node(`n${i}`, { gpuModel: "nope" }));
    const issues = issuesOf({ sites: [site({ nodes: many })] });
    expect(issues).toHaveLength(100);
    expect(issues[99]?.field).toBe("sites[0].nodes[99].gpuModel");
  });

  it("leads its message with the first problem and counts the rest", () => {
    try {
      validateFleetDocument(nodes(node("n1", { gpuCount: 0 }), node("n2", { gpuCount: 0 })), catalogue);
      expect.unreachable("the document should be refused");
    } catch (error) {
      expect(error).toBeInstanceOf(LeaseholdError);
      expect((error as LeaseholdError).message).toBe(
        "sites[0].nodes[0].gpuCount must be >= 1 (got 0) (and 1 more)",
      );
    }
  });
});

describe("a file with schema and cross-field errors", () => {
  it("reports every one of them in one pass, each at its path", () => {
    const issues = issuesOf({
      sites: [
        site({
          nodes: [
            node("n1"),
            { ...node("n2"), gpuCount: "eight" },
            node("n3", { gpuModel: "H999" }),
            node("n1"),
            node("n5", { path: "hall-1" }),
          ],
        }),
        site({ name: "memphis-2", pue: "high" }),
        site({ name: "memphis-1" }),
      ],
    });
    expect(issues.map((i) => i.field)).toEqual(
      expect.arrayContaining([
        "sites[0].nodes[1].gpuCount",
        "sites[0].nodes[2].gpuModel",
        "sites[0].nodes[3].name",
        "sites[0].nodes[4].path",
        "sites[1].pue",
        "sites[2].name",
      ]),
    );
  });

  it("a file of the wrong shape gets the shape's issues only", () => {
    expect(issuesOf({ sites: "none" }).map((i) => i.field)).toEqual(["sites"]);
    expect(issuesOf([1, 2]).map((i) => i.field)).toEqual(["(body)"]);
  });
});

describe("batteries in a fleet file", () => {
  it("need the energy they store; other sources may not state one", () => {
    const issues = issuesOf({
      sites: [
        site({
          powerSources: [
            { kind: "grid", installedMw: 10, permittedMw: 10, energyMwh: 5 },
            { kind: "battery", installedMw: 5, permittedMw: 5 },
          ],
        }),
      ],
    });
    expect(issues.map((i) => [i.field, i.bound])).toEqual([
      ["sites[0].powerSources[0].energyMwh", "battery only"],
      ["sites[0].powerSources[1].energyMwh", "> 0 MWh"],
    ]);
  });

  it("are accepted with their energy", () => {
    const doc = validateFleetDocument(
      {
        sites: [
          site({
            powerSources: [
              { kind: "grid", installedMw: 10, permittedMw: 10 },
              { kind: "battery", installedMw: 5, permittedMw: 5, energyMwh: 20 },
            ],
          }),
        ],
      },
      catalogue,
    );
    expect(doc.sites[0]?.powerSources[1]).toEqual({
      kind: "battery",
      installedMw: 5,
      permittedMw: 5,
      energyMwh: 20,
    });
  });
});
