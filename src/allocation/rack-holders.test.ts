import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { failNode } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { rackHolders } from "./rack-holders.js";
import { nodeNamed, smallIndex } from "./small-fleet-fixture.js";

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
