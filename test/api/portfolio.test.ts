import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type {
  ErrorBody,
  PortfolioDeal,
  PortfolioSummary,
  PortfolioTimeline,
  UnitEconomics,
} from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** The tenant's portfolio and unit economics over /v1, with the reference portfolio of the seed check. */

const NOW = "2026-06-15T00:00:00.000Z";
const clock = new ManualClock(NOW);
let server: TestServer;
let lab: { tenantId: string; key: string };
let rival: { tenantId: string; key: string };

const REFERENCE_CSV = [
  "name,provider,chip,powerMw,onlineAt,rampMonths,termMonths,committedSpend",
  "earlier-capacity,Earlier capacity,H100,1000,2025-01-01,0,,",
  "aws-trainium,AWS,Trainium2,5000,2026-01-01,36,,",
  "google-broadcom-tpu,Google + Broadcom,TPU,3500,2027-01-01,24,,",
  "google-cloud,Google Cloud,TPU,5000,2027-07-01,30,,",
  "spacexai-colossus-1,SpaceXAI,H100,300,2026-05-01,2,36,45000000000.00",
].join("\n");

async function call<T>(method: string, path: string, key: string, body?: unknown) {
  const res = await server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: (type.includes("json") ? JSON.parse(text) : text) as T };
}

const deals = async (tenant: string, key = lab.key) =>
  (await call<{ deals: PortfolioDeal[] }>("GET", `/v1/tenants/${tenant}/portfolio/deals`, key)).body.deals;

beforeAll(async () => {
  server = await startTestServer({ clock });
  lab = await server.tenantKey("frontier-lab");
  rival = await server.tenantKey("rival-lab");
});
afterAll(async () => server?.close());

describe("the reference portfolio (seed check)", () => {
  it("commits 14.8 GW across AWS, Google/Broadcom, Google Cloud, SpaceXAI and earlier capacity, against 30 GW", async () => {
    const imported = await call<{ imported: number }>(
      "POST",
      "/v1/tenants/frontier-lab/portfolio/import",
      lab.key,
      {
        csv: REFERENCE_CSV,
      },
    );
    expect(imported).toMatchObject({ status: 200, body: { imported: 5, removed: 0 } });
    const { status, body } = await call<PortfolioSummary>(
      "GET",
      "/v1/tenants/frontier-lab/portfolio",
      lab.key,
    );
    expect(status).toBe(200);
    expect(body.committedPowerMw).toBe(14_800);
    expect(body.target).toMatchObject({ powerMw: 30_000, at: "2030-12-31T00:00:00.000Z" });
    expect(body.target.committedShare).toBeCloseTo(14.8 / 30, 4);
    expect(body.providers.map((p) => [p.provider, p.committedPowerMw])).toEqual([
      ["AWS", 5_000],
      ["Google Cloud", 5_000],
      ["Google + Broadcom", 3_500],
      ["Earlier capacity", 1_000],
      ["SpaceXAI", 300],
    ]);
    expect(body.committedSpend).toBe("45000000000.00");
    // Mid-June 2026: earlier capacity, 6/36 of AWS (January to June), and SpaceXAI's 2-month ramp done.
    expect(body.livePowerMw).toBeCloseTo(1_000 + (5_000 * 6) / 36 + 300, 2);
  });

  it("answers the share delivered by a date", async () => {
    const { body } = await call<PortfolioSummary>(
      "GET",
      "/v1/tenants/frontier-lab/portfolio?by=2027-12-31",
      lab.key,
    );
    const share = Object.fromEntries(body.deals.map((d) => [d.name, d.deliveredShare]));
    expect(share["earlier-capacity"]).toBe(1);
    expect(share["aws-trainium"]).toBeCloseTo(24 / 36, 4);
    expect(share["google-broadcom-tpu"]).toBeCloseTo(12 / 24, 4);
    expect(share["google-cloud"]).toBeCloseTo(6 / 30, 4);
  });

  it("draws the timeline stacked by provider against the target, and the target can be moved", async () => {
    const { body } = await call<PortfolioTimeline>(
      "GET",
      "/v1/tenants/frontier-lab/portfolio/timeline?from=2025-01-01&until=2031-12-01",
      lab.key,
    );
    expect(body.months).toHaveLength(84);
    expect(body.providers).toHaveLength(5);
    expect(body.targetPowerMw.at(-1)).toBe(30_000);
    const set = await call("PUT", "/v1/tenants/frontier-lab/portfolio/target", lab.key, {
      powerMw: 20_000,
      at: "2029-12-31",
    });
    expect(set).toMatchObject({ status: 200, body: { target: { powerMw: 20_000, label: "20 GW by 2029" } } });
    const after = await call<PortfolioTimeline>(
      "GET",
      "/v1/tenants/frontier-lab/portfolio/timeline",
      lab.key,
    );
    expect(after.body.months.at(-1)).toBe("2030-12");
    expect(after.body.targetPowerMw.at(-1)).toBe(20_000);
    await call("PUT", "/v1/tenants/frontier-lab/portfolio/target", lab.key, {
      powerMw: 30_000,
      at: "2030-12-31",
      label: "a rival's 30 GW by 2030",
    });
  });
});

