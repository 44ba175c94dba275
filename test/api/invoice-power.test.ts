import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * Power pass-through bills the energy the lease's agents measured (as the heartbeats store it, per
 * holder and hour) × the site's PUE × its $/MWh; a lease no agent reported for falls back to the
 * nameplate estimate, and says so.
 */

const clock = new ManualClock("2027-01-01T00:00:00.000Z");
let server: TestServer;
const leases: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ clock, spares: { nodesPerBlock: 0 } });
  expect((await importSmallSite(server, "memphis", ["n1", "n2", "n3", "n4"], 10)).status).toBe(200);
  await server.tenantKey("lab-a");
  for (const name of ["measured", "estimated"]) {
    const { data, response } = await server.api().POST("/v1/leases", {
      params: { query: { reserve: "true" } },
      body: {
        name,
        tenant: "lab-a",
        sites: ["memphis"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.00" }],
        startsAt: "2027-01-01T00:00:00.000Z",
        endsAt: "2027-12-01T00:00:00.000Z",
      },
    });
    expect(response.status).toBe(201);
    leases[name] = data?.lease.id ?? "";
  }
  const site = await server.db.query<{ id: string }>("SELECT id FROM sites WHERE name = 'memphis'");
  // 1.5 MWh measured in two January hours, and a reading of February that January must not count.
  for (const [hour, wh] of [
    ["2027-01-05T10:00:00.000Z", 1_000_000],
    ["2027-01-20T03:00:00.000Z", 500_000],
    ["2027-02-01T00:00:00.000Z", 9_999_999],
  ] as const) {
    await server.db.query(
      "INSERT INTO measured_energy_hours (site_id, holder, hour, it_energy_wh, readings) VALUES ($1, $2, $3, $4, 360)",
      [site[0]?.id, leases.measured, hour, wh],
    );
  }
  clock.set("2027-02-02T00:00:00.000Z");
});
afterAll(async () => server?.close());

const january = (lease: string) =>
  server.api().POST("/v1/leases/{lease}/invoices", {
    params: { path: { lease } },
    body: { month: "2027-01", powerPassThrough: true },
  });

describe("power pass-through", () => {
  it("bills the measured energy × PUE × the site's $/MWh, to the cent", async () => {
    const { data, response } = await january(leases.measured ?? "");
    expect(response.status).toBe(201);
    expect(data?.invoice.energySource).toBe("measured");
    const power = data?.invoice.lines.find((l) => l.kind === "power");
    // 1.5 MWh × 1.2 = 1.8 MWh at $80 = $144.00
    expect(power?.amount).toBe("144.00");
    expect(power?.description).toContain("1.500 MWh IT (measured)");
  });

  it("falls back to the nameplate estimate where no agent reported, and labels it", async () => {
    const { data, response } = await january(leases.estimated ?? "");
    expect(response.status).toBe(201);
    expect(data?.invoice.energySource).toBe("nameplate estimate");
    const power = data?.invoice.lines.find((l) => l.kind === "power");
    expect(Number(power?.amount)).toBeGreaterThan(0);
  });
});
