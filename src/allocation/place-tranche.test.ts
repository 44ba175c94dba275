import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import type { Isolation } from "./isolation.js";
import { placeTranche } from "./place-tranche.js";
import type { PlacementResult } from "./placement-result.js";
import { type SmallFleetSpec, smallIndex } from "./small-fleet-fixture.js";
import type { TrancheRequest } from "./tranche-request.js";

const NO_SPARES = { spares: { nodesPerBlock: 0 } };

function request(
  overrides: Partial<TrancheRequest> & { nodes?: number; isolation?: Isolation },
): TrancheRequest {
  const { nodes = 1, ...rest } = overrides;
  return {
    leaseId: "lse_a",
    tenantId: "tnt_a",
    gpuModel: "H100",
    gpuCount: nodes * 8,
    isolation: "node",
    placement: { policy: "packed" },
    ...rest,
  };
}

function racksOf(spec: SmallFleetSpec, result: PlacementResult): string[] {
  if (!result.ok) throw new Error(result.message);
  const index = smallIndex(spec);
  return [...new Set(nodeIdsOf(index, result.nodes).map((id) => id.split("-n")[0] ?? id))];
}

describe("placeTranche chooses the tightest domain that fits", () => {
  const cases: Array<{ name: string; spec: SmallFleetSpec; nodes: number; racks: string[] }> = [
    {
      name: "an exact fit in the smallest rack",
      spec: { layout: [[[8, 4, 6]]] },
      nodes: 4,
      racks: ["rack-002"],
    },
    {
      name: "the next smallest rack that still holds it",
      spec: { layout: [[[8, 4, 6]]] },
      nodes: 5,
      racks: ["rack-003"],
    },
    {
      name: "the tightest block when no rack is big enough",
      spec: {
        layout: [
          [
            [4, 4, 4],
            [4, 4],
          ],
        ],
      },
      nodes: 6,
      racks: ["rack-004", "rack-005"],
    },
    {
      name: "the fewest racks inside that block",
      spec: { layout: [[[2, 2, 2, 2, 6]]] },
      nodes: 7,
      racks: ["rack-005", "rack-001"],
    },
  ];
  it.each(cases)("best fit picks $name", ({ spec, nodes, racks }) => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    const result = placeTranche(state, request({ nodes }));
    expect(racksOf(spec, result)).toEqual(racks);
  });

  it("reports the level it fit at and the pieces by block", () => {
    const spec = {
      layout: [
        [
          [4, 4, 4],
          [4, 4],
        ],
      ],
    };
    const result = placeTranche(createAllocationState(smallIndex(spec), NO_SPARES), request({ nodes: 6 }));
    expect(result).toMatchObject({ ok: true, gpus: 48, fitLevel: "block", preemptedHouseNodes: 6 });
    expect(result.ok && result.pieces).toEqual([{ block: "hall-1/block-02", nodes: 6, gpus: 48 }]);
  });
});

describe("placeTranche across blocks", () => {
  it("packed uses the fewest blocks: largest first, best fit for the remainder", () => {
    const spec = { layout: [[[2], [8], [2], [6], [2]]] };
    const result = placeTranche(createAllocationState(smallIndex(spec), NO_SPARES), request({ nodes: 12 }));
    expect(result.ok && result.pieces.map((p) => [p.block, p.nodes])).toEqual([
      ["hall-1/block-02", 8],
      ["hall-1/block-04", 4],
    ]);
  });

  it("packed prefers the hall that needs fewer blocks", () => {
    const spec = {
      layout: [
        [[2], [2], [2], [2], [2]],
        [[6], [6]],
      ],
    };
    const result = placeTranche(createAllocationState(smallIndex(spec), NO_SPARES), request({ nodes: 10 }));
    expect(result).toMatchObject({ ok: true, fitLevel: "hall" });
    expect(result.ok && result.pieces.map((p) => p.block)).toEqual(["hall-2/block-06", "hall-2/block-07"]);
  });

  it("spread covers the halls round-robin", () => {
    const spec = {
      layout: [
        [[4], [4]],
        [[4], [4]],
        [[4], [4]],
      ],
    };
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    const result = placeTranche(state, request({ nodes: 12, placement: { policy: "spread" } }));
    expect(result).toMatchObject({ ok: true, fitLevel: "site" });
    const halls = result.ok ? result.pieces.map((p) => p.block.split("/")[0]) : [];
    expect(halls).toEqual(["hall-1", "hall-2", "hall-3"]);
  });

  it("spread still takes a single block when one holds the whole tranche", () => {
    const spec = {
      layout: [
        [[4], [4]],
        [[4], [4]],
      ],
    };
    const result = placeTranche(
      createAllocationState(smallIndex(spec), NO_SPARES),
      request({ nodes: 4, placement: { policy: "spread" } }),
    );
    expect(result.ok && result.pieces).toHaveLength(1);
  });

  it("every piece respects the minimum island, taking from earlier pieces to make the last one large enough", () => {
    const spec = { layout: [[[6], [5], [5]]] };
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    const result = placeTranche(
      state,
      request({ nodes: 12, placement: { policy: "packed", minIslandGpus: 24 } }),
    );
    expect(result.ok && result.pieces.map((p) => p.nodes)).toEqual([6, 3, 3]);
  });

  it("refuses with the island size when no split into large enough pieces exists", () => {
    const spec = { layout: [[[6], [5], [5]]] };
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    const result = placeTranche(
      state,
      request({ nodes: 12, placement: { policy: "packed", minIslandGpus: 40 } }),
    );
    expect(result).toMatchObject({ ok: false, reason: "INSUFFICIENT_CAPACITY" });
    expect(!result.ok && result.message).toContain("pieces of at least 5 nodes (40 GPUs)");
  });
});