describe("CSV import and export", () => {
  it("refuses a file with bad rows, naming each by line, field and bound, and changes nothing", async () => {
    const before = await deals("frontier-lab");
    const csv = [
      "name,provider,chip,powerMw,gpus,onlineAt",
      "extra,AWS,Trainium2,100,,2027-01-01",
      "both,AWS,Trainium2,100,800,2027-01-01",
      "huge,AWS,Trainium2,250000,,2027-01-01",
    ].join("\n");
    const { status, body } = await call<ErrorBody>(
      "POST",
      "/v1/tenants/frontier-lab/portfolio/import",
      lab.key,
      {
        csv,
        mode: "replace",
      },
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.issues?.map((i) => [i.field, i.bound])).toEqual([
      ["line 3.gpus", "exactly one of powerMw, gpus"],
      ["line 4.powerMw", "<= 100000"],
    ]);
    expect(await deals("frontier-lab")).toEqual(before);
  });

  it("exports what import reads back, and replace makes the file the portfolio", async () => {
    const exported = await call<string>("GET", "/v1/tenants/frontier-lab/portfolio/export", lab.key);
    expect(exported.status).toBe(200);
    expect(exported.body.split("\n")[0]).toContain("name,provider,chip,kind,powerMw");
    const before = await deals("frontier-lab");
    const replaced = await call("POST", "/v1/tenants/frontier-lab/portfolio/import", lab.key, {
      csv: exported.body,
      mode: "replace",
    });
    expect(replaced).toMatchObject({ status: 200, body: { imported: 5, removed: 5 } });
    const strip = (d: PortfolioDeal) => ({ ...d, id: "", createdAt: "" });
    expect((await deals("frontier-lab")).map(strip)).toEqual(before.map(strip));
  });

  it("refuses appending a deal whose name is taken, and a second deal of the same name", async () => {
    const again = await call<ErrorBody>("POST", "/v1/tenants/frontier-lab/portfolio/import", lab.key, {
      csv: REFERENCE_CSV,
    });
    expect(again.status).toBe(400);
    expect(again.body.error.issues?.[0]?.field).toBe("line 2.name");
    const one = {
      name: "aws-trainium",
      provider: "AWS",
      chip: "Trainium2",
      powerMw: 1,
      onlineAt: "2027-01-01",
    };
    const dup = await call<ErrorBody>("POST", "/v1/tenants/frontier-lab/portfolio/deals", lab.key, one);
    expect(dup).toMatchObject({ status: 409, body: { error: { code: "DEAL_EXISTS" } } });
  });
});

