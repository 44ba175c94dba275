import { describe, expect, it } from "vitest";
import { createAllocationState } from "./allocation-state.js";
import { testLease } from "./lease-fixture.js";
import { offerAtSite } from "./site-offer.js";
import { smallIndex } from "./small-fleet-fixture.js";

const T0 = "2027-01-01T00:00:00.000Z";
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();

/** One hall of two blocks of three racks of 4 H100 nodes (24 nodes), no spares. */
const site = () =>
  createAllocationState(
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

describe("offerAtSite", () => {
  // `early` (another tenant, rack isolation) holds 4 nodes from day 10 to day 60, not on the fleet yet.
  const early = testLease({
    id: "early",
    tranches: { [day(10)]: 32 },
    isolation: "rack",
    endsAt: day(60),
    status: "reserved",
  });
  const asked = (nodes: number) =>
    testLease({ id: "quote", tranches: { [T0]: nodes * 8 }, isolation: "block", endsAt: day(60) });

  it("offers the start as asked when the lease fits the calendar and the fleet over its term", () => {
    const offer = offerAtSite(site(), asked(12), [early], T0);
    expect(offer).toMatchObject({ fitsAsAsked: true, earliestStart: T0, reason: null });
    expect(offer.placement?.[0]).toMatchObject({ gpus: 96, fitLevel: "block" });
    expect(offer.terms?.endsAt).toBe(day(60));
  });

  it("when only placement stands in the way, offers the first end of another lease at which it places", () => {
    const offer = offerAtSite(site(), asked(20), [early], T0);
    expect(offer).toMatchObject({
      fitsAsAsked: false,
      earliestStart: day(60),
      reason: expect.stringContaining(`from ${day(10)}, once early has started`),
    });
    expect(offer.terms?.tranches[0]?.startsAt).toBe(day(60));
    expect(offer.terms?.endsAt).toBe(day(120));
  });

  it("offers nothing when the lease never fits the calendar, and says why", () => {
    const offer = offerAtSite(site(), asked(25), [], T0);
    expect(offer).toMatchObject({
      fitsAsAsked: false,
      earliestStart: null,
      reason: `needs 200 H100 GPUs at ${T0}; 192 available`,
      terms: null,
    });
  });
});
