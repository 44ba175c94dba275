import { describe, expect, it } from "vitest";
import { leaseSuggestions, qualifiedLeaseName } from "./lease-ref.js";

describe("lease references", () => {
  const leases = [
    { name: "rent-half", tenantName: "frontier-lab" },
    { name: "rent-half", tenantName: "rival-lab" },
    { name: "rent-all", tenantName: "rival-lab" },
    { name: "gpu-pool", tenantName: "frontier-lab" },
  ];

  it("qualifies a name with its tenant's", () => {
    expect(qualifiedLeaseName("frontier-lab", "rent-half")).toBe("frontier-lab/rent-half");
  });

  it("suggests a bare name that only one tenant has as it is", () => {
    expect(leaseSuggestions("gpu-pol", leases)).toEqual(["gpu-pool"]);
  });

  it("suggests a name two tenants share once per tenant, qualified, so each suggestion resolves", () => {
    expect(leaseSuggestions("rent-hlaf", leases)).toEqual([
      "frontier-lab/rent-half",
      "rival-lab/rent-half",
      "rent-all",
    ]);
  });

  it("suggests qualified references for a misspelled qualified one", () => {
    expect(leaseSuggestions("rival-lab/rent-hal", leases)).toEqual([
      "rival-lab/rent-half",
      "rival-lab/rent-all",
    ]);
    expect(leaseSuggestions("rivl-lab/rent-all", leases)).toEqual([
      "rival-lab/rent-all",
      "rival-lab/rent-half",
    ]);
  });

  it("suggests nothing when no lease is close", () => {
    expect(leaseSuggestions("training-cluster", leases)).toEqual([]);
  });
});
