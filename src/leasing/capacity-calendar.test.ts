import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availability, earliestStart, fits, type Holding, shiftTo } from "./capacity-calendar.js";
import type { IsolationLevel, LeaseTerms } from "./lease.js";
import { leaseStartsAt } from "./lease.js";

const DAY_MS = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const day = (n: number) => new Date(T0 + n * DAY_MS).toISOString();
const MAY1 = "2026-05-01T00:00:00.000Z";
const JUN1 = "2026-06-01T00:00:00.000Z";
const JUL1 = "2026-07-01T00:00:00.000Z";
const SEP1 = "2026-09-01T00:00:00.000Z";
const OCT1 = "2026-10-01T00:00:00.000Z";

type Request = Omit<Holding, "leaseId"> & Pick<LeaseTerms, "rampDiscounts">;

const price = { kind: "per_gpu_hour", microsPerGpuHour: 1n } as const;

/** A one-model lease of `gpus` GPUs delivered at once from `startsAt` until `endsAt`. */
function single(
  gpus: number,
  startsAt: string,
  endsAt: string,
  tenantId = "tnt_new",
  isolation: IsolationLevel = "node",
  gpuModel = "H100",
): Request {
  return {
    tenantId,
    isolation,
    lines: [{ key: "l", gpuModel, gpuCount: gpus, price }],
    tranches: [{ key: "t1", startsAt, gpusByLine: { l: gpus } }],
    endsAt,
    rampDiscounts: [],
  };
}

/** Tenant A: 400 H100s in two tranches (May, June) until September. */
const holdingA: Holding = {
  leaseId: "lse_a",
  tenantId: "tnt_a",
  isolation: "node",
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 400, price }],
  tranches: [
    { key: "t1", startsAt: MAY1, gpusByLine: { h100: 200 } },
    { key: "t2", startsAt: JUN1, gpusByLine: { h100: 200 } },
  ],
  endsAt: SEP1,
};

/** Tenant B: 300 H100s and 64 H200s from July until October. */
const holdingB: Holding = {
  leaseId: "lse_b",
  tenantId: "tnt_b",
  isolation: "node",
  lines: [
    { key: "h100", gpuModel: "H100", gpuCount: 300, price },
    { key: "h200", gpuModel: "H200", gpuCount: 64, price },
  ],
  tranches: [{ key: "t1", startsAt: JUL1, gpusByLine: { h100: 300, h200: 64 } }],
  endsAt: OCT1,
};

const holdings = [holdingA, holdingB];
const capacity = new Map([
  ["H100", 1_000],
  ["H200", 100],
]);

describe("availability", () => {
  it("with the site's power, offers no more GPUs than the power the holdings leave can feed", () => {
    // 1,000 H100 on the floor, but the permit feeds 600 (1.1 kW each at PUE 1.25 → 1.375 kW; 825 kW):
    // power limits until the holdings (which draw power too) leave fewer free GPUs than that.
    const power = { permittedKw: 825, pue: 1.25, kwPerGpu: new Map([["H100", 1.1]]) };
    const steps = availability(
      1_000,
      "H100",
      holdings,
      "2026-04-01T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
      power,
    );
    expect(steps[0]).toEqual({
      from: "2026-04-01T00:00:00.000Z",
      until: MAY1,
      availableGpus: 600,
      limitedBy: "power",
    });
    for (const step of steps) {
      const free = availability(1_000, "H100", holdings, step.from, step.until)[0]?.availableGpus ?? 0;
      expect(step.availableGpus).toBeLessThanOrEqual(free);
      expect(step.limitedBy).toBe(step.availableGpus < free ? "power" : "gpus");
    }
  });

  it("steps down as tranches start and back up as leases end", () => {
    expect(
      availability(1_000, "H100", holdings, "2026-04-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z"),
    ).toEqual([
      { from: "2026-04-01T00:00:00.000Z", until: MAY1, availableGpus: 1_000, limitedBy: "gpus" },
      { from: MAY1, until: JUN1, availableGpus: 800, limitedBy: "gpus" },
      { from: JUN1, until: JUL1, availableGpus: 600, limitedBy: "gpus" },
      { from: JUL1, until: SEP1, availableGpus: 300, limitedBy: "gpus" },
      { from: SEP1, until: OCT1, availableGpus: 700, limitedBy: "gpus" },
      { from: OCT1, until: "2026-11-01T00:00:00.000Z", availableGpus: 1_000, limitedBy: "gpus" },
    ]);
  });

  it("counts only the model asked for", () => {
    expect(availability(100, "H200", holdings, MAY1, "2026-11-01T00:00:00.000Z")).toEqual([
      { from: MAY1, until: JUL1, availableGpus: 100, limitedBy: "gpus" },
      { from: JUL1, until: OCT1, availableGpus: 36, limitedBy: "gpus" },
      { from: OCT1, until: "2026-11-01T00:00:00.000Z", availableGpus: 100, limitedBy: "gpus" },
    ]);
  });

  it("counts tranches that started before the window and merges steps that do not change", () => {
    const handOver = single(400, SEP1, OCT1, "tnt_c");
    expect(
      availability(
        1_000,
        "H100",
        [holdingA, { ...handOver, leaseId: "lse_c" }],
        "2026-08-01T00:00:00.000Z",
        OCT1,
      ),
    ).toEqual([{ from: "2026-08-01T00:00:00.000Z", until: OCT1, availableGpus: 600, limitedBy: "gpus" }]);
  });
});

