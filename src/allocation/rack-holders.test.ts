import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { failNode } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { nodeHolders, rackHolders } from "./rack-holders.js";
import { nodeNamed, smallIndex } from "./small-fleet-fixture.js";

function leasedBlock() {
  // One block of two racks of 4 nodes, one spare; a lease of 3 nodes, and one house node failed.
  const state = createAllocationState(smallIndex({ layout: [[[4, 4]]] }), { spares: { nodesPerBlock: 1 } });
  const placed = placeTranche(state, {
    leaseId: "lse_a",
    tenantId: "tnt_a",
    gpuModel: "H100",
    gpuCount: 24,
    isolation: "node",
    placement: { policy: "packed" },
  });
  expect(placed.ok).toBe(true);
  failNode(state, nodeNamed(state.index, "rack-002-n1"));
  return state;
}

describe("nodeHolders", () => {
  it("names who holds each node under a block or a rack, in path order", () => {
    const state = leasedBlock();
    const block = nodeHolders(state, "hall-1/block-01");
    expect(block).toHaveLength(8);
    expect(nodeHolders(state, "hall-1/block-01/rack-002")).toEqual([
      { name: "rack-002-n1", holder: "out" },
      { name: "rack-002-n2", holder: "house" },
      { name: "rack-002-n3", holder: "house" },
      { name: "rack-002-n4", holder: "house" },
    ]);
    const count = (holder: string) => block.filter((n) => n.holder === holder).length;
    expect([count("lse_a"), count("spare"), count("out"), count("house")]).toEqual([3, 1, 1, 3]);
  });

  it("answers no nodes for a path that is no domain, nor for a prefix that is not a whole segment", () => {
    const state = leasedBlock();
    expect(nodeHolders(state, "hall-9")).toEqual([]);
    expect(nodeHolders(state, "hall-1/block-0")).toEqual([]);
  });
});

describe("rackHolders", () => {
  it("counts every rack's nodes by holder: a lease id, house, spare or out", () => {
    // One block of two racks of 4 nodes, one spare.
    const state = createAllocationState(smallIndex({ layout: [[[4, 4]]] }), { spares: { nodesPerBlock: 1 } });
    const placed = placeTranche(state, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      gpuModel: "H100",
      gpuCount: 24,
      isolation: "node",
      placement: { policy: "packed" },
    });
    expect(placed.ok).toBe(true);
    failNode(state, nodeNamed(state.index, "rack-002-n1"));
    expect(rackHolders(state)).toEqual({
      racks: [
        { path: "hall-1/block-01/rack-001", holders: { lse_a: 3, spare: 1 } },
        { path: "hall-1/block-01/rack-002", holders: { out: 1, house: 3 } },
      ],
      leases: [{ leaseId: "lse_a", tenantId: "tnt_a", nodes: 3 }],
    });
  });
});