describe("placeTranche keeps tenants isolated", () => {
  const spec = {
    layout: [
      [
        [4, 4],
        [4, 4],
      ],
    ],
  };

  it("a block-isolated lease keeps other tenants out of its block", () => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    const first = placeTranche(state, request({ isolation: "block", nodes: 1 }));
    const second = placeTranche(state, request({ leaseId: "lse_b", tenantId: "tnt_b", nodes: 4 }));
    const blocks = [first, second].map((r) => (r.ok ? r.pieces[0]?.block : r.message));
    expect(blocks).toEqual(["hall-1/block-01", "hall-1/block-02"]);
  });

  it("a block-isolated lease never enters a block holding another tenant", () => {
    const state = createAllocationState(smallIndex({ layout: [[[2], [4]]] }), NO_SPARES);
    placeTranche(state, request({ nodes: 1 }));
    placeTranche(state, request({ leaseId: "lse_b", tenantId: "tnt_b", nodes: 4 }));
    const result = placeTranche(state, request({ leaseId: "lse_c", tenantId: "tnt_c", isolation: "block" }));
    expect(result).toMatchObject({ ok: false, reason: "ISOLATION" });
    expect(!result.ok && result.message).toBe(
      "needs 1 H100 nodes (8 GPUs); 0 available in isolation-compatible blocks (1 free on the site)",
    );
  });

  it("the same tenant may share its own isolated block with another of its leases", () => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    placeTranche(state, request({ isolation: "block", nodes: 4 }));
    placeTranche(state, request({ leaseId: "lse_b", tenantId: "tnt_b", isolation: "block", nodes: 4 }));
    const result = placeTranche(state, request({ leaseId: "lse_c", isolation: "rack", nodes: 4 }));
    expect(result.ok && racksOf(spec, result)).toEqual(["rack-002"]);
  });

  it("a site-isolated lease needs the whole site to itself", () => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    placeTranche(state, request({ leaseId: "lse_b", tenantId: "tnt_b" }));
    expect(placeTranche(state, request({ isolation: "site" }))).toMatchObject({
      ok: false,
      reason: "ISOLATION",
    });
  });
});

describe("placeTranche refuses bad requests as values", () => {
  const spec = { layout: [[[4, 4]]], hallModels: ["H100"] };
  const cases: Array<{ name: string; change: Partial<TrancheRequest>; field: string; message: string }> = [
    {
      name: "a gpuCount that is not a multiple of the node size",
      change: { gpuCount: 12 },
      field: "gpuCount",
      message: "gpuCount must be a positive multiple of 8 for H100 (got 12)",
    },
    {
      name: "a zero gpuCount",
      change: { gpuCount: 0 },
      field: "gpuCount",
      message: "gpuCount must be a positive multiple of 8 for H100 (got 0)",
    },
    {
      name: "a fractional gpuCount",
      change: { gpuCount: 8.5 },
      field: "gpuCount",
      message: "gpuCount must be a positive multiple of 8 for H100 (got 8.5)",
    },
    {
      name: "a model the site does not have",
      change: { gpuModel: "B200" },
      field: "gpuModel",
      message: "site test-site has no B200 nodes (one of H100)",
    },
    {
      name: "an island larger than the tranche",
      change: { placement: { policy: "packed", minIslandGpus: 64 } },
      field: "placement.minIslandGpus",
      message: "placement.minIslandGpus must be a positive integer <= gpuCount 8 (got 64)",
    },
  ];
  it.each(cases)("$name is an INVALID_REQUEST naming the field", ({ change, field, message }) => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    expect(placeTranche(state, { ...request({}), ...change })).toEqual({
      ok: false,
      reason: "INVALID_REQUEST",
      field,
      message,
    });
  });

  it("a later tranche must keep the lease's tenant and isolation", () => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    placeTranche(state, request({}));
    expect(placeTranche(state, request({ tenantId: "tnt_b" }))).toMatchObject({
      reason: "INVALID_REQUEST",
      field: "tenantId",
    });
    expect(placeTranche(state, request({ isolation: "rack" }))).toMatchObject({
      reason: "INVALID_REQUEST",
      field: "isolation",
    });
  });

  it("more GPUs than the site has free is INSUFFICIENT_CAPACITY with the numbers", () => {
    const state = createAllocationState(smallIndex(spec), NO_SPARES);
    expect(placeTranche(state, request({ nodes: 9 }))).toMatchObject({
      ok: false,
      reason: "INSUFFICIENT_CAPACITY",
      message: "needs 9 H100 nodes (72 GPUs); 8 available (healthy, not leased, not spare)",
    });
  });

  it("only healthy nodes are placed: degraded, failed and maintenance nodes are skipped", () => {
    const states = {
      "rack-001-n1": "degraded",
      "rack-001-n2": "failed",
      "rack-001-n3": "maintenance",
    } as const;
    const index = smallIndex({ layout: [[[4, 4]]], states });
    const state = createAllocationState(index, NO_SPARES);
    const result = placeTranche(state, request({ nodes: 5 }));
    expect(result.ok && nodeIdsOf(index, result.nodes).sort()).toEqual([
      "rack-001-n4",
      "rack-002-n1",
      "rack-002-n2",
      "rack-002-n3",
      "rack-002-n4",
    ]);
    expect(placeTranche(state, request({ leaseId: "lse_b" }))).toMatchObject({
      reason: "INSUFFICIENT_CAPACITY",
    });
  });
});
