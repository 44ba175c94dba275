import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { placeTranche } from "./place-tranche.js";
import { powerReport } from "./power.js";
import { smallIndex } from "./small-fleet-fixture.js";

/** 1,000 H100 nodes at PUE 1.25: 11 kW per node, 5 MW permitted, so 454 nodes at most may be leased. */
const index = smallIndex({ layout: [[Array.from({ length: 125 }, () => 8)]], pue: 1.25, permittedMw: 5 });
const tranche = (leaseId: string, nodes: number) => ({
  leaseId,
  tenantId: "tnt_a",
  gpuModel: "H100",
  gpuCount: nodes * 8,
  isolation: "node" as const,
  placement: { policy: "packed" as const },
});

describe("the power permit", () => {
  it("refuses a tranche that would take leases past the permit, with the numbers", () => {
    const state = createAllocationState(index, { spares: { nodesPerBlock: 0 } });
    expect(placeTranche(state, tranche("lse_a", 500))).toEqual({
      ok: false,
      reason: "POWER",
      message:
        "leases would draw 5.5 MW of 5.0 MW permitted (0.0 MW already leased + 5.5 MW for this tranche)",
      wouldDrawMw: 5.5,
      permittedMw: 5,
    });
  });

  it("counts the draw already leased against the permit", () => {
    const state = createAllocationState(index, { spares: { nodesPerBlock: 0 } });
    const first = placeTranche(state, tranche("lse_a", 400));
    expect(first.ok && [first.trancheMw, first.leasedMw].map((mw) => mw.toFixed(6))).toEqual([
      "4.400000",
      "4.400000",
    ]);
    expect(placeTranche(state, tranche("lse_b", 100))).toMatchObject({
      reason: "POWER",
      message:
        "leases would draw 5.5 MW of 5.0 MW permitted (4.4 MW already leased + 1.1 MW for this tranche)",
    });
    expect(placeTranche(state, tranche("lse_b", 54))).toMatchObject({ ok: true });
  });

  it("runs only as much house work as the remaining power allows; the rest idles", () => {
    const state = createAllocationState(index, { spares: { nodesPerBlock: 0 } });
    placeTranche(state, tranche("lse_a", 400));
    const report = powerReport(state);
    expect(report).toMatchObject({
      permittedMw: 5,
      houseNodes: 600,
      houseRunnableNodes: 54,
      houseIdleNodes: 546,
    });
    expect(report.headroomMw).toBeCloseTo(0.6, 9);
    expect(report.houseFullMw).toBeCloseTo(6.6, 9);
    expect(report.houseRunnableNodes * 0.011).toBeLessThanOrEqual(report.headroomMw);
  });
});
