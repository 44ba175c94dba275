import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { nodeIdsOf } from "./fleet-index.js";
import { checkInvariants } from "./invariants.js";
import { HOUSE, SPARE } from "./node-codes.js";
import { failNode, recoverNode, refillLease, setNodeState } from "./node-events.js";
import { placeTranche } from "./place-tranche.js";
import { nodeNamed, type SmallFleetSpec, smallIndex } from "./small-fleet-fixture.js";
import type { TrancheRequest } from "./tranche-request.js";

const lease = (nodes: number, overrides: Partial<TrancheRequest> = {}): TrancheRequest => ({
  leaseId: "lse_a",
  tenantId: "tnt_a",
  gpuModel: "H100",
  gpuCount: nodes * 8,
  isolation: "node",
  placement: { policy: "packed" },
  ...overrides,
});

function setUp(spec: SmallFleetSpec, sparesPerBlock: number) {
  const index = smallIndex(spec);
  const state = createAllocationState(index, { spares: { nodesPerBlock: sparesPerBlock } });
  const name = (i: number | undefined) => (i === undefined ? undefined : index.nodeIds[i]);
  return { index, state, name, node: (n: string) => nodeNamed(index, n) };
}

describe("failNode replaces a leased node as close as it can", () => {
  const { index, state, name, node } = setUp({ layout: [[[4, 4], [4]], [[4]]] }, 2);
  const placed = placeTranche(state, lease(3));

  it("places the lease in the tightest rack, beside the rack's spare", () => {
    expect(placed.ok && nodeIdsOf(index, placed.nodes)).toEqual([
      "rack-001-n1",
      "rack-001-n2",
      "rack-001-n3",
    ]);
  });

  it.each([
    { failed: "rack-001-n1", replacement: "rack-001-n4", level: "rack", source: "spare" },
    // Each spare taken is made good from the house nodes of the block, so the pool stays at 2.
    { failed: "rack-001-n2", replacement: "rack-002-n3", level: "block", source: "spare" },
    { failed: "rack-001-n3", replacement: "rack-002-n2", level: "block", source: "spare" },
  ])(
    "$failed is replaced by $replacement from a $source in its $level, and the pool is kept",
    ({ failed, replacement, level, source }) => {
      const result = failNode(state, node(failed));
      expect({ ...result, replacedBy: name(result.replacedBy) }).toMatchObject({
        leaseId: "lse_a",
        replacedBy: replacement,
        level,
        source,
        ownedBy: "unassigned",
        shortfallGpus: 0,
      });
      const block = index.nodeIds.flatMap((id, i) =>
        /^rack-00[12]-/.test(id) && state.owner[i] === SPARE ? [id] : [],
      );
      expect(block).toHaveLength(2);
      expect(checkInvariants(state)).toEqual([]);
    },
  );

  it("keeps the committed power unchanged through replacements", () => {
    expect(state.committedKw).toBeCloseTo(3 * 8 * 1.1 * 1.2, 9);
  });
});

describe("failNode when nothing may replace the node", () => {
  const { state, node } = setUp({ layout: [[[2], [2]]] }, 0);
  placeTranche(state, lease(2));
  placeTranche(state, lease(1, { leaseId: "lse_b", tenantId: "tnt_b", isolation: "block" }));

  it("never replaces into a block another tenant isolates, so the lease runs short by the node's GPUs", () => {
    const result = failNode(state, node("rack-001-n1"));
    expect(result).toMatchObject({ leaseId: "lse_a", shortfallGpus: 8 });
    expect(result.replacedBy).toBeUndefined();
    expect(failNode(state, node("rack-001-n2")).shortfallGpus).toBe(16);
  });

  it("refillLease makes the shortfall good once a node recovers", () => {
    expect(recoverNode(state, node("rack-001-n1"))).toMatchObject({ ownedBy: "house" });
    expect(refillLease(state, "lse_a")).toEqual({
      ok: true,
      leaseId: "lse_a",
      addedNodes: 1,
      shortfallGpus: 8,
    });
    expect(checkInvariants(state)).toEqual([]);
  });

  it("refillLease of an unknown lease is a value, not an exception", () => {
    expect(refillLease(state, "lse_x")).toMatchObject({ ok: false, reason: "LEASE_NOT_FOUND" });
  });
});

describe("refillLease after a batch of recoveries", () => {
  it("draws on the spares, then rebuilds the spare pool from the recovered nodes that went to the house", () => {
    // One rack of 8: 2 spares, a 6-node lease; 4 of its nodes fail (2 replaced by the spares, 2 short).
    const { state } = setUp({ layout: [[[8]]] }, 2);
    const placed = placeTranche(state, lease(6));
    if (!placed.ok) throw new Error(placed.message);
    const failed = Array.from(placed.nodes).slice(0, 4);
    for (const i of failed) failNode(state, i);
    const owners = () => {
      const byKind = { leased: 0, spare: 0, house: 0, out: 0 };
      for (const o of state.owner) {
        if (o >= 0) byKind.leased++;
        else if (o === SPARE) byKind.spare++;
        else if (o === HOUSE) byKind.house++;
        else byKind.out++;
      }
      return byKind;
    };
    expect(owners()).toEqual({ leased: 4, spare: 0, house: 0, out: 4 });
    // All four come back at once: the first two refill the spare pool, the others go to the house.
    for (const i of failed) recoverNode(state, i);
    expect(owners()).toEqual({ leased: 4, spare: 2, house: 2, out: 0 });
    // The refill takes the nearest nodes (the spares); the pool is then made good from the house.
    expect(refillLease(state, "lse_a")).toMatchObject({ ok: true, addedNodes: 2, shortfallGpus: 0 });
    expect(owners()).toEqual({ leased: 6, spare: 2, house: 0, out: 0 });
    expect(checkInvariants(state)).toEqual([]);
  });
});

describe("node health changes outside leases", () => {
  it("a recovered node rejoins its block's spare pool while the block is short, else goes to the house", () => {
    const { state, node } = setUp({ layout: [[[4]]] }, 1);
    expect(failNode(state, node("rack-001-n4"))).toMatchObject({
      previousState: "healthy",
      ownedBy: "unassigned",
    });
    expect(recoverNode(state, node("rack-001-n4"))).toMatchObject({ ownedBy: "spare" });
    failNode(state, node("rack-001-n1"));
    expect(recoverNode(state, node("rack-001-n1"))).toMatchObject({ ownedBy: "house" });
    expect(checkInvariants(state)).toEqual([]);
  });

  it("a degraded leased node is replaced and stays with the house for internal work", () => {
    const { state, name, node } = setUp({ layout: [[[4]]] }, 0);
    placeTranche(state, lease(2));
    const result = setNodeState(state, node("rack-001-n1"), "degraded");
    expect({ ...result, replacedBy: name(result.replacedBy) }).toMatchObject({
      state: "degraded",
      ownedBy: "house",
      replacedBy: "rack-001-n3",
      shortfallGpus: 0,
    });
  });

  it("maintenance takes a node out of service like a failure", () => {
    const { state, node } = setUp({ layout: [[[4]]] }, 0);
    expect(setNodeState(state, node("rack-001-n2"), "maintenance")).toMatchObject({ ownedBy: "unassigned" });
    expect(setNodeState(state, node("rack-001-n2"), "maintenance")).toMatchObject({
      previousState: "maintenance",
    });
    expect(checkInvariants(state)).toEqual([]);
  });
});
