import { describe, expect, it } from "vitest";
import { COLOSSUS_PRESET } from "../fleet/colossus-preset.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../fleet/gpu-model.js";
import { UsageError } from "./cli-errors.js";
import { generateSpecOf, parseMix, parseUnhealthy } from "./generate-spec.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);

describe("fleet generate parameters", () => {
  it("accepts a mix whose fractions sum to about 1", () => {
    expect(parseMix("H100=0.7, H200=0.2, GB200=0.1", catalogue)).toEqual([
      ["H100", 0.7],
      ["H200", 0.2],
      ["GB200", 0.1],
    ]);
    expect(parseMix("H100=0.333,H200=0.333,B200=0.333", catalogue)).toHaveLength(3);
  });

  it.each([
    ["H100=0.7,H200=0.2", "must sum to 1"],
    ["H100=1,H100=0", "names H100 twice"],
    ["H100", "must look like NAME=FRACTION"],
    ["H100=abc", "must look like NAME=FRACTION"],
    ["H100=1.5", "between 0 and 1"],
    ["H100=1,B300=0", "unknown GPU model B300"],
  ])("rejects the mix %s", (mix, message) => {
    expect(() => parseMix(mix, catalogue)).toThrow(UsageError);
    expect(() => parseMix(mix, catalogue)).toThrow(message);
  });

  it("splits one unhealthy fraction 1:2:3 across failed, degraded and maintenance", () => {
    const split = parseUnhealthy("0.06");
    expect(split.failed).toBeCloseTo(0.01);
    expect(split.degraded).toBeCloseTo(0.02);
    expect(split.maintenance).toBeCloseTo(0.03);
    expect(parseUnhealthy("failed=0.1,maintenance=0.2")).toEqual({ failed: 0.1, maintenance: 0.2 });
    expect(() => parseUnhealthy("healthy=0.1")).toThrow("must be one of failed|degraded|maintenance");
    expect(() => parseUnhealthy("failed=0.6,degraded=0.6")).toThrow("at most 1");
  });

  it("builds a one-site spec with the documented defaults", () => {
    const spec = generateSpecOf({ gpus: 1000, mix: "H100=0.7,H200=0.2,GB200=0.1" }, catalogue);
    expect(spec).toMatchObject({
      siteName: "generated-1",
      pue: 1.2,
      electricityUsdPerMwh: "80.00",
      powerSources: [{ kind: "grid", installedMw: 10, permittedMw: 10 }],
      unhealthy: {},
      seed: 1,
    });
    expect(spec.groups.map((g) => [g.gpuModel, g.gpuCount])).toEqual([
      ["H100", 700],
      ["H200", 200],
      ["GB200", 100],
    ]);
  });

  it("keeps the preset's layout and lets the name, seed and health be overridden", () => {
    const spec = generateSpecOf({ preset: "colossus", siteName: "memphis-2", seed: 9 }, catalogue);
    expect(spec).toEqual({ ...COLOSSUS_PRESET, siteName: "memphis-2", seed: 9 });
    expect(() => generateSpecOf({ preset: "stargate" }, catalogue)).toThrow("--preset must be colossus");
    expect(() => generateSpecOf({ preset: "colossus", mix: "H100=1" }, catalogue)).toThrow("drop --mix");
  });

  it("refuses a model share too small to hold one GPU and a site name that is not a segment", () => {
    expect(() => generateSpecOf({ gpus: 10, mix: "H100=0.99,GB200=0.01" }, catalogue)).toThrow(
      "--mix gives GB200 no GPUs out of --gpus 10",
    );
    expect(() => generateSpecOf({ siteName: "my site" }, catalogue)).toThrow("--site-name must be");
  });
});
