import { describe, expect, it } from "vitest";
import { accountSite } from "./accounting.js";
import { createAllocationState } from "./allocation-state.js";
import { checkInvariants } from "./invariants.js";
import { SPARE } from "./node-codes.js";
import { failNode } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { releaseLease, releaseLeaseNodes } from "./release-lease.js";
import { smallIndex } from "./small-fleet-fixture.js";

describe("releaseLease", () => {
  it("returns every node of every tranche to the house and frees the lease's power", () => {
    const state = createAllocationState(
      smallIndex({ layout: [[[4, 4]], [[4]]], hallModels: ["H100", "GB200"] }),
      {
        spares: { nodesPerBlock: 0 },
      },
    );
    const base = {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      isolation: "rack" as const,
      placement: { policy: "packed" as const },
    };
    placeTranche(state, { ...base, gpuModel: "H100", gpuCount: 24 });
    placeTranche(state, { ...base, gpuModel: "H100", gpuCount: 16 });
    placeTranche(state, { ...base, gpuModel: "GB200", gpuCount: 8 });
    expect(releaseLease(state, "lse_a")).toMatchObject({ ok: true, releasedNodes: 7, releasedGpus: 48 });
    expect(state.committedKw).toBeCloseTo(0, 9);
    expect(accountSite(state).map((a) => [a.gpuModel, a.house.gpus, a.leased.gpus])).toEqual([
      ["H100", 64, 0],
      ["GB200", 16, 0],
    ]);
    expect(checkInvariants(state)).toEqual([]);
  });

  it("a lease that ends gives its block back the spares its replacements used", () => {
    // One rack of 4 with one spare; a 3-node lease takes the spare when a node fails, leaving none.
    const state = createAllocationState(smallIndex({ layout: [[[4]]] }), { spares: { nodesPerBlock: 1 } });
    const placed = placeTranche(state, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      isolation: "node",
      placement: { policy: "packed" },
      gpuModel: "H100",
      gpuCount: 24,
    });
    if (!placed.ok) throw new Error(placed.message);
    const first = placed.nodes[0] ?? -1;
    expect(failNode(state, first)).toMatchObject({ source: "spare" });
    const spares = () => state.owner.filter((o) => o === SPARE).length;
    expect(spares()).toBe(0);
    expect(releaseLeaseNodes(state, "lse_a")).toHaveLength(3);
    expect(spares()).toBe(1);
    expect(checkInvariants(state)).toEqual([]);
  });

  it("an unknown lease is LEASE_NOT_FOUND, not an exception", () => {
    const state = createAllocationState(smallIndex({ layout: [[[1]]] }));
    expect(releaseLease(state, "lse_x")).toEqual({
      ok: false,
      reason: "LEASE_NOT_FOUND",
      message: "no lease lse_x on site test-site",
    });
  });

  it("releaseLeaseNodes names the nodes it gave back; none for a lease not on the site", () => {
    const state = createAllocationState(smallIndex({ layout: [[[4]]] }), { spares: { nodesPerBlock: 0 } });
    placeTranche(state, {
      leaseId: "lse_a",
      tenantId: "tnt_a",
      isolation: "node",
      placement: { policy: "packed" },
      gpuModel: "H100",
      gpuCount: 16,
    });
    expect(releaseLeaseNodes(state, "lse_a").sort()).toEqual(["rack-001-n1", "rack-001-n2"]);
    expect(releaseLeaseNodes(state, "lse_a")).toEqual([]);
    expect(checkInvariants(state)).toEqual([]);
  });
});
