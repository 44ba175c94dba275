import { describe, expect, it } from "vitest";
import { domainAt, pathProblem } from "./topology.js";
import { buildTopologyMap, type RackCount } from "./topology-map.js";

const LEVELS = ["hall", "block", "rack", "node"];

const rack = (path: string, state: RackCount["state"], nodeCount: number, gpuModel = "H100"): RackCount => ({
  path,
  gpuModel,
  state,
  nodeCount,
  gpuCount: nodeCount * 8,
});

describe("buildTopologyMap", () => {
  // Deliberately out of order, with one rack split over two states.
  const counts = [
    rack("hall-02/block-003/rack-0009", "healthy", 8),
    rack("hall-01/block-002/rack-0005", "healthy", 6),
    rack("hall-01/block-001/rack-0002", "healthy", 8),
    rack("hall-01/block-002/rack-0005", "failed", 2),
    rack("hall-01/block-001/rack-0001", "maintenance", 1),
    rack("hall-01/block-001/rack-0001", "healthy", 7),
  ];
  const map = buildTopologyMap(LEVELS, counts);

  it("groups racks into their blocks, blocks and racks in path order", () => {
    expect(map.groups.map((g) => [g.path, g.racks.map((r) => r.name)])).toEqual([
      ["hall-01/block-001", ["rack-0001", "rack-0002"]],
      ["hall-01/block-002", ["rack-0005"]],
      ["hall-02/block-003", ["rack-0009"]],
    ]);
  });

  it("merges a rack's states into one cell and sums GPUs per block", () => {
    const [first] = map.groups;
    expect(first?.racks[0]).toEqual({
      path: "hall-01/block-001/rack-0001",
      name: "rack-0001",
      gpuModel: "H100",
      gpus: 64,
      nodesByState: { healthy: 7, degraded: 0, failed: 0, maintenance: 1 },
    });
    expect(map.groups.map((g) => g.gpus)).toEqual([128, 64, 64]);
  });

  it("names the levels cells and groups stand for", () => {
    expect(map).toMatchObject({ levels: LEVELS, cellLevel: "rack", groupLevel: "block" });
  });

  it("puts every rack of a two-level site into one group with no group level", () => {
    const flat = buildTopologyMap(["rack", "node"], [rack("r1", "healthy", 2), rack("r2", "failed", 1)]);
    expect(flat.cellLevel).toBe("rack");
    expect(flat.groupLevel).toBeNull();
    expect(flat.groups).toHaveLength(1);
    expect(flat.groups[0]?.path).toBe("");
    expect(flat.groups[0]?.racks.map((r) => r.name)).toEqual(["r1", "r2"]);
  });

  it("draws an empty site as no groups", () => {
    expect(buildTopologyMap(LEVELS, []).groups).toEqual([]);
  });
});

describe("topology paths", () => {
  it.each([
    ["hall-01/block-003/rack-0130", undefined],
    ["hall-01/block-003", "must have 3 segments (hall/block/rack), got 2"],
    ["", "must have 3 segments (hall/block/rack), got 0"],
    ["hall-01//rack-1", 'segment "" must match ^[A-Za-z0-9._-]{1,64}$'],
    ["hall 1/block-1/rack-1", 'segment "hall 1" must match ^[A-Za-z0-9._-]{1,64}$'],
  ])("judges %j: %s", (path, problem) => {
    expect(pathProblem(path, LEVELS)).toBe(problem);
  });

  it.each([
    [1, "hall-01"],
    [2, "hall-01/block-003"],
    [9, "hall-01/block-003/rack-0130"],
  ])("takes the domain at depth %i", (depth, domain) => {
    expect(domainAt("hall-01/block-003/rack-0130", depth)).toBe(domain);
  });
});