describe("fits", () => {
  it("accepts a request that fits beside the holdings at every instant", () => {
    expect(fits(capacity, holdings, single(300, JUL1, SEP1))).toEqual({ fits: true });
  });

  it("refuses with the model, the GPUs needed and available, and the instant it runs short", () => {
    expect(
      fits(capacity, holdings, single(400, "2026-06-15T00:00:00.000Z", "2026-08-01T00:00:00.000Z")),
    ).toEqual({
      fits: false,
      reason: "INSUFFICIENT_CAPACITY",
      at: JUL1,
      gpuModel: "H100",
      neededGpus: 400,
      availableGpus: 300,
      message: `needs 400 H100 GPUs at ${JUL1}; 300 available`,
    });
  });

  it("checks a later tranche of the request against what is free when it starts", () => {
    const request: Request = {
      ...single(0, JUN1, "2026-12-01T00:00:00.000Z"),
      lines: [{ key: "l", gpuModel: "H200", gpuCount: 80, price }],
      tranches: [
        { key: "t1", startsAt: JUN1, gpusByLine: { l: 16 } },
        { key: "t2", startsAt: "2026-08-01T00:00:00.000Z", gpusByLine: { l: 64 } },
      ],
    };
    expect(fits(capacity, holdings, request)).toMatchObject({
      fits: false,
      at: "2026-08-01T00:00:00.000Z",
      gpuModel: "H200",
      neededGpus: 80,
      availableGpus: 36,
    });
  });

  it("refuses a model the site does not have", () => {
    expect(fits(capacity, [], single(8, JUN1, JUL1, "tnt_new", "node", "GB200"))).toMatchObject({
      fits: false,
      gpuModel: "GB200",
      neededGpus: 8,
      availableGpus: 0,
    });
  });

  it.each<[string, Holding, Request, boolean]>([
    [
      "a site-isolated holding blocks another tenant's overlapping request",
      { ...holdingB, isolation: "site" },
      single(8, "2026-09-15T00:00:00.000Z", "2026-12-01T00:00:00.000Z"),
      false,
    ],
    [
      "a site-isolated request is blocked by another tenant's overlapping holding",
      holdingB,
      single(8, "2026-09-15T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "tnt_new", "site"),
      false,
    ],
    [
      "a request ending before a site-isolated holding starts fits",
      { ...holdingB, isolation: "site" },
      single(8, JUN1, JUL1),
      true,
    ],
    [
      "a request starting as a site-isolated holding ends fits",
      { ...holdingB, isolation: "site" },
      single(8, OCT1, "2026-12-01T00:00:00.000Z", "tnt_new", "site"),
      true,
    ],
    [
      "the same tenant may overlap its own site-isolated lease",
      { ...holdingB, isolation: "site" },
      single(8, "2026-09-15T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "tnt_b", "site"),
      true,
    ],
    [
      "rack isolation is the allocation engine's concern, not the calendar's",
      { ...holdingB, isolation: "rack" },
      single(8, "2026-09-15T00:00:00.000Z", "2026-12-01T00:00:00.000Z", "tnt_new", "rack"),
      true,
    ],
  ])("%s", (_why, holding, request, expected) => {
    const result = fits(capacity, [holding], request);
    expect(result.fits).toBe(expected);
    if (!result.fits) expect(result).toMatchObject({ reason: "ISOLATION", blockingLeaseId: "lse_b" });
  });
});

describe("shiftTo", () => {
  it("moves every tranche, the end and the ramp discounts by the same amount", () => {
    const request: Request = {
      ...single(16, MAY1, SEP1),
      tranches: [
        { key: "t1", startsAt: MAY1, gpusByLine: { l: 8 } },
        { key: "t2", startsAt: JUN1, gpusByLine: { l: 8 } },
      ],
      rampDiscounts: [{ from: MAY1, until: JUL1, discountBps: 5_000 }],
    };
    const moved = shiftTo(request, "2026-05-11T00:00:00.000Z");
    expect(moved.tranches.map((t) => t.startsAt)).toEqual([
      "2026-05-11T00:00:00.000Z",
      "2026-06-11T00:00:00.000Z",
    ]);
    expect(moved.endsAt).toBe("2026-09-11T00:00:00.000Z");
    expect(moved.rampDiscounts).toEqual([
      { from: "2026-05-11T00:00:00.000Z", until: "2026-07-11T00:00:00.000Z", discountBps: 5_000 },
    ]);
  });
});

describe("earliestStart", () => {
  it("is the asked start when the request fits then", () => {
    expect(earliestStart(capacity, holdings, single(300, JUL1, SEP1))).toBe(JUL1);
  });

  it("is the moment a holding ends and frees enough capacity", () => {
    expect(
      earliestStart(capacity, holdings, single(500, "2026-07-15T00:00:00.000Z", "2026-08-14T00:00:00.000Z")),
    ).toBe(SEP1);
  });

  it("waits for a site-isolated holding of another tenant to end", () => {
    const isolated = { ...holdingB, isolation: "site" as const };
    expect(earliestStart(capacity, [isolated], single(8, JUN1, "2026-08-01T00:00:00.000Z"))).toBe(OCT1);
  });

  it("starts a phased request early enough that only its later tranche waits for a holding to end", () => {
    // 800 H100s are held until 1 September; 100 now and 500 more 30 days later fit once the 500 start at the end.
    const held = { ...single(800, MAY1, SEP1, "tnt_a"), leaseId: "lse_a" };
    const request: Request = {
      ...single(0, JUN1, "2026-08-30T00:00:00.000Z"),
      lines: [{ key: "l", gpuModel: "H100", gpuCount: 600, price }],
      tranches: [
        { key: "t1", startsAt: JUN1, gpusByLine: { l: 100 } },
        { key: "t2", startsAt: JUL1, gpusByLine: { l: 500 } },
      ],
    };
    expect(earliestStart(capacity, [held], request)).toBe("2026-08-02T00:00:00.000Z");
  });

  it("is undefined when the request is larger than the site", () => {
    expect(earliestStart(capacity, holdings, single(1_008, JUN1, JUL1))).toBeUndefined();
  });
});

/** Random leases on a day grid: one or two models, one to three tranches, GPUs in whole nodes. */
function leaseArb(tenants: readonly string[]): fc.Arbitrary<Request> {
  return fc
    .record({
      tenantId: fc.constantFrom(...tenants),
      isolation: fc.constantFrom<IsolationLevel>("node", "node", "node", "site"),
      models: fc.subarray(["H100", "H200"], { minLength: 1 }),
      tranches: fc.uniqueArray(
        fc.record({
          startDay: fc.integer({ min: 0, max: 300 }),
          nodes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 2, maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 3, selector: (t) => t.startDay },
      ),
      lengthDays: fc.integer({ min: 1, max: 200 }),
    })
    .map(({ tenantId, isolation, models, tranches, lengthDays }) => {
      const lines = models.map((gpuModel, i) => ({
        key: gpuModel.toLowerCase(),
        gpuModel,
        gpuCount: tranches.reduce((n, t) => n + (t.nodes[i] ?? 0) * 8, 0),
        price,
      }));
      const lastStart = Math.max(...tranches.map((t) => t.startDay));
      return {
        tenantId,
        isolation,
        lines,
        tranches: tranches.map((t, k) => ({
          key: `t${k + 1}`,
          startsAt: day(t.startDay),
          gpusByLine: Object.fromEntries(lines.map((l, i) => [l.key, (t.nodes[i] ?? 0) * 8])),
        })),
        endsAt: day(lastStart + lengthDays),
        rampDiscounts: [],
      };
    });
}

const scenarioArb = fc.record({
  capacity: fc.record({ H100: fc.integer({ min: 0, max: 1_500 }), H200: fc.integer({ min: 0, max: 800 }) }),
  holdings: fc.array(leaseArb(["tnt_a", "tnt_b", "tnt_c"]), { maxLength: 4 }),
  request: leaseArb(["tnt_a", "tnt_new"]),
});

/** Usage at one instant, recomputed over every holding: the plain definition the calendar must agree with. */
function usedAt(holdings: readonly Holding[], model: string, at: string): number {
  let used = 0;
  for (const h of holdings) {
    if (at >= h.endsAt) continue;
    for (const t of h.tranches)
      if (t.startsAt <= at)
        for (const line of h.lines) if (line.gpuModel === model) used += t.gpusByLine[line.key] ?? 0;
  }
  return used;
}

/** Fits by the definition: at every day of the request's term, each of its models has room. */
function fitsByDay(cap: ReadonlyMap<string, number>, holdings: readonly Holding[], request: Request) {
  const start = Date.parse(leaseStartsAt(request));
  for (let t = start; t < Date.parse(request.endsAt); t += DAY_MS) {
    const at = new Date(t).toISOString();
    for (const line of request.lines) {
      const needed = request.tranches
        .filter((x) => x.startsAt <= at)
        .reduce((n, x) => n + (x.gpusByLine[line.key] ?? 0), 0);
      if (needed > (cap.get(line.gpuModel) ?? 0) - usedAt(holdings, line.gpuModel, at))
        return { at, gpuModel: line.gpuModel };
    }
  }
  return undefined;
}

describe("capacity calendar properties", () => {
  it("fits refuses at the first day some model of the request runs short, as recomputing every holding each day says", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const cap = new Map(Object.entries(s.capacity));
        // Node isolation only: this compares the counting, not the site-isolation rule.
        const held = s.holdings.map((h, i) => ({ ...h, isolation: "node" as const, leaseId: `lse_${i}` }));
        const request = { ...s.request, isolation: "node" as const };
        const short = fitsByDay(cap, held, request);
        const fit = fits(cap, held, request);
        expect(fit.fits).toBe(short === undefined);
        if (!fit.fits && short) expect({ at: fit.at, gpuModel: fit.gpuModel }).toEqual(short);
      }),
      { numRuns: 300 },
    );
  });

  it("availability at every day is the capacity less what the holdings use that day", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 0, max: 300 }), (s, fromDay) => {
        const held = s.holdings.map((h, i) => ({ ...h, leaseId: `lse_${i}` }));
        const steps = availability(s.capacity.H100, "H100", held, day(fromDay), day(fromDay + 200));
        for (let d = fromDay; d < fromDay + 200; d++) {
          const at = day(d);
          const step = steps.find((x) => x.from <= at && at < x.until);
          expect(step?.availableGpus).toBe(s.capacity.H100 - usedAt(held, "H100", at));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("a start that earliestStart returns is one at which the shifted request fits, and none earlier on the grid does", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const cap = new Map(Object.entries(s.capacity));
        const held = s.holdings.map((h, i) => ({ ...h, leaseId: `lse_${i}` }));
        const found = earliestStart(cap, held, s.request);
        const asked = Date.parse(leaseStartsAt(s.request));
        if (found !== undefined) {
          expect(found >= leaseStartsAt(s.request)).toBe(true);
          expect(fits(cap, held, shiftTo(s.request, found))).toEqual({ fits: true });
        }
        // Every change happens on the day grid, so the first fitting day is the earliest start.
        const lastEnd = Math.max(asked, ...held.map((h) => Date.parse(h.endsAt)));
        let firstFit: string | undefined;
        for (let t = asked; t <= lastEnd && firstFit === undefined; t += DAY_MS) {
          const at = new Date(t).toISOString();
          if (fits(cap, held, shiftTo(s.request, at)).fits) firstFit = at;
        }
        expect(found).toBe(firstFit);
      }),
      { numRuns: 200 },
    );
  });

  it("availability stays between the capacity and the capacity minus every holding in full, over contiguous steps", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom("H100", "H200"),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 400 }),
        (s, model, fromDay, lengthDays) => {
          const cap = s.capacity[model as "H100" | "H200"];
          const held = s.holdings.map((h, i) => ({ ...h, leaseId: `lse_${i}` }));
          const floor =
            cap -
            held
              .flatMap((h) => h.lines)
              .filter((l) => l.gpuModel === model)
              .reduce((n, l) => n + l.gpuCount, 0);
          const from = day(fromDay);
          const until = day(fromDay + lengthDays);
          const steps = availability(cap, model, held, from, until);
          expect(steps[0]?.from).toBe(from);
          expect(steps[steps.length - 1]?.until).toBe(until);
          steps.forEach((step, i) => {
            expect(step.availableGpus).toBeGreaterThanOrEqual(floor);
            expect(step.availableGpus).toBeLessThanOrEqual(cap);
            expect(step.from < step.until).toBe(true);
            const next = steps[i + 1];
            if (next) {
              expect(next.from).toBe(step.until);
              expect(next.availableGpus).not.toBe(step.availableGpus);
            }
          });
        },
      ),
    );
  });
});