describe("deals, orbital sites and leases", () => {
  it("adds an orbital site with its own inputs, on the same timeline, and removes it", async () => {
    const orbital = {
      name: "orbital-1",
      provider: "Orbital",
      chip: "B200",
      kind: "orbital",
      powerMw: 40,
      onlineAt: "2030-01-01",
      launchYear: 2029,
      powerSource: "solar",
      costPerMw: "25000000.00",
    };
    const added = await call<{ deal: PortfolioDeal }>(
      "POST",
      "/v1/tenants/frontier-lab/portfolio/deals",
      lab.key,
      orbital,
    );
    expect(added.status).toBe(201);
    expect(added.body.deal.orbital).toEqual({
      launchYear: 2029,
      powerSource: "solar",
      costPerMw: "25000000.00",
    });
    const summary = await call<PortfolioSummary>("GET", "/v1/tenants/frontier-lab/portfolio", lab.key);
    expect(summary.body.committedPowerMw).toBe(14_840);
    // No committed spend given: its 40 MW at $25M per MW.
    expect(summary.body.committedSpend).toBe("46000000000.00");
    const removed = await call("DELETE", "/v1/tenants/frontier-lab/portfolio/deals/orbital-1", lab.key);
    expect(removed.status).toBe(200);
    expect((await call("GET", "/v1/tenants/frontier-lab/portfolio/deals/orbital-1", lab.key)).status).toBe(
      404,
    );
  });

  it("refuses an orbital site without its inputs, naming each", async () => {
    const { status, body } = await call<ErrorBody>(
      "POST",
      "/v1/tenants/frontier-lab/portfolio/deals",
      lab.key,
      {
        name: "orbital-2",
        provider: "Orbital",
        chip: "B200",
        kind: "orbital",
        powerMw: 40,
        onlineAt: "2035-01-01",
      },
    );
    expect(status).toBe(400);
    expect(body.error.issues?.map((i) => i.field)).toEqual(["launchYear", "powerSource", "costPerMw"]);
  });

  it("follows a lease of this system, and counts its GPUs and cost in the unit economics", async () => {
    const nodes = Array.from({ length: 16 }, (_, i) => ({
      name: `n${i + 1}`,
      path: `r${Math.floor(i / 8) + 1}`,
    }));
    expect((await importSmallSite(server, "memphis", nodes, 5)).status).toBe(200);
    const lease = await call<{ lease: { id: string } }>(
      "POST",
      "/v1/leases?reserve=true",
      server.operatorKey,
      {
        name: "memphis-lease",
        tenant: "frontier-lab",
        sites: ["memphis"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 32, pricePerGpuHour: "3.00" }],
        startsAt: "2026-06-16T00:00:00Z",
        endsAt: "2027-06-16T00:00:00Z",
      },
    );
    expect(lease.status).toBe(201);
    const linked = await call<{ deal: PortfolioDeal }>(
      "POST",
      "/v1/tenants/frontier-lab/portfolio/deals",
      lab.key,
      {
        name: "memphis",
        provider: "Memphis owner",
        chip: "H100",
        lease: "memphis-lease",
        onlineAt: "2026-06-16",
      },
    );
    expect(linked.status).toBe(201);
    expect(linked.body.deal.lease).toEqual({ id: lease.body.lease.id, name: "memphis-lease" });
    const later = await call<PortfolioSummary>(
      "GET",
      "/v1/tenants/frontier-lab/portfolio?by=2026-07-01",
      lab.key,
    );
    expect(later.body.providers.find((p) => p.provider === "Memphis owner")).toMatchObject({
      committedGpus: 32,
      deliveredPowerMw: 0.045,
    });

    const unit = await call<UnitEconomics>(
      "GET",
      "/v1/tenants/frontier-lab/unit-economics?at=2026-07-01",
      lab.key,
    );
    expect(unit.status).toBe(200);
    expect(unit.body.gpus.fromLeases).toBe(32);
    const h100 = unit.body.capacity.find((r) => r.chip === "H100");
    expect(h100).toMatchObject({ fromLeases: 32, tokensPerSecondPerGpu: 3_066 });
    // 32 H100 at $3.00 for the 12 months from July 2026 (the lease ends in June 2027).
    expect(Number(unit.body.spend.leasesPerYear)).toBeGreaterThan(0);
    expect(unit.body.spend.from).toBe("leases and deals");
  });

  it("refuses a lease of another tenant, as if it did not exist", async () => {
    const { status, body } = await call<ErrorBody>(
      "POST",
      "/v1/tenants/rival-lab/portfolio/deals",
      rival.key,
      {
        name: "stolen",
        provider: "X",
        chip: "H100",
        lease: "memphis-lease",
        onlineAt: "2026-06-16",
      },
    );
    expect(status).toBe(400);
    expect(body.error.issues?.[0]).toMatchObject({ field: "lease", bound: "a lease of rival-lab" });
  });
});

