import { describe, expect, it } from "vitest";
import { deliveredByHour, downSpans, holdingSpans, subtractSpans, totalGpuMs } from "./delivered-hours.js";
import { HOUR_MS, monthPeriod } from "./usage-period.js";

const t = (iso: string) => Date.parse(iso);
const period = monthPeriod("2027-04");
const nodes = new Map([
  ["a", { gpuModel: "H100", gpuCount: 8 }],
  ["b", { gpuModel: "H100", gpuCount: 8 }],
  ["c", { gpuModel: "GB200", gpuCount: 4 }],
]);

describe("delivered GPU-hours", () => {
  it("counts a node held all month as its GPUs × the month's hours", () => {
    const hourly = deliveredByHour({
      period,
      holding: [{ nodeId: "a", atMs: t("2027-03-15T00:00:00Z"), entered: true }],
      states: [],
      nodes,
    });
    expect(totalGpuMs(hourly)).toBe(8 * 720 * HOUR_MS);
  });

  it("subtracts the hours a held node was failed, and splits a partial hour exactly", () => {
    const hourly = deliveredByHour({
      period,
      holding: [{ nodeId: "a", atMs: t("2027-04-01T00:00:00Z"), entered: true }],
      states: [
        {
          nodeId: "a",
          atMs: t("2027-04-02T10:30:00Z"),
          fromState: "healthy",
          toState: "failed",
          reason: "XID 79",
        },
        {
          nodeId: "a",
          atMs: t("2027-04-02T12:00:00Z"),
          fromState: "failed",
          toState: "healthy",
          reason: "reset",
        },
      ],
      nodes,
    });
    expect(totalGpuMs(hourly)).toBe(8 * (720 - 1.5) * HOUR_MS);
    const hour = 24 + 10;
    expect(hourly.get("H100")?.[hour]).toBe(8 * HOUR_MS * 0.5);
    expect(hourly.get("H100")?.[hour + 1]).toBe(0);
  });

  it("counts a node only while the lease held it, per model", () => {
    const hourly = deliveredByHour({
      period,
      holding: [
        { nodeId: "b", atMs: t("2027-04-01T00:00:00Z"), entered: true },
        { nodeId: "b", atMs: t("2027-04-11T00:00:00Z"), entered: false },
        { nodeId: "c", atMs: t("2027-04-11T00:00:00Z"), entered: true },
        { nodeId: "c", atMs: t("2027-05-02T00:00:00Z"), entered: false },
      ],
      states: [],
      nodes,
    });
    expect(totalGpuMs(hourly, "H100")).toBe(8 * 240 * HOUR_MS);
    expect(totalGpuMs(hourly, "GB200")).toBe(4 * 480 * HOUR_MS);
  });

  it("stops at asOf for a month in progress", () => {
    const hourly = deliveredByHour({
      period,
      holding: [{ nodeId: "a", atMs: t("2027-04-01T00:00:00Z"), entered: true }],
      states: [],
      nodes,
      asOfMs: t("2027-04-02T00:00:00Z"),
    });
    expect(totalGpuMs(hourly)).toBe(8 * 24 * HOUR_MS);
  });
});

describe("spans", () => {
  it.each([
    [
      [[0, 10]],
      [[2, 4]],
      [
        [0, 2],
        [4, 10],
      ],
    ],
    [
      [[0, 10]],
      [
        [-5, 3],
        [8, 20],
      ],
      [[3, 8]],
    ],
    [[[0, 10]], [[0, 10]], []],
    [
      [
        [0, 5],
        [7, 9],
      ],
      [[4, 8]],
      [
        [0, 4],
        [8, 9],
      ],
    ],
  ])("%j minus %j is %j", (spans, holes, expected) => {
    const s = (xs: number[][]) => xs.map(([fromMs = 0, untilMs = 0]) => ({ fromMs, untilMs }));
    expect(subtractSpans(s(spans), s(holes))).toEqual(s(expected));
  });

  it("keeps a node that never left open to the end, and a node down before metering began down", () => {
    expect(holdingSpans([{ nodeId: "a", atMs: 5, entered: true }], 100).get("a")).toEqual([
      { fromMs: 5, untilMs: 100 },
    ]);
    const down = downSpans(
      [{ nodeId: "a", atMs: 50, fromState: "failed", toState: "healthy", reason: "fixed" }],
      100,
    );
    expect(down.get("a")?.[0]).toMatchObject({ untilMs: 50, state: "failed" });
  });
});

describe("the hour spreader", () => {
  it("gives the same buckets as spreading span by span, for spans starting and ending anywhere", async () => {
    const { HourSpreader, spreadOverHours } = await import("./usage-period.js");
    const p = { startMs: 0, hours: 48 };
    const slow = new Float64Array(48);
    const fast = new Float64Array(48);
    const spreader = new HourSpreader(fast, p);
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 500; i++) {
      const from = (next() % (50 * HOUR_MS)) - HOUR_MS;
      const until = from + (next() % (20 * HOUR_MS));
      const weight = 1 + (next() % 8);
      spreadOverHours(slow, p, from, until, weight);
      spreader.add(from, until, weight);
    }
    spreader.finish();
    expect(Array.from(fast)).toEqual(Array.from(slow));
  });
});
