import { describe, expect, it } from "vitest";
import { addMonths, type LeaseTemplateInput, leaseTemplate } from "./lease-templates.js";

const base: Omit<LeaseTemplateInput, "template"> = {
  siteName: "colossus-1",
  leasable: [
    { gpuModel: "H100", leasableGpus: 148_000 },
    { gpuModel: "GB200", leasableGpus: 63_000 },
    { gpuModel: "B200", leasableGpus: 0 },
  ],
  gpusPerNode: new Map([
    ["H100", 8],
    ["GB200", 4],
    ["B200", 8],
  ]),
  tenant: "frontier-lab",
  startsAt: "2026-01-31T10:00:00.000Z",
};

describe("lease templates", () => {
  it.each([
    ["2026-01-31T10:00:00.000Z", 1, "2026-02-28T10:00:00.000Z"],
    ["2026-01-31T10:00:00.000Z", 2, "2026-03-31T10:00:00.000Z"],
    ["2028-02-29T00:00:00.000Z", 12, "2029-02-28T00:00:00.000Z"],
    ["2026-11-15T00:00:00.000Z", 2, "2027-01-15T00:00:00.000Z"],
  ])("%s plus %d months is %s", (at, months, expected) => {
    expect(addMonths(at, months)).toBe(expected);
  });

  it("rent-half takes half the site's leasable GPUs as whole H100 nodes, packed in block-isolated islands", () => {
    const result = leaseTemplate({ ...base, template: "rent-half" });
    // (148,000 + 63,000) / 2 = 105,500 → 13,187 nodes of 8.
    expect(result).toEqual({
      ok: true,
      request: {
        name: "rent-half",
        tenant: "frontier-lab",
        sites: ["colossus-1"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 105_496, pricePerGpuHour: "2.10" }],
        startsAt: "2026-01-31T10:00:00.000Z",
        endsAt: "2027-01-31T10:00:00.000Z",
        isolation: "block",
        placement: { policy: "packed", minIslandGpus: 2048 },
      },
    });
  });

  it("rent-half never asks for more H100 than the site can lease", () => {
    const leasable = [
      { gpuModel: "H100", leasableGpus: 1_000 },
      { gpuModel: "GB200", leasableGpus: 100_000 },
    ];
    const result = leaseTemplate({ ...base, siteName: "h100-light", leasable, template: "rent-half" });
    const request = result.ok ? result.request : undefined;
    expect(request?.lines[0]?.gpuCount).toBe(1_000);
    expect(request?.placement).toEqual({ policy: "packed", minIslandGpus: 1_000 });
  });

  it("rent-all leases every leasable model with one monthly fee on the largest line and a two-month ramp", () => {
    const result = leaseTemplate({ ...base, template: "rent-all", name: "everything" });
    expect(result.ok && result.request).toMatchObject({
      name: "everything",
      lines: [
        { key: "h100", gpuModel: "H100", gpuCount: 148_000, monthlyFee: "1250000000.00" },
        { key: "gb200", gpuModel: "GB200", gpuCount: 63_000, monthlyFee: "0" },
      ],
      endsAt: "2029-05-31T00:00:00.000Z",
      noticePeriodDays: 90,
      rampDiscounts: [
        { from: "2026-01-31T10:00:00.000Z", until: "2026-03-31T10:00:00.000Z", percentOff: "50" },
      ],
      isolation: "site",
    });
  });

  it("rent-all on a site smaller than the filing's charges the filing's fee per GPU, to the cent", () => {
    const small = {
      ...base,
      leasable: [{ gpuModel: "H100", leasableGpus: 1_024 }],
      template: "rent-all" as const,
    };
    const result = leaseTemplate(small);
    // $1,250,000,000 / 220,000 GPUs × 1,024 GPUs = $5,818,181.818… → $5,818,181.81 (cents truncated).
    expect(result.ok && result.request.lines).toEqual([
      { key: "h100", gpuModel: "H100", gpuCount: 1_024, monthlyFee: "5818181.81" },
    ]);
  });

  it("refuses a site without H100 for rent-half, saying why", () => {
    const leasable = [{ gpuModel: "GB200", leasableGpus: 72 }];
    expect(leaseTemplate({ ...base, siteName: "gb-only", leasable, template: "rent-half" })).toEqual({
      ok: false,
      reason: "rent-half leases H100 GPUs, and gb-only has none to lease",
    });
  });

  it("refuses rent-all at a site with nothing to lease", () => {
    const leasable = [{ gpuModel: "H100", leasableGpus: 0 }];
    expect(leaseTemplate({ ...base, siteName: "full", leasable, template: "rent-all" })).toEqual({
      ok: false,
      reason: "full has no leasable GPUs for rent-all",
    });
  });
});
