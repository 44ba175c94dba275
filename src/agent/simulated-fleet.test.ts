import { describe, expect, it } from "vitest";
import { SimulatedFleet, type SimulatedNode } from "./simulated-fleet.js";

const nodes: SimulatedNode[] = Array.from({ length: 40 }, (_, i) => ({
  name: `n${i}`,
  path: `block-${Math.floor(i / 20)}/rack-${Math.floor(i / 10)}`,
  gpuCount: 8,
}));
const base = { seed: 7, intervalS: 10, failuresPerNodeHour: 0, repairS: 600 };

describe("SimulatedFleet", () => {
  it("repeats exactly for a seed", () => {
    const run = () => {
      const fleet = new SimulatedFleet(nodes, { ...base, failuresPerNodeHour: 5 });
      return Array.from({ length: 50 }, () => fleet.next().map((r) => (r === null ? -1 : r.gpus.length)));
    };
    expect(run()).toEqual(run());
  });

  it("reports every node healthy with 8 GPUs when nothing fails", () => {
    const fleet = new SimulatedFleet(nodes, base);
    const reports = fleet.next();
    expect(
      reports.every((r) => r !== null && r.gpus.length === 8 && r.gpus.every((g) => g.xid === null)),
    ).toBe(true);
  });

  it("raises XID 79 once on every node of the storm's rack, and no other", () => {
    const fleet = new SimulatedFleet(nodes, { ...base, xidStormRack: "block-0/rack-1", xidStormTick: 2 });
    const ticks = Array.from({ length: 4 }, () => fleet.next());
    const xidNodes = ticks.map((t) => t.flatMap((r, i) => (r?.gpus.some((g) => g.xid === 79) ? [i] : [])));
    expect(xidNodes).toEqual([[], [], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19], []]);
    expect(fleet.injected["xid-storm"]).toBe(10);
  });

  it("takes a block dark for the power event, then brings it back", () => {
    const fleet = new SimulatedFleet(nodes, {
      ...base,
      powerEventBlock: "block-1",
      powerEventTick: 1,
      powerEventTicks: 2,
    });
    const silent = Array.from({ length: 4 }, () => fleet.next().filter((r) => r === null).length);
    expect(silent).toEqual([0, 20, 20, 0]);
  });

  it("breaks nodes at about the failure rate", () => {
    const fleet = new SimulatedFleet(nodes, { ...base, failuresPerNodeHour: 1, repairS: 1e9 });
    for (let t = 0; t < 360; t++) fleet.next();
    const injected =
      fleet.injected.xid + fleet.injected.ecc + fleet.injected["gpu-missing"] + fleet.injected.silent;
    // 40 nodes for an hour at 1 per node-hour, but a broken node is never repaired: at most 40.
    expect(injected).toBeGreaterThan(15);
    expect(injected).toBeLessThanOrEqual(40);
  });
});
