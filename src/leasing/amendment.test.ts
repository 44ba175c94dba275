import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../fleet/gpu-model.js";
import { type Amendment, applyAmendment } from "./amendment.js";
import type { LeaseTerms } from "./lease.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);
const NOW = "2026-06-01T00:00:00.000Z";
const END = "2029-05-31T00:00:00.000Z";

const terms: LeaseTerms = {
  tenantId: "tnt_lab",
  siteIds: ["site_colossus"],
  lines: [
    {
      key: "h100",
      gpuModel: "H100",
      gpuCount: 16,
      price: { kind: "per_gpu_hour", microsPerGpuHour: 2_100_000n },
    },
  ],
  tranches: [
    { key: "t1", startsAt: "2026-05-01T00:00:00.000Z", gpusByLine: { h100: 8 } },
    { key: "t2", startsAt: "2026-07-01T00:00:00.000Z", gpusByLine: { h100: 8 } },
  ],
  endsAt: END,
  noticePeriodDays: 90,
  rampDiscounts: [],
  commitment: null,
  sla: null,
  isolation: "node",
  placement: { policy: "packed" },
};

function amended(base: LeaseTerms, a: Amendment, now = NOW): LeaseTerms {
  const result = applyAmendment(base, a, now, catalogue);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.terms;
}

describe("upsize", () => {
  it("adds a tranche delivering the extra GPUs and grows the line by as many", () => {
    const before = structuredClone(terms);
    const result = applyAmendment(
      terms,
      { kind: "upsize", line: "h100", gpus: 8, startsAt: "2026-06-15T00:00:00Z" },
      NOW,
      catalogue,
    );
    expect(result).toEqual({
      ok: true,
      terms: {
        ...terms,
        lines: [{ ...terms.lines[0], gpuCount: 24 }],
        tranches: [
          terms.tranches[0],
          { key: "t3", startsAt: "2026-06-15T00:00:00.000Z", gpusByLine: { h100: 8 } },
          terms.tranches[1],
        ],
      },
      changes: [
        { field: "lines.h100.gpuCount", from: 16, to: 24 },
        {
          field: "tranches.t3",
          from: null,
          to: { startsAt: "2026-06-15T00:00:00.000Z", gpusByLine: { h100: 8 } },
        },
      ],
    });
    expect(terms).toEqual(before);
  });

  it("refuses a line the lease does not have, listing the lines it does", () => {
    expect(
      applyAmendment(
        terms,
        { kind: "upsize", line: "h200", gpus: 8, startsAt: "2026-08-01T00:00:00.000Z" },
        NOW,
        catalogue,
      ),
    ).toEqual({ ok: false, field: "line", message: "no line h200 in this lease", bound: "one of h100" });
  });
});

