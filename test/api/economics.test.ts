import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** The owner's economics over /v1, on a 1,024-GPU H100 site whose figures are easy to check. */

const clock = new ManualClock("2027-01-15T09:00:00.000Z");
let server: TestServer;

const SITE = {
  name: "econ-lab",
  pue: 1.25,
  electricityUsdPerMwh: "80",
  powerSources: [{ kind: "grid" as const, installedMw: 5, permittedMw: 5 }],
  topologyLevels: ["rack", "node"],
  nodes: Array.from({ length: 128 }, (_, i) => ({
    name: `n${i + 1}`,
    path: `r${Math.floor(i / 8) + 1}`,
    gpuModel: "H100",
    gpuCount: 8,
  })),
};

const report = (site: string, body: Record<string, unknown>) =>
  server.api().POST("/v1/sites/{site}/economics", { params: { path: { site } }, body });

beforeAll(async () => {
  server = await startTestServer({ clock });
  const imported = await server.api().POST("/v1/fleet/import", {
    params: { query: { replace: "false" } },
    body: { sites: [SITE] },
  });
  expect(imported.response.status).toBe(200);
});
afterAll(async () => server?.close());

describe("a site's P&L", () => {
  it("with no lease, values the whole site's own work at the shadow price, from this month for 60 months", async () => {
    const { data, response } = await report("econ-lab", { scenario: "internal" });
    expect(response.status).toBe(200);
    expect(data?.horizon).toEqual({ fromMonth: "2027-01", months: 60 });
    expect(data?.months).toHaveLength(60);
    // January: 1,024 GPUs × 744 h × 90% at $2.10.
    const jan = data?.months[0];
    expect(jan?.internalGpuHours).toBe(Math.floor(1024 * 744 * 0.9));
    expect(jan?.internalValue).toBe((Math.floor(1024 * 744 * 0.9) * 2.1).toFixed(2));
    expect(jan?.leaseRevenue).toBe("0.00");
    // $50k per GPU over 6 years: 51.2M / 72 a month, plus the facility.
    expect(data?.summary.capex).toMatch(/^\d+\.\d\d$/);
    expect(data?.inputs.find((i) => i.key === "pue")).toMatchObject({ value: "1.250", setBy: "default" });
  });

  it("rent-all leases every GPU for its monthly fee and reaches the company's breakeven only when the fee covers the loss", async () => {
    const small = await report("econ-lab", { scenario: "rent-all", months: 12 });
    expect(small.response.status).toBe(200);
    expect(small.data?.total.leasedGpuHours).toBeGreaterThan(0);
    expect(small.data?.summary.company.reachesBreakeven).toBe(false);
    const covered = await report("econ-lab", {
      scenario: "rent-all",
      months: 12,
      inputs: { annualNetLoss: "1000" },
    });
    expect(covered.data?.summary.company.reachesBreakeven).toBe(true);
    expect(covered.data?.inputs.find((i) => i.key === "annualNetLoss")?.setBy).toBe("ask");
  });

  it("refuses an input out of bounds with its field and bound, and an unknown scenario with 404", async () => {
    const bad = await report("econ-lab", { inputs: { pue: "9" } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error.issues?.[0]).toMatchObject({ field: "inputs.pue", bound: "1.000..3.000" });
    const missing = await report("econ-lab", { scenario: "nope" });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe("SCENARIO_NOT_FOUND");
  });
});

describe("scenarios", () => {
  it("saves a custom lease shape by name, versioned, and prices it", async () => {
    const put = (price: string) =>
      server.api().POST("/v1/economic-scenarios", {
        body: {
          name: "half-at",
          base: "actual",
          description: "half the site",
          lease: { gpuSharePercent: "50", pricePerGpuHour: price, months: 12 },
        },
      });
    expect((await put("2.00")).data?.scenario.version).toBe(1);
    expect((await put("3.00")).data?.scenario.version).toBe(2);
    const v1 = await report("econ-lab", {
      scenario: "half-at",
      version: 1,
      months: 1,
      inputs: { internalUtilisationPercent: "0" },
    });
    const v2 = await report("econ-lab", {
      scenario: "half-at",
      months: 1,
      inputs: { internalUtilisationPercent: "0" },
    });
    // 512 GPUs × 744 h at $2 and at $3.
    expect(v1.data?.total.leaseRevenue).toBe((512 * 744 * 2).toFixed(2));
    expect(v2.data?.total.leaseRevenue).toBe((512 * 744 * 3).toFixed(2));
    expect(v2.data?.scenario).toMatchObject({ name: "half-at", version: 2 });
    const listed = await server.api().GET("/v1/economic-scenarios", { params: { query: {} } });
    expect(listed.data?.scenarios.map((s) => [s.name, s.version])).toEqual([["half-at", 2]]);
  });

  it("compares the built-in scenarios side by side", async () => {
    const { data, response } = await server.api().POST("/v1/sites/{site}/economics/compare", {
      params: { path: { site: "econ-lab" } },
      body: { months: 12 },
    });
    expect(response.status).toBe(200);
    expect(data?.scenarios.map((s) => s.scenario.name)).toEqual(["internal", "rent-half", "rent-all"]);
  });

  it("keeps a site's overrides as versions and uses them", async () => {
    const saved = await server.api().PUT("/v1/sites/{site}/economics/inputs", {
      params: { path: { site: "econ-lab" } },
      body: { inputs: { electricityPerMwh: "50" } },
    });
    expect(saved.data?.version).toBe(1);
    const { data } = await report("econ-lab", { scenario: "internal", months: 1 });
    expect(data?.inputs.find((i) => i.key === "electricityPerMwh")).toMatchObject({
      value: "50.00",
      setBy: "site",
    });
  });
});

describe("sensitivity and Monte Carlo", () => {
  it("answers a tornado and a repeatable distribution", async () => {
    const t = await server.api().POST("/v1/sites/{site}/economics/sensitivity", {
      params: { path: { site: "econ-lab" } },
      body: { scenario: "rent-half" },
    });
    expect(t.data?.bars).toHaveLength(5);
    const run = () =>
      server.api().POST("/v1/sites/{site}/economics/montecarlo", {
        params: { path: { site: "econ-lab" } },
        body: { scenario: "rent-half", samples: 2000, seed: 42 },
      });
    const [a, b] = [await run(), await run()];
    expect(a.data?.samples).toBe(2000);
    expect(a.data?.marginEstimate).toEqual(b.data?.marginEstimate);
    expect(a.data?.breakevenProbabilityEstimate).toBeGreaterThanOrEqual(0);
  });

  it("is the operator's: a tenant key is refused", async () => {
    const tenant = await server.tenantKey("lab-a");
    const res = await server.app.request("/v1/sites/econ-lab/economics", {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.key}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(403);
  });
});