describe("unit economics", () => {
  it("shows every input, previews changes without saving, and saves them on PUT", async () => {
    const shown = await call<UnitEconomics>("GET", "/v1/tenants/rival-lab/unit-economics", rival.key);
    expect(shown.body.inputs).toEqual({
      utilisationPercent: "50",
      servedModelThroughputPercent: "16.9",
      pricePerMillionTokens: "10.00",
      tokensPerSecondPerGpu: {},
      annualComputeSpend: null,
    });
    await call("POST", "/v1/tenants/rival-lab/portfolio/deals", rival.key, {
      name: "h100s",
      provider: "Neocloud",
      chip: "H100",
      gpus: 183_527,
      onlineAt: "2026-01-01",
      termMonths: 12,
      committedSpend: "5000000000.00",
    });
    const preview = await call<UnitEconomics>(
      "POST",
      "/v1/tenants/rival-lab/unit-economics/preview",
      rival.key,
      {},
    );
    // $5B of compute spend becomes ~$15B of ARR with the defaults.
    expect(preview.body.spend.annualComputeSpend).toBe("5000000000.00");
    expect(Number(preview.body.annualRevenueEstimate)).toBeGreaterThan(14.5e9);
    expect(Number(preview.body.annualRevenueEstimate)).toBeLessThan(15.5e9);
    const doubled = await call<UnitEconomics>(
      "POST",
      "/v1/tenants/rival-lab/unit-economics/preview",
      rival.key,
      {
        pricePerMillionTokens: "20.00",
      },
    );
    expect(doubled.body.saved).toBe(false);
    const cents = (text: string) => BigInt(text.replace(".", ""));
    const twice = 2n * cents(preview.body.annualRevenueEstimate);
    // Each answer is rounded to the cent once, so twice the price is within a cent of twice the revenue.
    expect(cents(doubled.body.annualRevenueEstimate) - twice).toBeGreaterThanOrEqual(-1n);
    expect(cents(doubled.body.annualRevenueEstimate) - twice).toBeLessThanOrEqual(1n);
    expect(
      (await call<UnitEconomics>("GET", "/v1/tenants/rival-lab/unit-economics", rival.key)).body.inputs
        .pricePerMillionTokens,
    ).toBe("10.00");
    const saved = await call<UnitEconomics>("PUT", "/v1/tenants/rival-lab/unit-economics", rival.key, {
      utilisationPercent: "60",
      tokensPerSecondPerGpu: { h100: 2_000 },
    });
    expect(saved.body.inputs).toMatchObject({
      utilisationPercent: "60",
      tokensPerSecondPerGpu: { H100: 2_000 },
    });
    const after = await call<UnitEconomics>("GET", "/v1/tenants/rival-lab/unit-economics", rival.key);
    expect(after.body.inputs.utilisationPercent).toBe("60");
    expect(after.body.capacity[0]).toMatchObject({
      chip: "H100",
      tokensPerSecondPerGpu: 2_000,
      source: "set by the tenant",
    });
  });

  it("refuses a bad input with its field and bound, and saves nothing", async () => {
    const { status, body } = await call<ErrorBody>("PUT", "/v1/tenants/rival-lab/unit-economics", rival.key, {
      utilisationPercent: "150",
    });
    expect(status).toBe(400);
    expect(body.error.issues?.[0]).toMatchObject({
      field: "utilisationPercent",
      bound: "0..100, at most 2 decimals",
    });
    const after = await call<UnitEconomics>("GET", "/v1/tenants/rival-lab/unit-economics", rival.key);
    expect(after.body.inputs.utilisationPercent).toBe("60");
  });
});

describe("who may see and change a portfolio", () => {
  it("answers another tenant's key with 404, by id or name, for reads and writes", async () => {
    for (const ref of ["frontier-lab", lab.tenantId]) {
      for (const [method, path, body] of [
        ["GET", `/v1/tenants/${ref}/portfolio`, undefined],
        ["GET", `/v1/tenants/${ref}/portfolio/deals`, undefined],
        ["GET", `/v1/tenants/${ref}/unit-economics`, undefined],
        ["PUT", `/v1/tenants/${ref}/unit-economics`, { utilisationPercent: "1" }],
        ["DELETE", `/v1/tenants/${ref}/portfolio/deals/aws-trainium`, undefined],
      ] as const) {
        const res = await call<ErrorBody>(method, path, rival.key, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe("TENANT_NOT_FOUND");
      }
    }
    expect((await deals("frontier-lab")).some((d) => d.name === "aws-trainium")).toBe(true);
  });

  it("lets an operator act for a tenant by naming it", async () => {
    const added = await call("POST", "/v1/tenants/frontier-lab/portfolio/deals", server.operatorKey, {
      name: "added-by-operator",
      provider: "AWS",
      chip: "Trainium2",
      powerMw: 10,
      onlineAt: "2028-01-01",
    });
    expect(added.status).toBe(201);
    expect((await deals("frontier-lab", lab.key)).map((d) => d.name)).toContain("added-by-operator");
    expect((await deals("rival-lab", rival.key)).map((d) => d.name)).not.toContain("added-by-operator");
  });
});
