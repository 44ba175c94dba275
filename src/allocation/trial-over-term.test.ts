import { describe, expect, it } from "vitest";
import { createAllocationState, leaseOf } from "./allocation-state.js";
import { placeDueTranches } from "./due-tranches.js";
import { nodeIdsOf } from "./fleet-index.js";
import { checkInvariants } from "./invariants.js";
import { testLease } from "./lease-fixture.js";
import { withLeasesEnded } from "./leases-ended.js";
import { smallIndex } from "./small-fleet-fixture.js";
import { fleetChanges, trialOverTerm } from "./trial-over-term.js";
import { trialPlacement } from "./trial-placement.js";

const T0 = "2027-01-01T00:00:00.000Z";
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();

/** One hall of two blocks, each of three racks of 4 H100 nodes (24 nodes), no spares. */
function site() {
  return createAllocationState(
    smallIndex({
      layout: [
        [
          [4, 4, 4],
          [4, 4, 4],
        ],
      ],
    }),
    { spares: { nodesPerBlock: 0 } },
  );
}

/** A snapshot of everything a trial must leave as it found it. */
const picture = (state: ReturnType<typeof site>) => ({
  owner: [...state.owner],
  free: [...state.free],
  committedKw: Math.round(state.committedKw * 1e6) / 1e6,
  leases: state.leases.flatMap((l) => (l ? [l.leaseId] : [])),
});

describe("trialPlacement", () => {
  it("says where the whole lease would go and leaves the site as it found it", () => {
    const state = site();
    const before = picture(state);
    const trial = trialPlacement(state, testLease({ id: "new", tranches: { [T0]: 48, [day(5)]: 48 } }));
    expect(trial).toMatchObject({
      ok: true,
      lines: [
        { gpuModel: "H100", gpus: 96, fitLevel: "block", pieces: [{ block: "hall-1/block-01", nodes: 12 }] },
      ],
    });
    expect(picture(state)).toEqual(before);
    expect(checkInvariants(state)).toEqual([]);
  });
});

describe("trialOverTerm", () => {
  // `early` (rack isolation) holds 4 nodes from day 10 but is not on the fleet yet.
  const early = testLease({
    id: "early",
    tranches: { [day(10)]: 32 },
    isolation: "rack",
    status: "reserved",
    endsAt: day(60),
  });

  it.each([
    {
      nodes: 20,
      fits: false,
      why: "20 nodes with block isolation take both blocks, so early's rack has nowhere to go",
    },
    {
      nodes: 12,
      fits: true,
      why: "12 nodes with block isolation take one block and leave the other to early",
    },
  ])("$nodes nodes now, early from day 10: fits is $fits ($why)", ({ nodes, fits }) => {
    const state = site();
    const before = picture(state);
    const big = testLease({ id: "big", tranches: { [T0]: nodes * 8 }, isolation: "block", endsAt: day(60) });
    const trial = trialOverTerm(state, big, [early], T0);
    expect(trial.ok).toBe(fits);
    if (!trial.ok) {
      expect(trial.reason).toBe("ISOLATION");
      expect(trial.message).toContain(`from ${day(10)}, once early has started`);
    }
    expect(picture(state)).toEqual(before);
  });

  it("a lease of another tenant that has ended by the start is off the fleet", () => {
    const state = site();
    const old = testLease({ id: "old", tranches: { [T0]: 192 }, endsAt: day(5) });
    expect(placeDueTranches(state, old, T0, []).every((l) => "placed" in l)).toBe(true);
    const whole = (start: string) => testLease({ id: "next", tranches: { [start]: 192 }, endsAt: day(60) });
    expect(trialOverTerm(state, whole(day(5)), [old], T0).ok).toBe(true);
    expect(trialOverTerm(state, whole(day(4)), [old], T0)).toMatchObject({
      ok: false,
      reason: "INSUFFICIENT_CAPACITY",
    });
    expect(leaseOf(state, "old")?.nodes).toHaveLength(24);
  });
});

describe("trialOverTerm over many leases", () => {
  it("a lease that ends inside the term takes the tranches it started off with it", () => {
    const state = site();
    const before = picture(state);
    // x holds 12 nodes from day 10 to day 20, y 12 nodes from day 30: never more than 12 at once.
    const x = testLease({ id: "x", tranches: { [day(10)]: 96 }, status: "reserved", endsAt: day(20) });
    const y = testLease({ id: "y", tranches: { [day(30)]: 96 }, status: "reserved", endsAt: day(60) });
    const next = testLease({ id: "next", tranches: { [T0]: 96 }, endsAt: day(60) });
    expect(trialOverTerm(state, next, [x, y], T0).ok).toBe(true);
    const wider = testLease({ id: "wider", tranches: { [T0]: 104 }, endsAt: day(60) });
    expect(trialOverTerm(state, wider, [x, y], T0)).toMatchObject({
      ok: false,
      message: expect.stringContaining(`from ${day(10)}, once x has started`),
    });
    expect(picture(state)).toEqual(before);
  });

  it("leases that hold their nodes through the term, or start after it, change nothing it looks at", () => {
    const running = Array.from({ length: 1_000 }, (_, i) =>
      testLease({ id: `run-${i}`, tranches: { [day(-5)]: 8 }, endsAt: day(400) }),
    );
    const after = Array.from({ length: 1_000 }, (_, i) =>
      testLease({ id: `after-${i}`, tranches: { [day(100)]: 8 }, status: "reserved", endsAt: day(400) }),
    );
    const inside = testLease({
      id: "inside",
      tranches: { [day(10)]: 8 },
      status: "reserved",
      endsAt: day(70),
    });
    const { changes, later } = fleetChanges([...running, ...after, inside], T0, T0, day(60));
    expect(changes.map((c) => [c.at, c.lease.id, c.tranche ? "starts" : "ends"])).toEqual([
      [day(10), "inside", "starts"],
    ]);
    expect(later).toEqual([day(10)]);
  });
});

describe("withLeasesEnded", () => {
  it("takes the leases off while the work runs and puts back the same nodes", () => {
    const state = site();
    const lease = testLease({ id: "held", tranches: { [T0]: 64 }, isolation: "rack" });
    placeDueTranches(state, lease, T0, []);
    const nodes = nodeIdsOf(state.index, leaseOf(state, "held")?.nodes ?? []).sort();
    const before = picture(state);
    const inside = withLeasesEnded(state, [lease], () => leaseOf(state, "held"));
    expect(inside).toBeUndefined();
    expect(nodeIdsOf(state.index, leaseOf(state, "held")?.nodes ?? []).sort()).toEqual(nodes);
    expect(picture(state).owner).toEqual(before.owner);
    expect(state.committedKw).toBeCloseTo(before.committedKw, 9);
    expect(checkInvariants(state)).toEqual([]);
  });
});
