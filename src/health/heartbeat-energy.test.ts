import { describe, expect, it } from "vitest";
import { energyByHour, hourOf } from "./heartbeat-energy.js";

describe("energyByHour", () => {
  it("turns 8 GPUs at 700 W every 10 s for an hour into 5,600 Wh, losing nothing to rounding", () => {
    const beats = Array.from({ length: 360 }, (_, i) => ({
      readAt: new Date(Date.UTC(2027, 0, 1, 10, 0, i * 10)).toISOString(),
      intervalS: 10,
      gpuPowerW: Array(8).fill(700),
    }));
    const { hours, carryMj } = energyByHour(beats, "lse_1", 0);
    expect(hours).toEqual([{ holder: "lse_1", hour: "2027-01-01T10:00:00.000Z", wh: 5600, readings: 2880 }]);
    expect(carryMj).toBe(0);
  });

  it("splits heartbeats across hours and carries the fraction of a watt-hour", () => {
    const { hours, carryMj } = energyByHour(
      [
        { readAt: "2027-01-01T10:59:55.000Z", intervalS: 10, gpuPowerW: [500] },
        { readAt: "2027-01-01T11:00:05.000Z", intervalS: 10, gpuPowerW: [500] },
      ],
      "house",
      0,
    );
    // 500 W × 10 s = 1.3889 Wh each: 1 Wh, then 2 Wh with the carry, 0.778 Wh (2,800,000 mJ) left.
    expect(hours.map((h) => [h.hour, h.wh])).toEqual([
      ["2027-01-01T10:00:00.000Z", 1],
      ["2027-01-01T11:00:00.000Z", 1],
    ]);
    expect(carryMj).toBe(2_800_000);
  });

  it("counts only GPUs that gave a reading, and skips a heartbeat with none", () => {
    const { hours } = energyByHour(
      [
        { readAt: "2027-01-01T10:00:00.000Z", intervalS: 3600, gpuPowerW: [100, null] },
        { readAt: "2027-01-01T10:00:10.000Z", intervalS: 3600, gpuPowerW: [null] },
      ],
      "spare",
      0,
    );
    expect(hours).toEqual([{ holder: "spare", hour: "2027-01-01T10:00:00.000Z", wh: 100, readings: 1 }]);
  });

  it("puts a time on its hour", () => {
    expect(hourOf("2027-03-04T05:59:59.999Z")).toBe("2027-03-04T05:00:00.000Z");
  });
});
