import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { checkInvariants } from "./invariants.js";
import { decideNodeStates, needsFollowUp } from "./node-decision.js";
import { placeTranche } from "./place-tranche.js";
import { refillShortLeases } from "./refill-short-leases.js";
import { nodeNamed, type SmallFleetSpec, smallIndex } from "./small-fleet-fixture.js";

const lease = (nodes: number) => ({
  leaseId: "lse_a",
  tenantId: "tnt_a",
  gpuModel: "H100",
  gpuCount: nodes * 8,
  isolation: "node" as const,
  placement: { policy: "packed" as const },
});

/** A site with a lease of `nodes` nodes placed; `nodes(...)` turns names into indices. */
function setUp(spec: SmallFleetSpec, spares: number, nodes: number) {
  const state = createAllocationState(smallIndex(spec), { spares: { nodesPerBlock: spares } });
  expect(placeTranche(state, lease(nodes)).ok).toBe(true);
  return { state, nodes: (...names: string[]) => names.map((n) => nodeNamed(state.index, n)) };
}

/** Two blocks of two and one rack, and a hall of one rack; 2 spares per block. The lease holds rack-001-n1…n3. */
const spec: SmallFleetSpec = { layout: [[[4, 4], [4]], [[4]]] };

describe("decideNodeStates", () => {
  it("a failed leased node is replaced from its rack's spare", () => {
    const { state, nodes } = setUp(spec, 2, 3);
    const decision = decideNodeStates(state, nodes("rack-001-n1"), "failed", "operator:ann");
    expect(decision).toEqual({
      released: [{ nodeId: "rack-001-n1", leaseId: "lse_a" }],
      assigned: [{ nodeId: "rack-001-n4", leaseId: "lse_a" }],
      moves: [
        {
          nodeId: "rack-001-n1",
          from: "lease:lse_a",
          to: "out_of_service",
          leaseId: "lse_a",
          reason: "node failed (operator:ann)",
        },
        {
          nodeId: "rack-001-n4",
          from: "spare",
          to: "lease:lse_a",
          leaseId: "lse_a",
          reason: "replaces rack-001-n1",
        },
      ],
      events: [
        {
          leaseId: "lse_a",
          tenantId: "tnt_a",
          siteId: "test-site",
          failedNodeId: "rack-001-n1",
          state: "failed",
          replacementNodeId: "rack-001-n4",
          level: "rack",
          source: "spare",
          shortfallGpus: 0,
        },
      ],
      touched: new Set(),
      refill: false,
    });
    expect(needsFollowUp(decision)).toBe(false);
    expect(checkInvariants(state)).toEqual([]);
  });

  it("a degraded leased node goes to the house, and its replacement joins the lease", () => {
    const { state, nodes } = setUp(spec, 2, 3);
    const decision = decideNodeStates(state, nodes("rack-001-n2"), "degraded", "agent");
    expect(decision.moves.map((m) => [m.nodeId, m.from, m.to])).toEqual([
      ["rack-001-n2", "lease:lse_a", "house"],
      ["rack-001-n4", "spare", "lease:lse_a"],
    ]);
  });

  it("a replacement that fails in the same batch never joins: only the last replacement is assigned", () => {
    const { state, nodes } = setUp(spec, 2, 3);
    const decision = decideNodeStates(state, nodes("rack-001-n1", "rack-001-n4"), "failed", "pdu");
    // The spare pool is made good from the house after each spare taken: rack-002-n3 joins it first.
    expect(decision.assigned).toEqual([{ nodeId: "rack-002-n3", leaseId: "lse_a" }]);
    expect(decision.released.map((r) => r.nodeId)).toEqual(["rack-001-n1", "rack-001-n4"]);
    expect(decision.moves).toHaveLength(4);
    expect(decision.events.map((e) => [e.failedNodeId, e.replacementNodeId])).toEqual([
      ["rack-001-n1", "rack-001-n4"],
      ["rack-001-n4", "rack-002-n3"],
    ]);
    expect(checkInvariants(state)).toEqual([]);
  });

  it("a failure with nothing to take leaves the lease short, then a recovery triggers a refill", () => {
    // One rack of 4, no spares, all leased.
    const { state, nodes } = setUp({ layout: [[[4]]] }, 0, 4);
    const failed = decideNodeStates(state, nodes("rack-001-n2"), "failed", "agent");
    expect(failed).toMatchObject({
      released: [{ nodeId: "rack-001-n2", leaseId: "lse_a" }],
      assigned: [],
      events: [{ replacementNodeId: null, level: null, source: null, shortfallGpus: 8 }],
      touched: new Set(["lse_a"]),
      refill: false,
    });
    expect(needsFollowUp(failed)).toBe(true);

    const recovered = decideNodeStates(state, nodes("rack-001-n2"), "healthy", "agent");
    expect(recovered).toMatchObject({ released: [], assigned: [], moves: [], events: [], refill: true });
    expect(needsFollowUp(recovered)).toBe(true);
    expect(refillShortLeases(state)).toEqual([{ leaseId: "lse_a", nodeIds: ["rack-001-n2"] }]);
    expect(refillShortLeases(state)).toEqual([]);
    expect(checkInvariants(state)).toEqual([]);
  });

  it.each(["failed", "maintenance", "degraded", "healthy"] as const)(
    "an unleased node going %s moves no allocation row",
    (to) => {
      const { state, nodes } = setUp(spec, 2, 3);
      const decision = decideNodeStates(state, nodes("rack-002-n1"), to, "agent");
      expect(decision).toEqual({
        released: [],
        assigned: [],
        moves: [],
        events: [],
        touched: new Set(),
        refill: false,
      });
      expect(needsFollowUp(decision)).toBe(false);
    },
  );
});