describe("add_tranche", () => {
  it("adds a new line that its tranche delivers", () => {
    const next = amended(terms, {
      kind: "add_tranche",
      startsAt: "2026-08-01T00:00:00.000Z",
      gpusByLine: { h100: 8, gb200: 36 },
      newLines: [
        {
          key: "gb200",
          gpuModel: "GB200",
          gpuCount: 999,
          price: { kind: "monthly_fee", microsPerMonth: 5n },
        },
      ],
    });
    expect(next.lines.map((l) => [l.key, l.gpuCount])).toEqual([
      ["h100", 24],
      ["gb200", 36],
    ]);
  });

  it.each<[string, Amendment, string, string | undefined]>([
    [
      "a tranche that starts in the past",
      { kind: "add_tranche", startsAt: "2026-05-31T23:59:59.999Z", gpusByLine: { h100: 8 } },
      "startsAt",
      `>= ${NOW}`,
    ],
    [
      "a tranche at the same instant as another, written with an offset",
      { kind: "add_tranche", startsAt: "2026-07-01T02:00:00+02:00", gpusByLine: { h100: 8 } },
      "startsAt",
      "distinct start times",
    ],
    [
      "a tranche at the lease's end",
      { kind: "add_tranche", startsAt: END, gpusByLine: { h100: 8 } },
      "startsAt",
      `< ${END}`,
    ],
    [
      "a tranche after the lease's end",
      { kind: "add_tranche", startsAt: "2030-01-01T00:00:00.000Z", gpusByLine: { h100: 8 } },
      "startsAt",
      `< ${END}`,
    ],
    [
      "a tranche that is not whole nodes",
      { kind: "add_tranche", startsAt: "2026-08-01T00:00:00.000Z", gpusByLine: { h100: 12 } },
      "gpusByLine.h100",
      "multiple of 8",
    ],
    [
      "an upsize that is not whole nodes",
      { kind: "upsize", line: "h100", gpus: 4, startsAt: "2026-08-01T00:00:00.000Z" },
      "gpusByLine.h100",
      "multiple of 8",
    ],
    [
      "a tranche of zero GPUs",
      { kind: "add_tranche", startsAt: "2026-08-01T00:00:00.000Z", gpusByLine: { h100: 0 } },
      "gpusByLine.h100",
      "multiple of 8",
    ],
    [
      "a tranche of a line that does not exist",
      { kind: "add_tranche", startsAt: "2026-08-01T00:00:00.000Z", gpusByLine: { h200: 8 } },
      "gpusByLine.h200",
      "one of h100",
    ],
    [
      "a new line of an unknown GPU model",
      {
        kind: "add_tranche",
        startsAt: "2026-08-01T00:00:00.000Z",
        gpusByLine: { a100: 8 },
        newLines: [
          { key: "a100", gpuModel: "A100", gpuCount: 0, price: { kind: "monthly_fee", microsPerMonth: 1n } },
        ],
      },
      "newLines.a100.gpuModel",
      "one of H100|H200|B200|GB200",
    ],
    [
      "a new line that the tranche does not deliver",
      {
        kind: "add_tranche",
        startsAt: "2026-08-01T00:00:00.000Z",
        gpusByLine: { h100: 8 },
        newLines: [
          { key: "h200", gpuModel: "H200", gpuCount: 0, price: { kind: "monthly_fee", microsPerMonth: 1n } },
        ],
      },
      "newLines.h200",
      "gpus for every new line",
    ],
    [
      "a new line whose key the lease already uses",
      {
        kind: "add_tranche",
        startsAt: "2026-08-01T00:00:00.000Z",
        gpusByLine: { h100: 8 },
        newLines: [
          { key: "h100", gpuModel: "H200", gpuCount: 0, price: { kind: "monthly_fee", microsPerMonth: 1n } },
        ],
      },
      "newLines.h100",
      "unique",
    ],
  ])("refuses %s", (_why, a, field, bound) => {
    const result = applyAmendment(terms, a, NOW, catalogue);
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok ? "ok" : result.bound).toBe(bound);
  });

  it("names the new tranche with a key no remaining tranche uses, even after some were dropped", () => {
    const now = "2026-04-01T00:00:00.000Z";
    const june = amended(
      terms,
      { kind: "add_tranche", startsAt: "2026-06-01T00:00:00.000Z", gpusByLine: { h100: 8 } },
      now,
    );
    // Ending on 30 June drops t2 (1 July) and keeps t1 and t3.
    const shortened = amended(june, { kind: "terminate_early", endsAt: "2026-06-30T00:00:00.000Z" }, now);
    expect(shortened.tranches.map((t) => t.key)).toEqual(["t1", "t3"]);
    const again = amended(
      shortened,
      { kind: "add_tranche", startsAt: "2026-06-15T00:00:00.000Z", gpusByLine: { h100: 8 } },
      now,
    );
    const keys = again.tranches.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("extend", () => {
  it("moves the end later and records the change", () => {
    expect(applyAmendment(terms, { kind: "extend", endsAt: "2030-05-31T00:00:00Z" }, NOW, catalogue)).toEqual(
      {
        ok: true,
        terms: { ...terms, endsAt: "2030-05-31T00:00:00.000Z" },
        changes: [{ field: "endsAt", from: END, to: "2030-05-31T00:00:00.000Z" }],
      },
    );
  });

  it("extends to exactly twenty years after the first tranche starts", () => {
    expect(amended(terms, { kind: "extend", endsAt: "2046-05-01T00:00:00Z" }).endsAt).toBe(
      "2046-05-01T00:00:00.000Z",
    );
  });

  it.each(["2046-05-01T00:00:00.001Z", "9999-12-31T00:00:00Z"])(
    "refuses an end past twenty years after the first tranche starts (%s)",
    (endsAt) => {
      expect(applyAmendment(terms, { kind: "extend", endsAt }, NOW, catalogue)).toMatchObject({
        ok: false,
        field: "endsAt",
        bound: "<= 2046-05-01T00:00:00.000Z",
      });
    },
  );

  it.each([
    ["the same end", END],
    ["an earlier end", "2028-01-01T00:00:00.000Z"],
  ])("refuses %s", (_why, endsAt) => {
    expect(applyAmendment(terms, { kind: "extend", endsAt }, NOW, catalogue)).toMatchObject({
      ok: false,
      field: "endsAt",
      bound: `> ${END}`,
    });
  });
});

describe("terminate_early", () => {
  const threeTranches = amended(terms, {
    kind: "upsize",
    line: "h100",
    gpus: 8,
    startsAt: "2026-10-01T00:00:00.000Z",
  });

  it("ends the lease at the requested time once the notice period has run", () => {
    const result = applyAmendment(
      threeTranches,
      { kind: "terminate_early", endsAt: "2026-12-01T00:00:00.000Z" },
      NOW,
      catalogue,
    );
    expect(result).toEqual({
      ok: true,
      terms: { ...threeTranches, endsAt: "2026-12-01T00:00:00.000Z" },
      changes: [{ field: "endsAt", from: END, to: "2026-12-01T00:00:00.000Z" }],
    });
  });

  it("accepts an end exactly one notice period from now", () => {
    expect(amended(terms, { kind: "terminate_early", endsAt: "2026-08-30T00:00:00.000Z" }).endsAt).toBe(
      "2026-08-30T00:00:00.000Z",
    );
  });

  it("refuses an end inside the notice period, naming the earliest end", () => {
    expect(
      applyAmendment(terms, { kind: "terminate_early", endsAt: "2026-08-29T23:59:59.999Z" }, NOW, catalogue),
    ).toEqual({
      ok: false,
      field: "endsAt",
      message:
        "with 90 days' notice the lease can end at 2026-08-30T00:00:00.000Z at the earliest (got 2026-08-29T23:59:59.999Z)",
      bound: ">= 2026-08-30T00:00:00.000Z",
    });
  });

  it("refuses an end that is not earlier than the current one", () => {
    expect(applyAmendment(terms, { kind: "terminate_early", endsAt: END }, NOW, catalogue)).toMatchObject({
      ok: false,
      field: "endsAt",
      bound: `< ${END}`,
    });
  });

  it("drops the tranches that would start after the new end and shrinks the lines with them", () => {
    const result = applyAmendment(
      threeTranches,
      { kind: "terminate_early", endsAt: "2026-09-01T00:00:00.000Z" },
      NOW,
      catalogue,
    );
    expect(result).toEqual({
      ok: true,
      terms: {
        ...threeTranches,
        endsAt: "2026-09-01T00:00:00.000Z",
        tranches: terms.tranches,
        lines: [{ ...terms.lines[0], gpuCount: 16 }],
      },
      changes: [
        { field: "endsAt", from: END, to: "2026-09-01T00:00:00.000Z" },
        { field: "tranches", from: 3, to: 2 },
      ],
    });
  });

  it("refuses an end before any tranche starts: that is a cancellation, not an early end", () => {
    const later = {
      ...terms,
      tranches: [{ key: "t1", startsAt: "2027-01-01T00:00:00.000Z", gpusByLine: { h100: 16 } }],
    };
    expect(
      applyAmendment(later, { kind: "terminate_early", endsAt: "2026-12-01T00:00:00.000Z" }, NOW, catalogue),
    ).toMatchObject({ ok: false, field: "endsAt", bound: "> 2027-01-01T00:00:00.000Z" });
  });
});

const DAY_MS = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const day = (n: number) => new Date(T0 + n * DAY_MS).toISOString();

const amendmentArb: fc.Arbitrary<Amendment> = fc.oneof(
  fc.record({
    kind: fc.constant("upsize" as const),
    line: fc.constantFrom("h100", "gb200"),
    gpus: fc.integer({ min: 0, max: 6 }).map((n) => n * 4),
    startsAt: fc.integer({ min: 0, max: 800 }).map(day),
  }),
  fc.record({
    kind: fc.constant("add_tranche" as const),
    startsAt: fc.integer({ min: 0, max: 800 }).map(day),
    gpusByLine: fc.record({ h100: fc.integer({ min: 1, max: 3 }).map((n) => n * 8) }),
  }),
  fc.record({ kind: fc.constant("extend" as const), endsAt: fc.integer({ min: 0, max: 1200 }).map(day) }),
  fc.record({
    kind: fc.constant("terminate_early" as const),
    endsAt: fc.integer({ min: 0, max: 1200 }).map(day),
  }),
);

describe("amendment invariants", () => {
  it("after any sequence of amendments every line equals what its tranches deliver, and tranches stay distinct", () => {
    const start: LeaseTerms = {
      ...terms,
      lines: [
        ...terms.lines,
        { key: "gb200", gpuModel: "GB200", gpuCount: 8, price: { kind: "monthly_fee", microsPerMonth: 1n } },
      ],
      tranches: [{ key: "t1", startsAt: day(10), gpusByLine: { h100: 16, gb200: 8 } }],
      endsAt: day(900),
      noticePeriodDays: 30,
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(amendmentArb, fc.integer({ min: 0, max: 5 })), { maxLength: 12 }),
        (steps) => {
          let current = start;
          let now = 0;
          for (const [a, wait] of steps) {
            now += wait * 20;
            const result = applyAmendment(current, a, day(now), catalogue);
            if (result.ok) current = result.terms;
          }
          for (const l of current.lines) {
            expect(l.gpuCount).toBe(current.tranches.reduce((n, t) => n + (t.gpusByLine[l.key] ?? 0), 0));
          }
          const keys = current.tranches.map((t) => t.key);
          const starts = current.tranches.map((t) => t.startsAt);
          expect(new Set(keys).size).toBe(keys.length);
          expect(new Set(starts).size).toBe(starts.length);
          expect(starts).toEqual([...starts].sort());
          expect(current.tranches.length).toBeGreaterThan(0);
          for (const s of starts) expect(s < current.endsAt).toBe(true);
        },
      ),
    );
  });
});
