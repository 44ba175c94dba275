import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { placeDueTranches } from "./due-tranches.js";
import { testLease } from "./lease-fixture.js";
import { missingGpus } from "./missing-gpus.js";
import { failNode } from "./node-events.js";
import { nodeNamed, smallIndex } from "./small-fleet-fixture.js";

const T0 = "2027-01-01T00:00:00.000Z";
const T1 = "2027-02-01T00:00:00.000Z";
const T2 = "2027-03-01T00:00:00.000Z";

describe("missingGpus", () => {
  // 16 GPUs from T0, 16 more from T1; the site has one block of two racks of 4 nodes.
  const lease = testLease({ id: "lse_a", tranches: { [T0]: 16, [T1]: 16 } });

  it.each([
    {
      what: "nothing is due before the first tranche",
      placedAt: undefined,
      failed: [],
      now: "2026-12-01T00:00:00.000Z",
      spares: 0,
      missing: 0,
    },
    {
      what: "a due tranche not on the fleet yet is missing whole",
      placedAt: undefined,
      failed: [],
      now: T0,
      spares: 0,
      missing: 16,
    },
    {
      what: "a lease holding its due tranche misses nothing",
      placedAt: T0,
      failed: [],
      now: T0,
      spares: 0,
      missing: 0,
    },
    {
      what: "a later tranche counts only once it is due",
      placedAt: T0,
      failed: [],
      now: T1,
      spares: 0,
      missing: 16,
    },
    {
      what: "a failed node replaced from the house is not missing",
      placedAt: T0,
      failed: ["rack-001-n1"],
      now: T0,
      spares: 0,
      missing: 0,
    },
    {
      what: "a failed node replaced from a spare is not missing",
      placedAt: T0,
      failed: ["rack-001-n1"],
      now: T0,
      spares: 1,
      missing: 0,
    },
    {
      what: "every tranche placed, nothing failed",
      placedAt: T2,
      failed: [],
      now: T2,
      spares: 0,
      missing: 0,
    },
  ])("$what", ({ placedAt, failed, now, spares, missing }) => {
    const state = createAllocationState(smallIndex({ layout: [[[4, 4]]] }), {
      spares: { nodesPerBlock: spares },
    });
    if (placedAt) placeDueTranches(state, lease, placedAt, []);
    for (const name of failed) failNode(state, nodeNamed(state.index, name));
    expect(Object.fromEntries(missingGpus(state, lease, now))).toEqual({ H100: missing });
  });

  it("a leased node that fails with nothing free to replace it leaves the lease short by its GPUs", () => {
    const state = createAllocationState(smallIndex({ layout: [[[4]]] }), { spares: { nodesPerBlock: 0 } });
    const whole = testLease({ id: "lse_w", tranches: { [T0]: 32 } });
    placeDueTranches(state, whole, T0, []);
    failNode(state, nodeNamed(state.index, "rack-001-n2"));
    expect(missingGpus(state, whole, T0).get("H100")).toBe(8);
  });
});
