import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody, Lease, Quote, SiteAvailability } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** Availability answers what a given tenant can actually lease under its isolation, and why the rest is not. */

const clock = new ManualClock("2026-12-01T00:00:00.000Z");
let server: TestServer;

const call = async <T>(method: string, path: string, body?: unknown, key = server.operatorKey) => {
  const res = await server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

const request = (tenant: string, name: string, gpuCount: number, isolation = "node") => ({
  name,
  tenant,
  sites: ["iso"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount, pricePerGpuHour: "2.50" }],
  startsAt: "2026-12-01T00:00:00Z",
  endsAt: "2027-12-01T00:00:00Z",
  isolation,
});

const h100 = (a: SiteAvailability) => a.forTenant.byModel.find((m) => m.gpuModel === "H100");

beforeAll(async () => {
  server = await startTestServer({ clock });
  const nodes = Array.from({ length: 16 }, (_, i) => ({
    name: `n${i + 1}`,
    path: `r${Math.floor(i / 8) + 1}`,
  }));
  expect((await importSmallSite(server, "iso", nodes, 5)).status).toBe(200);
  await server.tenantKey("lab-a");
  await server.tenantKey("lab-b");
  const a = await call<{ lease: Lease }>(
    "POST",
    "/v1/leases?reserve=true",
    request("lab-a", "pool", 16, "rack"),
  );
  expect(a.status).toBe(201);
});
afterAll(async () => server?.close());

describe("a site's availability for a tenant", () => {
  it("counts the rack another tenant isolates out of what a new tenant can lease, naming the lease", async () => {
    const { status, body } = await call<SiteAvailability>("GET", "/v1/sites/iso/availability");
    expect(status).toBe(200);
    expect(body.forTenant).toMatchObject({ tenant: null, isolation: "node" });
    const model = h100(body);
    expect(model?.limitedBy).toBe("isolation");
    expect(model?.isolatedGpus).toBeGreaterThan(0);
    expect(model?.availableGpus).toBe((model?.freeGpus ?? 0) - (model?.isolatedGpus ?? 0));
    expect(model?.blockers).toEqual([
      {
        leaseId: expect.any(String),
        lease: "lab-a/pool",
        tenantName: "lab-a",
        freeGpus: model?.isolatedGpus,
      },
    ]);
  });

  it("gives the isolating tenant its own rack back", async () => {
    const { body } = await call<SiteAvailability>("GET", "/v1/sites/iso/availability?tenant=lab-a");
    expect(body.forTenant.tenant).toEqual({ id: expect.any(String), name: "lab-a" });
    expect(h100(body)).toMatchObject({ isolatedGpus: 0, blockers: [] });
    expect(h100(body)?.availableGpus).toBe(h100(body)?.calendarGpus);
  });

  it("tells the truth: one node more than it offers lab-b is refused for isolation, what it offers is reserved", async () => {
    const { body } = await call<SiteAvailability>(
      "GET",
      "/v1/sites/iso/availability?tenant=lab-b&isolation=node",
    );
    const offered = h100(body)?.availableGpus ?? 0;
    expect(offered).toBeGreaterThan(0);
    expect(offered).toBeLessThan(h100(body)?.calendarGpus ?? 0);
    const tooMany = await call<ErrorBody>(
      "POST",
      "/v1/leases?reserve=true",
      request("lab-b", "big", offered + 8),
    );
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toContain("(kept by lab-a/pool)");
    const fits = await call<{ lease: Lease }>(
      "POST",
      "/v1/leases?reserve=true",
      request("lab-b", "fits", offered),
    );
    expect(fits.status).toBe(201);
    expect(fits.body.lease.status).toBe("active");
  });

  it("quotes what it changed: the isolated rack frees when lab-a's lease ends, so the start and end move", async () => {
    const { body } = await call<SiteAvailability>("GET", "/v1/sites/iso/availability?tenant=lab-b");
    const asked = {
      ...request("lab-b", "later", (h100(body)?.availableGpus ?? 0) + 8),
      endsAt: "2028-06-01T00:00:00Z",
    };
    const quote = await call<Quote>("POST", "/v1/leases/quote", asked);
    expect(quote.status).toBe(200);
    const site = quote.body.sites[0];
    expect(site?.fitsAsAsked).toBe(false);
    expect(site?.reason).toContain("(kept by lab-a/pool)");
    expect(quote.body.best?.changes).toEqual([
      { field: "startsAt", asked: "2026-12-01T00:00:00.000Z", offered: "2027-12-01T00:00:00.000Z" },
      { field: "endsAt", asked: "2028-06-01T00:00:00.000Z", offered: "2029-06-01T00:00:00.000Z" },
    ]);
    const fitsAsAsked = await call<Quote>("POST", "/v1/leases/quote", request("lab-a", "more", 8, "rack"));
    expect(fitsAsAsked.body.best?.changes).toEqual([]);
  });

  it("refuses an unknown isolation with the field and the allowed values", async () => {
    const { status, body } = await call<ErrorBody>("GET", "/v1/sites/iso/availability?isolation=hall");
    expect(status).toBe(400);
    expect(body.error.issues?.[0]?.field).toBe("isolation");
  });
});
