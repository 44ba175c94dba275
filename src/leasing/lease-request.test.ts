import { describe, expect, it } from "vitest";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../fleet/gpu-model.js";
import { type FieldIssue, LeaseholdError } from "../shared/errors.js";
import { type LeaseRequest, validateLeaseRequest } from "./lease-request.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);
/** When the requests below are made: rent-all's first tranche starts now. */
const NOW = "2026-05-01T00:00:00.000Z";

/** The owner rents about half of the H100s to one tenant, packed into islands of at least 4,096 GPUs. */
const rentHalf = {
  name: "rent-half",
  tenant: "frontier-lab",
  sites: ["colossus-1"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 110_000, pricePerGpuHour: "2.10" }],
  startsAt: "2026-05-15T00:00:00Z",
  endsAt: "2029-05-31T00:00:00Z",
  placement: { policy: "packed", minIslandGpus: 4096 },
} satisfies LeaseRequest;

/** The whole site to one tenant: three lines for a monthly fee, delivered in two tranches. */
const rentAll = {
  name: "rent-all",
  tenant: "frontier-lab",
  sites: ["colossus-1"],
  lines: [
    { key: "h100", gpuModel: "H100", gpuCount: 150_000, monthlyFee: "850000000.00" },
    { key: "h200", gpuModel: "H200", gpuCount: 50_000, monthlyFee: "300000000" },
    { key: "gb200", gpuModel: "GB200", gpuCount: 20_000, monthlyFee: "100000000.5" },
  ],
  // Out of order and with an offset: validation sorts and normalises them.
  tranches: [
    { key: "rest", startsAt: "2026-05-15T02:00:00+02:00", gpus: { h100: 50_000, gb200: 20_000 } },
    { key: "first", startsAt: "2026-05-01T00:00:00Z", gpus: { h100: 100_000, h200: 50_000 } },
  ],
  endsAt: "2029-05-31T00:00:00Z",
  noticePeriodDays: 90,
  rampDiscounts: [{ from: "2026-05-01T00:00:00Z", until: "2026-07-01T00:00:00Z", percentOff: "50" }],
  commitment: { minimumPerMonth: "1000000000" },
  sla: {
    availabilityTarget: "99.9",
    creditTiers: [
      { below: "99", credit: "25" },
      { below: "99.9", credit: "10" },
    ],
  },
  isolation: "site",
  placement: { policy: "spread" },
} satisfies LeaseRequest;

function issuesOf(raw: unknown): FieldIssue[] {
  try {
    validateLeaseRequest(raw, catalogue, NOW);
  } catch (e) {
    if (e instanceof LeaseholdError && e.code === "VALIDATION_FAILED") return e.issues;
    throw e;
  }
  throw new Error("expected the request to be refused");
}

