import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { testLease } from "./lease-fixture.js";
import { siteAvailability } from "./site-availability.js";
import { smallIndex } from "./small-fleet-fixture.js";

const T0 = "2027-01-01T00:00:00.000Z";
const T1 = "2027-02-01T00:00:00.000Z";
const T2 = "2027-03-01T00:00:00.000Z";

describe("siteAvailability", () => {
  it("steps the leasable GPUs down while a lease holds them, and says what limits each step", () => {
    // One rack of 4 H100 nodes (10.56 kW each at PUE 1.2) under a 0.035 MW permit: 3 nodes' worth.
    const state = createAllocationState(smallIndex({ layout: [[[4]]], permittedMw: 0.035 }), {
      spares: { nodesPerBlock: 0 },
    });
    const held = testLease({ id: "held", tranches: { [T1]: 8 }, endsAt: T2, status: "reserved" });
    const view = siteAvailability(state, [held], T0, "2027-04-01T00:00:00.000Z");
    expect(view.now).toEqual([expect.objectContaining({ gpuModel: "H100", house: { nodes: 4, gpus: 32 } })]);
    expect(view.byModel).toEqual([
      {
        gpuModel: "H100",
        leasableGpus: 32,
        steps: [
          { from: T0, until: T1, availableGpus: 26, limitedBy: "power" },
          { from: T1, until: T2, availableGpus: 18, limitedBy: "power" },
          { from: T2, until: "2027-04-01T00:00:00.000Z", availableGpus: 26, limitedBy: "power" },
        ],
      },
    ]);
  });
});
