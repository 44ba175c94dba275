import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import { checkInvariants } from "./invariants.js";
import { refillLease } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { leaseSnapshots, restoreLease } from "./restore-lease.js";
import { smallIndex } from "./small-fleet-fixture.js";

const spec = {
  layout: [
    [
      [4, 4],
      [4, 4],
    ],
    [[4, 4]],
  ],
};
const request = {
  leaseId: "lse_a",
  tenantId: "tnt_a",
  isolation: "rack" as const,
  placement: { policy: "packed" as const },
  gpuModel: "H100",
};

describe("restoreLease", () => {
  it("rebuilds the same owners, counters and power as the placement it was saved from", () => {
    const before = createAllocationState(smallIndex(spec), { spares: { nodesPerBlock: 1 } });
    const placed = placeTranche(before, { ...request, gpuCount: 48 });
    if (!placed.ok) throw new Error(placed.message);
    const after = createAllocationState(smallIndex(spec), { spares: { nodesPerBlock: 1 } });
    const result = restoreLease(after, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      isolation: "rack",
      requestedGpusByModel: { H100: 48 },
      nodeIds: nodeIdsOf(before.index, placed.nodes),
    });
    expect(result).toEqual({ leaseId: "lse_a", restoredNodes: 6, skippedNodeIds: [] });
    expect([...after.owner]).toEqual([...before.owner]);
    expect([...after.free]).toEqual([...before.free]);
    expect(after.committedKw).toBeCloseTo(before.committedKw, 9);
    expect(checkInvariants(after)).toEqual([]);
  });

  it("keeps a lease short, not wrong, when a saved node is no longer healthy", () => {
    const before = createAllocationState(smallIndex(spec), { spares: { nodesPerBlock: 0 } });
    const placed = placeTranche(before, { ...request, gpuCount: 16 });
    if (!placed.ok) throw new Error(placed.message);
    const ids = nodeIdsOf(before.index, placed.nodes);
    const failedName = ids[0] ?? "";
    const after = createAllocationState(smallIndex({ ...spec, states: { [failedName]: "failed" } }), {
      spares: { nodesPerBlock: 0 },
    });
    const result = restoreLease(after, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      isolation: "rack",
      requestedGpusByModel: { H100: 16 },
      nodeIds: ids,
    });
    expect(result.skippedNodeIds).toEqual([failedName]);
    expect(checkInvariants(after)).toEqual([]);
    // Restored short by one node; the usual refill makes it whole again.
    expect(refillLease(after, "lse_a")).toMatchObject({ ok: true, addedNodes: 1, shortfallGpus: 0 });
    expect(checkInvariants(after)).toEqual([]);
  });

  it("leaseSnapshots sums each lease's placed lines per model and leaves out leases with nothing placed", () => {
    const leases = [
      { id: "lse_a", tenantId: "tnt_a", isolation: "rack" as const },
      { id: "lse_b", tenantId: "tnt_b", isolation: "node" as const },
    ];
    const placed = [
      { leaseId: "lse_a", gpuModel: "H100", gpus: 16 },
      { leaseId: "lse_a", gpuModel: "H100", gpus: 8 },
      { leaseId: "lse_a", gpuModel: "GB200", gpus: 4 },
    ];
    expect(leaseSnapshots(leases, placed, new Map([["lse_a", ["n1", "n2"]]]))).toEqual([
      {
        leaseId: "lse_a",
        tenantId: "tnt_a",
        isolation: "rack",
        requestedGpusByModel: { H100: 24, GB200: 4 },
        nodeIds: ["n1", "n2"],
      },
    ]);
  });
});
