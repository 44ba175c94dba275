import { describe, expect, it } from "vitest";
import { defaultServingRates, rateTable } from "./serving-rates.js";

describe("serving rates", () => {
  it("serves the published MLPerf Llama-2-70B offline figures as the medium class", () => {
    const rates = rateTable([]);
    expect(rates("H100", "medium")).toBe(3066);
    expect(rates("H200", "medium")).toBe(3913);
    expect(rates("B200", "medium")).toBe(11264);
  });

  it("labels every figure that is not published as an estimate", () => {
    for (const r of defaultServingRates())
      if (r.basis !== "mlperf") expect(r.note.startsWith("estimate")).toBe(true);
  });

  it("lets a tenant's figure win over the default, matching the GPU model in any case", () => {
    const rates = rateTable([{ gpuModel: "h100", modelClass: "medium", outputTokensPerSecondPerGpu: 4000 }]);
    expect(rates("H100", "medium")).toBe(4000);
    expect(rates("H100", "nonesuch")).toBe(0);
  });
});