describe("validateLeaseRequest", () => {
  it("accepts the rent-half request as one tranche with the defaults filled in", () => {
    expect(validateLeaseRequest(rentHalf, catalogue, NOW)).toEqual({
      name: "rent-half",
      tenant: "frontier-lab",
      sites: ["colossus-1"],
      lines: [
        {
          key: "h100",
          gpuModel: "H100",
          gpuCount: 110_000,
          price: { kind: "per_gpu_hour", microsPerGpuHour: 2_100_000n },
        },
      ],
      tranches: [{ key: "t1", startsAt: "2026-05-15T00:00:00.000Z", gpusByLine: { h100: 110_000 } }],
      endsAt: "2029-05-31T00:00:00.000Z",
      noticePeriodDays: 90,
      rampDiscounts: [],
      commitment: null,
      sla: null,
      isolation: "node",
      placement: { policy: "packed", minIslandGpus: 4096 },
    });
  });

  it("accepts the rent-all request with its tranches sorted and every instant normalised to UTC", () => {
    const valid = validateLeaseRequest(rentAll, catalogue, NOW);
    expect(valid.lines.map((l) => [l.key, l.gpuCount, l.price])).toEqual([
      ["h100", 150_000, { kind: "monthly_fee", microsPerMonth: 850_000_000_000_000n }],
      ["h200", 50_000, { kind: "monthly_fee", microsPerMonth: 300_000_000_000_000n }],
      ["gb200", 20_000, { kind: "monthly_fee", microsPerMonth: 100_000_000_500_000n }],
    ]);
    expect(valid.tranches).toEqual([
      { key: "first", startsAt: "2026-05-01T00:00:00.000Z", gpusByLine: { h100: 100_000, h200: 50_000 } },
      { key: "rest", startsAt: "2026-05-15T00:00:00.000Z", gpusByLine: { h100: 50_000, gb200: 20_000 } },
    ]);
    expect(valid.endsAt).toBe("2029-05-31T00:00:00.000Z");
    expect(valid.rampDiscounts).toEqual([
      { from: "2026-05-01T00:00:00.000Z", until: "2026-07-01T00:00:00.000Z", discountBps: 5_000 },
    ]);
    expect(valid.commitment).toEqual({ minimumMicrosPerMonth: 1_000_000_000_000_000n });
    expect(valid.sla).toEqual({
      availabilityTargetBps: 9_990,
      creditTiers: [
        { belowBps: 9_990, creditBps: 1_000 },
        { belowBps: 9_900, creditBps: 2_500 },
      ],
    });
    expect(valid.noticePeriodDays).toBe(90);
    expect(valid.isolation).toBe("site");
    expect(valid.placement).toEqual({ policy: "spread" });
  });

  it("accepts a startsAt that equals the first tranche's start", () => {
    const valid = validateLeaseRequest({ ...rentAll, startsAt: "2026-05-01T00:00:00.000Z" }, catalogue, NOW);
    expect(valid.tranches[0]?.startsAt).toBe("2026-05-01T00:00:00.000Z");
  });

  const h100 = (gpuCount: number) => ({ key: "h100", gpuModel: "H100", gpuCount, pricePerGpuHour: "2.10" });
  const at = (day: number) => `2026-05-${String(day).padStart(2, "0")}T00:00:00Z`;

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      "two tranches starting at the same instant, one written with an offset",
      {
        lines: [h100(16)],
        tranches: [
          { startsAt: "2026-05-01T00:00:00Z", gpus: { h100: 8 } },
          { startsAt: "2026-05-01T02:00:00+02:00", gpus: { h100: 8 } },
        ],
        startsAt: undefined,
      },
      "tranches[1].startsAt",
      "distinct start times",
    ],
    ["12 H100s, not whole 8-GPU nodes", { lines: [h100(12)] }, "lines[0].gpuCount", "multiple of 8"],
    [
      "6 GB200s, not whole 4-GPU trays",
      { lines: [{ key: "gb", gpuModel: "GB200", gpuCount: 6, monthlyFee: "1" }] },
      "lines[0].gpuCount",
      "multiple of 4",
    ],
    [
      "a tranche that is not whole nodes",
      {
        lines: [h100(16)],
        tranches: [
          { startsAt: at(1), gpus: { h100: 4 } },
          { startsAt: at(2), gpus: { h100: 12 } },
        ],
        startsAt: undefined,
      },
      "tranches[0].gpus.h100",
      "multiple of 8",
    ],
    [
      "an end before the start",
      { startsAt: "2026-06-01T00:00:00Z", endsAt: "2026-05-01T00:00:00Z" },
      "endsAt",
      "> 2026-06-01T00:00:00.000Z",
    ],
    [
      "an end at the very instant of the start",
      { startsAt: "2026-06-01T00:00:00Z", endsAt: "2026-06-01T00:00:00.000Z" },
      "endsAt",
      "> 2026-06-01T00:00:00.000Z",
    ],
    [
      "a tranche starting after the end",
      {
        lines: [h100(16)],
        tranches: [
          { startsAt: at(1), gpus: { h100: 8 } },
          { startsAt: "2029-06-01T00:00:00Z", gpus: { h100: 8 } },
        ],
        startsAt: undefined,
      },
      "tranches[1].startsAt",
      "< 2029-05-31T00:00:00.000Z",
    ],
    [
      "an unknown GPU model",
      { lines: [{ ...h100(8), gpuModel: "A100" }] },
      "lines[0].gpuModel",
      "one of H100|H200|B200|GB200",
    ],
    [
      "tranches that deliver less than the line",
      { lines: [h100(24)], tranches: [{ startsAt: at(1), gpus: { h100: 16 } }], startsAt: undefined },
      "lines[0].gpuCount",
      "tranches sum to 24",
    ],
    [
      "a tranche naming a line the lease does not have",
      {
        lines: [h100(8)],
        tranches: [{ startsAt: at(1), gpus: { h100: 8, a100: 8 } }],
        startsAt: undefined,
      },
      "tranches[0].gpus.a100",
      "one of h100",
    ],
    [
      "two tranches with the same key",
      {
        lines: [h100(16)],
        tranches: [
          { key: "t2", startsAt: at(1), gpus: { h100: 8 } },
          { startsAt: at(2), gpus: { h100: 8 } },
        ],
        startsAt: undefined,
      },
      "tranches[1].key",
      "unique",
    ],
    [
      "a startsAt that is not the first tranche's start",
      { lines: [h100(8)], tranches: [{ startsAt: at(2), gpus: { h100: 8 } }], startsAt: at(1) },
      "startsAt",
      "= first tranche",
    ],
    ["neither startsAt nor tranches", { startsAt: undefined }, "startsAt", "required"],
    ["two lines with the same key", { lines: [h100(8), h100(8)] }, "lines[1].key", "unique"],
    [
      "both a GPU-hour price and a monthly fee",
      { lines: [{ ...h100(8), monthlyFee: "100" }] },
      "lines[0].pricePerGpuHour",
      "exactly one of pricePerGpuHour|monthlyFee",
    ],
    [
      "no price at all",
      { lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8 }] },
      "lines[0].pricePerGpuHour",
      "exactly one of pricePerGpuHour|monthlyFee",
    ],
    [
      "a negative price",
      { lines: [{ ...h100(8), pricePerGpuHour: "-2.10" }] },
      "lines[0].pricePerGpuHour",
      ">= 0, 6 decimals",
    ],
    [
      "a monthly fee with a thousands separator",
      { lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, monthlyFee: "1,250,000" }] },
      "lines[0].monthlyFee",
      ">= 0, 6 decimals",
    ],
    [
      "a ramp discount above 100%",
      { rampDiscounts: [{ from: at(15), until: at(30), percentOff: "150" }] },
      "rampDiscounts[0].percentOff",
      "0..100",
    ],
    [
      "a ramp discount with three decimals",
      { rampDiscounts: [{ from: at(15), until: at(30), percentOff: "12.345" }] },
      "rampDiscounts[0].percentOff",
      "0..100",
    ],
    [
      "a ramp discount that ends before it begins",
      { rampDiscounts: [{ from: at(30), until: at(15), percentOff: "50" }] },
      "rampDiscounts[0].until",
      "> from",
    ],
    [
      "an availability target that is not a percentage",
      { sla: { availabilityTarget: "high" } },
      "sla.availabilityTarget",
      "0..100",
    ],
    [
      "a credit above 100%",
      { sla: { availabilityTarget: "99.9", creditTiers: [{ below: "99", credit: "101" }] } },
      "sla.creditTiers[0].credit",
      "0..100",
    ],
    [
      "an SLA credit tier above the availability target",
      { sla: { availabilityTarget: "99.5", creditTiers: [{ below: "99.9", credit: "10" }] } },
      "sla.creditTiers[0].below",
      "<= 99.5",
    ],
    [
      "a commitment that is not an amount",
      { commitment: { minimumPerMonth: "lots" } },
      "commitment.minimumPerMonth",
      ">= 0",
    ],
    [
      "a minimum island larger than the lease",
      { placement: { policy: "packed", minIslandGpus: 110_008 } },
      "placement.minIslandGpus",
      "<= 110000",
    ],
    [
      "islands that are not whole H100 nodes",
      { placement: { policy: "packed", minIslandGpus: 100 } },
      "placement.minIslandGpus",
      "multiple of 8",
    ],
    [
      "islands of whole GB200 trays but not whole H100 nodes, in a lease of both",
      {
        lines: [h100(4096), { key: "gb", gpuModel: "GB200", gpuCount: 4096, monthlyFee: "1" }],
        placement: { policy: "packed", minIslandGpus: 2044 },
      },
      "placement.minIslandGpus",
      "multiple of 8",
    ],
    ["the same site twice", { sites: ["colossus-1", "colossus-1"] }, "sites[1]", "unique"],
    [
      "an end thousands of years away",
      { endsAt: "9999-12-31T00:00:00Z" },
      "endsAt",
      "<= 2046-05-15T00:00:00.000Z",
    ],
    [
      "an end one second past twenty years",
      { endsAt: "2046-05-15T00:00:01Z" },
      "endsAt",
      "<= 2046-05-15T00:00:00.000Z",
    ],
    [
      "a tranche ending the term more than twenty years after the first tranche",
      {
        lines: [h100(16)],
        tranches: [
          { startsAt: at(1), gpus: { h100: 8 } },
          { startsAt: at(2), gpus: { h100: 8 } },
        ],
        startsAt: undefined,
        endsAt: "2046-05-02T00:00:00Z",
      },
      "endsAt",
      "<= 2046-05-01T00:00:00.000Z",
    ],
    [
      "a start years in the past",
      { startsAt: "2020-01-01T00:00:00Z" },
      "startsAt",
      ">= 2026-04-30T23:00:00.000Z",
    ],
    [
      "a start just over an hour ago",
      { startsAt: "2026-04-30T22:59:59Z" },
      "startsAt",
      ">= 2026-04-30T23:00:00.000Z",
    ],
    [
      "a tranche in the past",
      {
        lines: [h100(16)],
        tranches: [
          { startsAt: "2026-04-01T00:00:00Z", gpus: { h100: 8 } },
          { startsAt: at(2), gpus: { h100: 8 } },
        ],
        startsAt: undefined,
      },
      "tranches[0].startsAt",
      ">= 2026-04-30T23:00:00.000Z",
    ],
    [
      "a ramp discount that ends before the lease starts",
      { rampDiscounts: [{ from: at(1), until: at(15), percentOff: "50" }] },
      "rampDiscounts[0].until",
      "> 2026-05-15T00:00:00.000Z",
    ],
    [
      "a ramp discount that begins at the lease's end",
      { rampDiscounts: [{ from: "2029-05-31T00:00:00Z", until: "2029-07-01T00:00:00Z", percentOff: "50" }] },
      "rampDiscounts[0].from",
      "< 2029-05-31T00:00:00.000Z",
    ],
    [
      "two ramp discounts that overlap",
      {
        rampDiscounts: [
          { from: at(15), until: "2026-07-01T00:00:00Z", percentOff: "50" },
          { from: "2026-06-30T00:00:00Z", until: "2026-08-01T00:00:00Z", percentOff: "25" },
        ],
      },
      "rampDiscounts[1].from",
      "no overlap with rampDiscounts[0]",
    ],
    [
      "a ramp discount inside another",
      {
        rampDiscounts: [
          { from: at(15), until: "2026-09-01T00:00:00Z", percentOff: "50" },
          { from: "2026-06-01T00:00:00Z", until: "2026-07-01T00:00:00Z", percentOff: "25" },
        ],
      },
      "rampDiscounts[1].from",
      "no overlap with rampDiscounts[0]",
    ],
    [
      // 110,000 H100 × $2.10 × 744 h = $171,864,000.00 in a 31-day month.
      "a commitment a cent above a 31-day month at list price",
      { commitment: { minimumPerMonth: "171864000.01" } },
      "commitment.minimumPerMonth",
      "<= 171864000.00",
    ],
    [
      "a commitment above the monthly fees",
      {
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, monthlyFee: "1000" }],
        placement: { policy: "packed" },
        commitment: { minimumPerMonth: "1000.01" },
      },
      "commitment.minimumPerMonth",
      "<= 1000.00",
    ],
    [
      "a price of $999,999.99 a GPU-hour",
      { lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "999999.99" }] },
      "lines[0].pricePerGpuHour",
      "<= 100.00",
    ],
    [
      // 8 GPUs × $100 × 744 h = $595,200.00.
      "a monthly fee above $100 a GPU-hour over a 31-day month",
      {
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, monthlyFee: "595200.01" }],
        placement: { policy: "packed" },
      },
      "lines[0].monthlyFee",
      "<= 595200.00",
    ],
    [
      "a monthly fee in fractions of a cent",
      {
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, monthlyFee: "1000.001" }],
        placement: { policy: "packed" },
      },
      "lines[0].monthlyFee",
      "2 decimals",
    ],
    [
      "a commitment in fractions of a cent",
      { commitment: { minimumPerMonth: "1000.005" } },
      "commitment.minimumPerMonth",
      "2 decimals",
    ],
    ["an unknown top-level field", { colour: "blue" }, "colour", "no unknown fields"],
    [
      "an unknown field on a line",
      { lines: [{ ...h100(8), discount: "5" }] },
      "lines[0].discount",
      "no unknown fields",
    ],
    ["an unknown isolation level", { isolation: "hall" }, "isolation", "one of node|rack|block|site"],
    ["a GPU count of zero", { lines: [h100(0)] }, "lines[0].gpuCount", ">= 1"],
    ["a date without a time", { endsAt: "2029-05-31" }, "endsAt", "format datetime"],
    ["a time without a zone", { endsAt: "2029-05-31T00:00:00" }, "endsAt", "format datetime"],
    ["a 13th month", { startsAt: "2026-13-01T00:00:00Z" }, "startsAt", "format datetime"],
    ["the 30th of February", { endsAt: "2029-02-30T00:00:00Z" }, "endsAt", "format datetime"],
    [
      "a ramp discount with a malformed instant",
      { rampDiscounts: [{ from: "yesterday", until: at(30), percentOff: "50" }] },
      "rampDiscounts[0].from",
      "format datetime",
    ],
  ])("refuses %s, naming the field and the bound", (_why, change, field, bound) => {
    expect(issuesOf({ ...rentHalf, ...change })).toContainEqual(expect.objectContaining({ field, bound }));
  });

  it.each<[string, Record<string, unknown>]>([
    ["a start half an hour ago, inside the grace", { startsAt: "2026-04-30T23:30:00Z" }],
    ["a term of exactly twenty years", { endsAt: "2046-05-15T00:00:00Z" }],
    [
      "a price of exactly $100 a GPU-hour",
      { lines: [{ key: "h100", gpuModel: "H100", gpuCount: 110_000, pricePerGpuHour: "100" }] },
    ],
    [
      "ramp discounts back to back, one reaching past both ends of the term",
      {
        rampDiscounts: [
          { from: at(1), until: "2026-06-15T00:00:00Z", percentOff: "50" },
          { from: "2026-06-15T00:00:00Z", until: "2030-01-01T00:00:00Z", percentOff: "10" },
        ],
      },
    ],
    [
      "a commitment of exactly a 31-day month at list price",
      { commitment: { minimumPerMonth: "171864000" } },
    ],
    ["islands of whole nodes", { placement: { policy: "packed", minIslandGpus: 2048 } }],
  ])("accepts %s", (_why, change) => {
    expect(() => validateLeaseRequest({ ...rentHalf, ...change }, catalogue, NOW)).not.toThrow();
  });

  it("names the site a request lists twice, and where it first listed it", () => {
    expect(issuesOf({ ...rentHalf, sites: ["colossus-1", "memphis-2", "colossus-1"] })).toEqual([
      {
        field: "sites[2]",
        message: "sites[2] colossus-1 is the same site as sites[0] colossus-1; list each site once",
        bound: "unique",
      },
    ]);
  });

  it("says how early a lease may start and how late it may end, and what it got", () => {
    const raw = { ...rentHalf, startsAt: "2026-04-01T00:00:00Z", endsAt: "9999-12-31T00:00:00Z" };
    expect(issuesOf(raw)).toEqual([
      {
        field: "startsAt",
        message:
          "startsAt must be no earlier than 2026-04-30T23:00:00.000Z, an hour before now (got 2026-04-01T00:00:00.000Z)",
        bound: ">= 2026-04-30T23:00:00.000Z",
      },
      {
        field: "endsAt",
        message:
          "endsAt must be at most 20 years after the start 2026-04-01T00:00:00.000Z, by 2046-04-01T00:00:00.000Z (got 9999-12-31T00:00:00.000Z)",
        bound: "<= 2046-04-01T00:00:00.000Z",
      },
    ]);
  });

  it("says what a non-multiple GPU count should be, and what it got", () => {
    const packed = { policy: "packed" };
    expect(issuesOf({ ...rentHalf, lines: [h100(12)], placement: packed })).toEqual([
      {
        field: "lines[0].gpuCount",
        message: "lines[0].gpuCount must be a positive multiple of 8 for H100 (got 12)",
        bound: "multiple of 8",
      },
    ]);
  });

  it("reports every problem at once, the first one leading the error message", () => {
    const raw = {
      ...rentHalf,
      lines: [h100(12)],
      endsAt: "2026-05-01T00:00:00Z",
      placement: { policy: "packed" },
    };
    expect(() => validateLeaseRequest(raw, catalogue, NOW)).toThrow(
      "lines[0].gpuCount must be a positive multiple of 8 for H100 (got 12) (and 1 more)",
    );
    expect(issuesOf(raw).map((i) => i.field)).toEqual(["lines[0].gpuCount", "endsAt"]);
  });
});
