import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { placeDueTranches } from "./due-tranches.js";
import { testLease } from "./lease-fixture.js";
import { leaseHolding } from "./lease-holding.js";
import { failNode } from "./node-events.js";
import { nodeNamed, smallIndex } from "./small-fleet-fixture.js";

const T0 = "2027-01-01T00:00:00.000Z";
const T1 = "2027-02-01T00:00:00.000Z";

/** One hall of two blocks, each of two racks of 4 H100 nodes; no spares. */
const site = () =>
  createAllocationState(
    smallIndex({
      layout: [
        [
          [4, 4],
          [4, 4],
        ],
      ],
    }),
    { spares: { nodesPerBlock: 0 } },
  );

describe("leaseHolding", () => {
  // 96 GPUs (12 nodes) from T0, 16 more from T1.
  const lease = testLease({ id: "lse_a", tranches: { [T0]: 96, [T1]: 16 } });

  it("groups the held nodes by block, with their GPUs and racks, and counts GPUs per model", () => {
    const state = site();
    placeDueTranches(state, lease, T0, []);
    expect(leaseHolding(state, lease, T0)).toEqual({
      byModel: [{ gpuModel: "H100", heldGpus: 96, missingGpus: 0 }],
      blocks: [
        { block: "hall-1/block-01", nodes: 8, gpus: 64, racks: 2 },
        { block: "hall-1/block-02", nodes: 4, gpus: 32, racks: 1 },
      ],
    });
  });

  it("shows as missing what the due tranches promise and the lease does not hold", () => {
    const state = site();
    placeDueTranches(state, lease, T0, []);
    failNode(state, nodeNamed(state.index, "rack-001-n1"));
    // Replaced from the house: nothing missing until the second tranche is due and unplaced.
    expect(leaseHolding(state, lease, T0).byModel).toEqual([
      { gpuModel: "H100", heldGpus: 96, missingGpus: 0 },
    ]);
    expect(leaseHolding(state, lease, T1).byModel).toEqual([
      { gpuModel: "H100", heldGpus: 96, missingGpus: 16 },
    ]);
  });

  it("a lease not on the site holds nothing and misses what is due", () => {
    expect(leaseHolding(site(), lease, T0)).toEqual({
      byModel: [{ gpuModel: "H100", heldGpus: 0, missingGpus: 96 }],
      blocks: [],
    });
  });
});
