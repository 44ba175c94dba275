import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody, LeaseRequest } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** The seed scenarios as the server writes them, and the contract the build generated. */

const clock = new ManualClock("2026-12-01T09:30:42.000Z");
let server: TestServer;

/** A rack/node site of `racks` racks of 8 nodes of `gpuModel`, 8 GPUs each. */
function site(name: string, gpuModel: string, racks: number) {
  const nodes = Array.from({ length: racks * 8 }, (_, i) => ({
    name: `n${i + 1}`,
    path: `r${Math.floor(i / 8) + 1}`,
    gpuModel,
    gpuCount: 8,
  }));
  return {
    name,
    pue: 1.2,
    electricityUsdPerMwh: "70",
    powerSources: [{ kind: "grid" as const, installedMw: 20, permittedMw: 20 }],
    topologyLevels: ["rack", "node"],
    nodes,
  };
}

const template = (siteRef: string, scenario: "rent-half" | "rent-all", query: Record<string, string>) =>
  server.api().GET("/v1/sites/{site}/lease-templates/{template}", {
    params: { path: { site: siteRef, template: scenario }, query: { tenant: "frontier-lab", ...query } },
  });

beforeAll(async () => {
  server = await startTestServer({ clock });
  const imported = await server.api().POST("/v1/fleet/import", {
    params: { query: { replace: "false" } },
    body: { sites: [site("h100-lab", "H100", 6), site("h200-lab", "H200", 2)] },
  });
  expect(imported.response.status).toBe(200);
});
afterAll(async () => server?.close());

describe("lease templates", () => {
  it("writes rent-half as half the site's leasable GPUs in whole H100 nodes, starting this minute", async () => {
    const { data: availability } = await server.api().GET("/v1/sites/{site}/availability", {
      params: { path: { site: "h100-lab" } },
    });
    const leasable = availability?.byModel.reduce((n, m) => n + m.leasableGpus, 0) ?? 0;
    const { data, response } = await template("h100-lab", "rent-half", {});
    expect(response.status).toBe(200);
    expect(data).toEqual<LeaseRequest>({
      name: "rent-half",
      tenant: "frontier-lab",
      sites: ["h100-lab"],
      lines: [
        {
          key: "h100",
          gpuModel: "H100",
          gpuCount: Math.floor(leasable / 2 / 8) * 8,
          pricePerGpuHour: "2.10",
        },
      ],
      startsAt: "2026-12-01T09:30:00.000Z",
      endsAt: "2027-12-01T09:30:00.000Z",
      isolation: "block",
      placement: { policy: "packed", minIslandGpus: Math.min(2048, Math.floor(leasable / 2 / 8) * 8) },
    });
  });

  it("writes a request the quote accepts as it is", async () => {
    const { data: request } = await template("h100-lab", "rent-all", { name: "everything" });
    expect(request).toMatchObject({ name: "everything", isolation: "site", noticePeriodDays: 90 });
    const quote = await server.api().POST("/v1/leases/quote", { body: request as LeaseRequest });
    expect(quote.response.status).toBe(200);
    expect(quote.data?.fits).toBe(true);
  });

  it("starts the lease when asked", async () => {
    const { data } = await template("h100-lab", "rent-all", { startsAt: "2027-01-01T00:00:00Z" });
    expect(data?.rampDiscounts).toEqual([
      { from: "2027-01-01T00:00:00.000Z", until: "2027-03-01T00:00:00.000Z", percentOff: "50" },
    ]);
  });

  it("refuses rent-half at a site without H100 with 409 TEMPLATE_NOT_APPLICABLE saying why", async () => {
    const { error, response } = await template("h200-lab", "rent-half", {});
    expect(response.status).toBe(409);
    expect(error?.error).toMatchObject({
      code: "TEMPLATE_NOT_APPLICABLE",
      message: "rent-half leases H100 GPUs, and h200-lab has none to lease",
    });
  });

  it("refuses a scenario it does not know with 400 naming it, and an unknown site with 404", async () => {
    const unknown = await server.app.request("/v1/sites/h100-lab/lease-templates/rent-most?tenant=x", {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.issues?.[0]?.field).toBe("template");
    const nowhere = await template("atlantis", "rent-half", {});
    expect([nowhere.response.status, nowhere.error?.error.code]).toEqual([404, "SITE_NOT_FOUND"]);
  });
});

describe("the contract", () => {
  it("the build generated the document this server serves", async () => {
    const served = (await (await server.app.request("/openapi.json")).json()) as Record<string, unknown>;
    const generated = JSON.parse(readFileSync("src/contract/generated/openapi.json", "utf8")) as Record<
      string,
      unknown
    >;
    expect(served.paths).toEqual(generated.paths);
    expect(served.components).toEqual(generated.components);
  });
});
