import { describe, expect, it } from "vitest";
import { createAllocationState, leaseOf } from "./allocation-state.js";
import { placeDueTranches } from "./due-tranches.js";
import { checkInvariants } from "./invariants.js";
import { testLease } from "./lease-fixture.js";
import { smallIndex } from "./small-fleet-fixture.js";

const T0 = "2027-01-01T00:00:00.000Z";
const T1 = "2027-02-01T00:00:00.000Z";

/** One block of two racks of 4 H100 nodes, no spares. */
const site = () =>
  createAllocationState(smallIndex({ layout: [[[4, 4]]] }), { spares: { nodesPerBlock: 0 } });

describe("placeDueTranches", () => {
  const lease = testLease({ id: "lse_a", tranches: { [T0]: 16, [T1]: 16 } });

  it.each([
    { now: "2026-12-31T23:59:59.999Z", placed: [], expected: [] },
    { now: T0, placed: [], expected: ["t1"] },
    { now: T0, placed: [{ trancheKey: "t1", lineKey: "gpu" }], expected: [] },
    { now: T1, placed: [{ trancheKey: "t1", lineKey: "gpu" }], expected: ["t2"] },
    { now: T1, placed: [], expected: ["t1", "t2"] },
  ])("at $now with $placed.length placed, places $expected", ({ now, placed, expected }) => {
    const state = site();
    const lines = placeDueTranches(state, lease, now, placed);
    expect(lines.map((l) => l.trancheKey)).toEqual(expected);
    expect(lines.every((l) => "placed" in l && l.placed.nodeIds.length === 2 && l.placed.gpus === 16)).toBe(
      true,
    );
    expect(leaseOf(state, "lse_a")?.nodes.length ?? 0).toBe(expected.length * 2);
    expect(checkInvariants(state)).toEqual([]);
  });

  it("names where a placed line went: its nodes, fit level and blocks, all preempted from the house", () => {
    const [line] = placeDueTranches(site(), lease, T0, []);
    expect(line).toEqual({
      trancheKey: "t1",
      lineKey: "gpu",
      gpuModel: "H100",
      placed: {
        nodeIds: ["rack-001-n1", "rack-001-n2"],
        gpus: 16,
        fitLevel: "rack",
        pieces: [{ block: "hall-1/block-01", nodes: 2, gpus: 16 }],
        preemptedHouseNodes: 2,
      },
    });
  });

  it("refuses a line the site cannot hold and changes nothing for it", () => {
    const state = site();
    const big = testLease({ id: "lse_big", tranches: { [T0]: 48, [T1]: 48 } });
    const lines = placeDueTranches(state, big, T1, []);
    expect(lines.map((l) => ("placed" in l ? "placed" : l.refused.reason))).toEqual([
      "placed",
      "INSUFFICIENT_CAPACITY",
    ]);
    expect(leaseOf(state, "lse_big")?.nodes).toHaveLength(6);
    expect(checkInvariants(state)).toEqual([]);
  });
});
