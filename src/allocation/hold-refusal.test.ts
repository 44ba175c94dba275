import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { placeDueTranches } from "./due-tranches.js";
import { holdRefusal } from "./hold-refusal.js";
import { testLease } from "./lease-fixture.js";
import { smallIndex } from "./small-fleet-fixture.js";

const T0 = "2027-01-01T00:00:00.000Z";

/** One rack of 4 H100 nodes (10.56 kW each at PUE 1.2), no spares, under a permit of `permittedMw`. */
const site = (permittedMw = 100) =>
  createAllocationState(smallIndex({ layout: [[[4]]], permittedMw }), { spares: { nodesPerBlock: 0 } });

describe("holdRefusal", () => {
  it("holds a lease the calendar and the fleet have room for", () => {
    const draft = testLease({ id: "new", tranches: { [T0]: 32 }, status: "draft" });
    expect(holdRefusal(site(), draft, [], T0)).toBeUndefined();
  });

  it("names the line and the GPUs free when the calendar runs short beside another lease", () => {
    const other = testLease({ id: "other", tranches: { [T0]: 16 } });
    const draft = testLease({ id: "new", tranches: { [T0]: 24 }, status: "draft" });
    expect(holdRefusal(site(), draft, [other], T0)).toEqual({
      field: "lines[0].gpuCount",
      message: `test-site: needs 24 H100 GPUs at ${T0}; 16 available`,
      bound: `<= 16 H100 GPUs free at test-site from ${T0}`,
    });
  });

  it("names the permit when power is the limit", () => {
    const draft = testLease({ id: "new", tranches: { [T0]: 24 }, status: "draft" });
    expect(holdRefusal(site(0.025), draft, [], T0)).toMatchObject({
      message: expect.stringMatching(/^test-site: leases would draw 0\.0 MW of 0\.0 MW permitted/),
      bound: "<= 0.025 MW permitted at test-site",
    });
  });

  it("a running lease is not held against itself: what it holds already needs no room", () => {
    const state = site();
    const lease = testLease({ id: "running", tranches: { [T0]: 32 } });
    placeDueTranches(state, lease, T0, []);
    expect(holdRefusal(state, lease, [], T0)).toBeUndefined();
    // The same lease as a draft would have to place whole on a site it already fills.
    expect(holdRefusal(state, { ...lease, status: "draft" }, [], T0)).toMatchObject({
      message: expect.stringContaining("needs 4 H100 nodes"),
    });
  });

  it("passes on the fleet's refusal, naming the site, when the calendar has room but isolation does not", () => {
    // Two blocks of one rack of 4 nodes; another tenant isolates the block its one node sits in.
    const state = createAllocationState(smallIndex({ layout: [[[4], [4]]] }), {
      spares: { nodesPerBlock: 0 },
    });
    const other = testLease({ id: "other", tranches: { [T0]: 8 }, isolation: "block" });
    placeDueTranches(state, other, T0, []);
    const draft = testLease({ id: "new", tranches: { [T0]: 40 }, status: "draft" });
    expect(holdRefusal(state, draft, [other], T0)).toEqual({
      message:
        "test-site: needs 5 H100 nodes (40 GPUs); 4 available in domains no other tenant isolates (7 free on the site)",
      blockingLeaseIds: ["other"],
    });
  });
});
