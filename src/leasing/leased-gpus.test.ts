import { describe, expect, it } from "vitest";
import type { Lease, LeaseStatus } from "./lease.js";
import { leasedGpus } from "./leased-gpus.js";

const NOW = "2027-01-01T00:00:00.000Z";
const day = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000).toISOString();

type Spec = { status?: LeaseStatus; tranches: Array<[number, number]>; ends: number };

/** A lease whose tranches add `gpus` at `day(start)`, ending at `day(ends)`. */
function lease(spec: Spec): Pick<Lease, "status" | "tranches" | "endsAt"> {
  return {
    status: spec.status ?? "active",
    endsAt: day(spec.ends),
    tranches: spec.tranches.map(([start, gpus], i) => ({
      key: `t${i}`,
      startsAt: day(start),
      gpusByLine: { h100: gpus },
    })),
  };
}

describe("leasedGpus", () => {
  it.each<[string, Spec[], { gpusNow: number; peakGpus: number; peakAt: string | null }]>([
    ["nothing leased", [], { gpusNow: 0, peakGpus: 0, peakAt: null }],
    [
      "one running lease",
      [{ tranches: [[-10, 800]], ends: 30 }],
      { gpusNow: 800, peakGpus: 800, peakAt: NOW },
    ],
    [
      "two leases one after the other never add up",
      [
        { tranches: [[-10, 110_000]], ends: 30 },
        { tranches: [[30, 221_000]], ends: 400 },
      ],
      { gpusNow: 110_000, peakGpus: 221_000, peakAt: day(30) },
    ],
    [
      "overlapping leases add up while both are in force",
      [
        { tranches: [[-10, 1_000]], ends: 60 },
        { tranches: [[30, 2_000]], ends: 90 },
      ],
      { gpusNow: 1_000, peakGpus: 3_000, peakAt: day(30) },
    ],
    [
      "a later tranche raises the lease's own count",
      [
        {
          tranches: [
            [-10, 512],
            [20, 512],
          ],
          ends: 90,
        },
      ],
      { gpusNow: 512, peakGpus: 1_024, peakAt: day(20) },
    ],
    [
      "a lease ending the instant another starts counts once",
      [
        { tranches: [[-10, 4_000]], ends: 30 },
        { tranches: [[30, 3_000]], ends: 90 },
      ],
      { gpusNow: 4_000, peakGpus: 4_000, peakAt: NOW },
    ],
    [
      "a tranche starting now is in force now",
      [{ tranches: [[0, 64]], ends: 10 }],
      { gpusNow: 64, peakGpus: 64, peakAt: NOW },
    ],
    [
      "drafts, ended and cancelled leases and past leases count nothing",
      [
        { status: "draft", tranches: [[-1, 8]], ends: 10 },
        { status: "ended", tranches: [[-1, 16]], ends: 10 },
        { status: "cancelled", tranches: [[-1, 32]], ends: 10 },
        { tranches: [[-20, 64]], ends: 0 },
      ],
      { gpusNow: 0, peakGpus: 0, peakAt: null },
    ],
    [
      "reserved and ending leases count",
      [
        { status: "reserved", tranches: [[5, 8]], ends: 10 },
        { status: "ending", tranches: [[-5, 16]], ends: 10 },
      ],
      { gpusNow: 16, peakGpus: 24, peakAt: day(5) },
    ],
    [
      "a tranche that would start after its lease ends counts nothing",
      [
        {
          tranches: [
            [-5, 8],
            [20, 8],
          ],
          ends: 10,
        },
      ],
      { gpusNow: 8, peakGpus: 8, peakAt: NOW },
    ],
  ])("%s", (_, specs, expected) => {
    expect(leasedGpus(specs.map(lease), NOW)).toEqual(expected);
  });

  it("never exceeds the sum of every lease, and the peak is at least what is leased now", () => {
    const specs: Spec[] = Array.from({ length: 40 }, (_, i) => ({
      tranches: [
        [(i * 7) % 50, 8 * ((i % 5) + 1)],
        [((i * 13) % 80) + 1, 8],
      ],
      ends: ((i * 11) % 120) + 2,
    }));
    const result = leasedGpus(specs.map(lease), NOW);
    const total = specs.reduce((s, l) => s + l.tranches.reduce((t, [, g]) => t + g, 0), 0);
    expect(result.peakGpus).toBeGreaterThanOrEqual(result.gpusNow);
    expect(result.peakGpus).toBeLessThan(total);
  });
});
