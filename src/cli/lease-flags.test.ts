import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { amendmentFromFlags, parseAddTranche, parseUpsize } from "./amendment-flags.js";
import { UsageError } from "./cli-errors.js";
import { leaseRequestFromFlags, parseLineFlag, parseRampFlag } from "./lease-flags.js";
import { isoInstant } from "./option-parsers.js";

describe("lease flags", () => {
  it.each([
    ["2026-06-01", "2026-06-01T00:00:00.000Z"],
    ["2026-06-01T12:30:00Z", "2026-06-01T12:30:00.000Z"],
    ["2026-06-01T12:30Z", "2026-06-01T12:30:00.000Z"],
    ["2026-06-01T02:00:00+02:00", "2026-06-01T00:00:00.000Z"],
  ])("reads the instant %s as %s (UTC)", (text, iso) => {
    expect(isoInstant(text)).toBe(iso);
  });

  it.each(["June 1 2026", "2026-06-01T12:30", "2026-13-01", "tomorrow", ""])(
    "refuses %j as an instant",
    (text) => {
      expect(() => isoInstant(text)).toThrow(InvalidArgumentError);
    },
  );

  it("reads repeated --line flags in order", () => {
    const lines = parseLineFlag("gb200:GB200:72:5", parseLineFlag("h100:H100:110_000:2.10"));
    expect(lines).toEqual([
      { key: "h100", gpuModel: "H100", gpuCount: 110_000, price: "2.10" },
      { key: "gb200", gpuModel: "GB200", gpuCount: 72, price: "5" },
    ]);
  });

  it.each([
    ["h100:H100:110000", /KEY:MODEL:GPUS:PRICE/],
    ["h 1:H100:8:2.10", /KEY:MODEL:GPUS:PRICE/],
    ["h100:H100:0:2.10", /GPUS must be a whole number from 1/],
    ["h100:H100:8:2.1.0", /PRICE must be a decimal dollar amount/],
    ["h100:H100:8:-1", /PRICE must be a decimal dollar amount/],
  ])("refuses the line %s naming what is wrong", (spec, message) => {
    expect(() => parseLineFlag(spec)).toThrow(message);
  });

  it("reads a ramp discount whose instants contain colons", () => {
    expect(parseRampFlag("2026-06-01T00:00:00Z..2026-08-01T00:00:00Z:12.5")).toEqual([
      { from: "2026-06-01T00:00:00.000Z", until: "2026-08-01T00:00:00.000Z", percentOff: "12.5" },
    ]);
    expect(() => parseRampFlag("2026-06-01..2026-08-01:150")).toThrow(/PERCENT 0..100/);
    expect(() => parseRampFlag("2026-06-01:50")).toThrow(/FROM..UNTIL:PERCENT/);
  });

  it("builds the lease request, prices as monthly fees with --monthly-fee", () => {
    const request = leaseRequestFromFlags("all-in", {
      tenant: "frontier-lab",
      site: ["colossus-1"],
      line: parseLineFlag("h100:H100:16:1000000"),
      starts: "2026-06-01T00:00:00.000Z",
      ends: "2027-06-01T00:00:00.000Z",
      isolation: "site",
      minIsland: 16,
      noticeDays: 30,
      monthlyFee: true,
    });
    expect(request).toEqual({
      name: "all-in",
      tenant: "frontier-lab",
      sites: ["colossus-1"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 16, monthlyFee: "1000000" }],
      startsAt: "2026-06-01T00:00:00.000Z",
      endsAt: "2027-06-01T00:00:00.000Z",
      noticePeriodDays: 30,
      isolation: "site",
      placement: { policy: "packed", minIslandGpus: 16 },
    });
  });

  it("names every missing flag at once", () => {
    expect(() => leaseRequestFromFlags("x", { tenant: "t" })).toThrow(
      new UsageError(
        "leases create NAME needs --site <site>, --line <spec>, --starts <iso>, --ends <iso> (or give the whole lease with -f FILE)",
      ),
    );
  });
});

describe("amendment flags", () => {
  it("reads --upsize LINE:GPUS@ISO", () => {
    expect(parseUpsize("h100:8_192@2026-09-01")).toEqual({
      kind: "upsize",
      line: "h100",
      gpus: 8192,
      startsAt: "2026-09-01T00:00:00.000Z",
    });
    expect(() => parseUpsize("h100@2026-09-01")).toThrow(/LINE:GPUS@ISO/);
  });

  it("reads --add-tranche ISO:line=n,line=n with colons in the instant", () => {
    expect(parseAddTranche("2026-09-01T06:00:00Z:h100=2048,gb200=72")).toEqual({
      kind: "add_tranche",
      startsAt: "2026-09-01T06:00:00.000Z",
      gpus: { h100: 2048, gb200: 72 },
    });
    expect(() => parseAddTranche("2026-09-01:h100=8,h100=8")).toThrow(/distinct lines/);
    expect(() => parseAddTranche("2026-09-01")).toThrow(/ISO:LINE=GPUS/);
  });

  it.each([
    [{}, 0],
    [{ extend: "2028-01-01T00:00:00.000Z", terminateEarly: "2027-01-01T00:00:00.000Z" }, 2],
  ])("wants exactly one amendment (%j gives %d)", (flags, n) => {
    expect(() => amendmentFromFlags(flags)).toThrow(`(got ${n})`);
  });

  it("turns --terminate-early into the API's terminate_early", () => {
    expect(amendmentFromFlags({ terminateEarly: "2027-01-01T00:00:00.000Z" })).toEqual({
      kind: "terminate_early",
      endsAt: "2027-01-01T00:00:00.000Z",
    });
  });
});
