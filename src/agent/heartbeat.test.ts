import { describe, expect, it } from "vitest";
import type { GpuReading } from "./gpu-reading.js";
import { heartbeatGpus, type PreviousReads } from "./heartbeat.js";
import { HeartbeatBuffer } from "./heartbeat-buffer.js";

function gpu(uuid: string, lastXid: number | null, eccUncorrected: number | null): GpuReading {
  return {
    uuid,
    index: 0,
    name: null,
    utilizationPct: 50,
    memoryUsedMib: 1,
    memoryTotalMib: 2,
    powerW: 500,
    temperatureC: 60,
    eccUncorrected,
    lastXid,
  };
}

describe("heartbeatGpus", () => {
  it("reports a last-XID gauge once, when it changes, not on every read", () => {
    const previous: PreviousReads = new Map();
    const reads = [null, 79, 79, 79, 48].map((x) =>
      heartbeatGpus({ gpus: [gpu("GPU-1", x, 0)], lost: [] }, previous),
    );
    expect(reads.map((r) => r[0]?.xid)).toEqual([null, 79, null, null, 48]);
  });

  it("reports ECC errors counted since the previous read, and restarts after a driver reload", () => {
    const previous: PreviousReads = new Map();
    const counts = [0, 0, 3, 3, 5, 1].map(
      (n) => heartbeatGpus({ gpus: [gpu("GPU-1", null, n)], lost: [] }, previous)[0]?.eccUncorrectedNew,
    );
    expect(counts).toEqual([0, 0, 3, 0, 2, 1]);
  });

  it("counts a GPU's errors as new the first time it is seen", () => {
    const [first] = heartbeatGpus({ gpus: [gpu("GPU-1", 94, 2)], lost: [] }, new Map());
    expect(first).toMatchObject({ xid: 94, eccUncorrectedNew: 2 });
  });
});

describe("HeartbeatBuffer", () => {
  it("keeps heartbeats in order until acknowledged", () => {
    const buffer = new HeartbeatBuffer<{ sequence: number }>(10);
    for (let s = 1; s <= 5; s++) buffer.push({ sequence: s });
    expect(buffer.peek(3).map((h) => h.sequence)).toEqual([1, 2, 3]);
    buffer.acknowledgeThrough(3);
    expect(buffer.peek(10).map((h) => h.sequence)).toEqual([4, 5]);
  });

  it("drops the oldest when full and counts them", () => {
    const buffer = new HeartbeatBuffer<{ sequence: number }>(3);
    for (let s = 1; s <= 5; s++) buffer.push({ sequence: s });
    expect(buffer.peek(10).map((h) => h.sequence)).toEqual([3, 4, 5]);
    expect(buffer.dropped).toBe(2);
  });

  it("removes only what was acknowledged when heartbeats were dropped during a send", () => {
    const buffer = new HeartbeatBuffer<{ sequence: number }>(3);
    for (let s = 1; s <= 3; s++) buffer.push({ sequence: s });
    const sending = buffer.peek(3);
    buffer.push({ sequence: 4 }); // drops 1 while 1..3 are in flight
    buffer.acknowledgeThrough(sending.at(-1)?.sequence ?? 0);
    expect(buffer.peek(10).map((h) => h.sequence)).toEqual([4]);
  });
});
