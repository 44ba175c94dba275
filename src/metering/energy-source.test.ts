import { describe, expect, it } from "vitest";
import { InMemoryEnergy, NameplateEnergy, nameplateWh } from "./energy-source.js";
import { HOUR_MS } from "./usage-period.js";

const query = (leaseId: string, byModel: Array<[string, number]>) => ({
  siteId: "s",
  leaseId,
  fromMs: 0,
  untilMs: HOUR_MS,
  deliveredGpuMsByModel: new Map(byModel),
});

describe("energy sources", () => {
  it("estimates IT energy from each model's nameplate kW × delivered GPU-hours, labelled as an estimate", async () => {
    expect(nameplateWh(10 * HOUR_MS, 1.4)).toBe(14_000n);
    const kw = new Map([
      ["H100", 1.4],
      ["GB200", 2.7],
    ]);
    const reading = await new NameplateEnergy((m) => kw.get(m)).itEnergy(
      query("l", [
        ["H100", 100 * HOUR_MS],
        ["GB200", 10 * HOUR_MS],
      ]),
    );
    expect(reading).toEqual({ itEnergyWh: 140_000n + 27_000n, source: "nameplate estimate" });
  });

  it("answers measured readings per lease from memory", async () => {
    const energy = new InMemoryEnergy();
    energy.set("a", 5_000n);
    expect(await energy.itEnergy(query("a", []))).toEqual({ itEnergyWh: 5_000n, source: "measured" });
    expect((await energy.itEnergy(query("b", []))).itEnergyWh).toBe(0n);
  });
});
