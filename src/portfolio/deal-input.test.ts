import { describe, expect, it } from "vitest";
import { fullCapacity } from "./deal.js";
import { readDealInput } from "./deal-input.js";

const base = { name: "d", provider: "AWS", chip: "H100", onlineAt: "2027-01-01" };

describe("reading a deal", () => {
  it.each([
    [{ ...base, powerMw: 10, gpus: 8 }, "gpus", "exactly one of powerMw, gpus"],
    [{ ...base }, "powerMw", "exactly one of powerMw, gpus"],
    [{ ...base, gpus: 8, lease: "rent-all" }, "gpus", "absent with lease"],
    [{ ...base, gpus: 8, launchYear: 2030 }, "launchYear", "absent unless kind is orbital"],
    [{ ...base, gpus: 8, kind: "orbital" }, "launchYear", "required when kind is orbital"],
    [{ ...base, gpus: 8, committedSpend: "1.005" }, "committedSpend", "<= 10000000000000.00"],
    [{ ...base, gpus: 8, rampMonths: 121 }, "rampMonths", "<= 120"],
    [{ ...base, gpus: 8, onlineAt: "1999-12-31" }, "onlineAt", "2000..2100"],
  ])("refuses %j at %s", (input, field, bound) => {
    const { draft, issues } = readDealInput(input);
    expect(draft).toBeUndefined();
    expect(issues[0]).toMatchObject({ field, bound });
  });

  it("reads an orbital site with its own inputs", () => {
    const { draft } = readDealInput({
      ...base,
      kind: "orbital",
      powerMw: 40,
      launchYear: 2034,
      powerSource: "solar",
      costPerMw: "25000000.00",
      onlineAt: "2035-01-01",
    });
    expect(draft?.orbital).toEqual({
      launchYear: 2034,
      powerSource: "solar",
      costMicrosPerMw: 25_000_000_000_000n,
    });
    expect(draft?.onlineAt).toBe("2035-01-01T00:00:00.000Z");
  });

  it("turns MW into GPUs and GPUs into MW at the chip's kW per GPU", () => {
    expect(fullCapacity({ chip: "H100", powerMw: 300, gpus: null, kwPerGpu: null })).toEqual({
      powerMw: 300,
      gpus: 214_285,
      kwPerGpu: 1.4,
    });
    expect(fullCapacity({ chip: "b200", powerMw: null, gpus: 1_000, kwPerGpu: null }).powerMw).toBeCloseTo(
      1.9,
      9,
    );
    expect(fullCapacity({ chip: "tpu-v6e", powerMw: 1, gpus: null, kwPerGpu: 2 }).gpus).toBe(500);
  });
});
