import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { leasableGpus } from "./leasable-gpus.js";
import { failNode } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { releaseLeaseNodes } from "./release-lease.js";
import { nodeNamed, smallIndex } from "./small-fleet-fixture.js";

/** One block of two H100 racks of 4 nodes, and one hall of GB200 (one rack of 4, 4 GPUs each). */
const spec = { layout: [[[4, 4]], [[4]]], hallModels: ["H100", "GB200"] };

describe("leasableGpus", () => {
  it.each([
    { what: "a fresh site: every healthy full node but the spares", spares: 1, act: "", H100: 56, GB200: 12 },
    { what: "no spares: every healthy full node", spares: 0, act: "", H100: 64, GB200: 16 },
    { what: "a failed house node no longer counts", spares: 1, act: "fail rack-001-n1", H100: 48, GB200: 12 },
    { what: "nodes a lease holds still count", spares: 1, act: "lease 24 H100", H100: 56, GB200: 12 },
  ])("$what", ({ spares, act, H100, GB200 }) => {
    const state = createAllocationState(smallIndex(spec), { spares: { nodesPerBlock: spares } });
    if (act.startsWith("fail")) failNode(state, nodeNamed(state.index, act.slice(5)));
    if (act.startsWith("lease")) {
      const placed = placeTranche(state, {
        leaseId: "lse_a",
        tenantId: "tnt_a",
        gpuModel: "H100",
        gpuCount: 24,
        isolation: "node",
        placement: { policy: "packed" },
      });
      expect(placed.ok).toBe(true);
    }
    expect(Object.fromEntries(leasableGpus(state))).toEqual({ H100, GB200 });
  });

  it("does not count the nodes a short spare pool takes back when a lease ends", () => {
    // One rack of 4 with one spare; a 3-node lease holds the rest, so a failure uses the spare
    // and the pool stays short until the lease ends.
    const state = createAllocationState(smallIndex({ layout: [[[4]]] }), { spares: { nodesPerBlock: 1 } });
    const placed = placeTranche(state, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      gpuModel: "H100",
      gpuCount: 24,
      isolation: "node",
      placement: { policy: "packed" },
    });
    if (!placed.ok) throw new Error(placed.message);
    expect(leasableGpus(state).get("H100")).toBe(24);
    expect(failNode(state, placed.nodes[0] ?? -1)).toMatchObject({ source: "spare" });
    // 3 healthy nodes, all leased, one of them owed to the pool: 2 leasable, as after the lease ends.
    expect(leasableGpus(state).get("H100")).toBe(16);
    releaseLeaseNodes(state, "lse_a");
    expect(leasableGpus(state).get("H100")).toBe(16);
  });
});
