import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody, Lease } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** Tenant keys on the lease routes: their own leases only, another tenant's as if it did not exist. */

const clock = new ManualClock("2026-12-01T00:00:00.000Z");
let server: TestServer;
let a: { tenantId: string; key: string };
let b: { tenantId: string; key: string };
let bLease: Lease;

const call = async <T>(key: string, method: string, path: string, body?: unknown) => {
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

const request = (tenant: string, name = "gpu-pool") => ({
  name,
  tenant,
  sites: ["lab"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 16, pricePerGpuHour: "2.50" }],
  startsAt: "2026-12-01T00:00:00Z",
  endsAt: "2027-12-01T00:00:00Z",
  noticePeriodDays: 30,
});

beforeAll(async () => {
  server = await startTestServer({ clock });
  const nodes = Array.from({ length: 16 }, (_, i) => ({
    name: `n${i + 1}`,
    path: `r${Math.floor(i / 8) + 1}`,
  }));
  const imported = await importSmallSite(server, "lab", nodes, 5);
  expect(imported.status).toBe(200);
  a = await server.tenantKey("lab-a");
  b = await server.tenantKey("lab-b");
  // Both tenants name their lease gpu-pool: a name is only unique within a tenant.
  expect((await call(server.operatorKey, "POST", "/v1/leases?reserve=true", request("lab-a"))).status).toBe(
    201,
  );
  const created = await call<{ lease: Lease }>(server.operatorKey, "POST", "/v1/leases", request("lab-b"));
  bLease = created.body.lease;
});
afterAll(async () => server?.close());

describe("a tenant key on the lease routes", () => {
  it("lists only its own tenant's leases", async () => {
    const mine = await call<{ leases: Lease[] }>(a.key, "GET", "/v1/leases");
    expect(mine.body.leases.map((l) => [l.name, l.tenantId])).toEqual([["gpu-pool", a.tenantId]]);
    const all = await call<{ leases: Lease[] }>(server.operatorKey, "GET", "/v1/leases");
    expect(all.body.leases).toHaveLength(2);
  });

  it("resolves a lease name inside its own tenant", async () => {
    const shown = await call<{ lease: Lease }>(a.key, "GET", "/v1/leases/gpu-pool");
    expect(shown.body.lease.tenantId).toBe(a.tenantId);
  });

  it.each([
    ["GET", ""],
    ["GET", "/allocation"],
    ["GET", "/history"],
    ["POST", "/notice"],
  ])(
    "answers %s another tenant's lease%s with 404 LEASE_NOT_FOUND and changes nothing",
    async (method, suffix) => {
      const body = method === "POST" ? { reason: "not mine to end" } : undefined;
      const res = await call<ErrorBody>(a.key, method, `/v1/leases/${bLease.id}${suffix}`, body);
      expect([res.status, res.body.error.code]).toEqual([404, "LEASE_NOT_FOUND"]);
      const theirs = await call<{ lease: Lease }>(b.key, "GET", `/v1/leases/${bLease.id}`);
      expect(theirs.body.lease).toMatchObject({ status: "draft", version: bLease.version });
    },
  );

  it.each([
    ["POST", "/v1/leases", request("lab-a", "sneaky")],
    ["POST", "/v1/leases/quote", request("lab-a", "sneaky")],
    ["POST", "/v1/leases/gpu-pool/reserve", undefined],
    ["POST", "/v1/leases/gpu-pool/cancel", { reason: "x" }],
    [
      "POST",
      "/v1/leases/gpu-pool/amendments",
      { amendment: { kind: "extend", endsAt: "2028-01-01T00:00:00Z" }, reason: "x" },
    ],
    ["POST", "/v1/leases/tick", undefined],
    ["GET", "/v1/sites/lab/availability", undefined],
    ["GET", "/v1/sites/lab/allocation-map", undefined],
  ])("answers %s %s with 403 FORBIDDEN", async (method, path, body) => {
    const res = await call<ErrorBody>(a.key, method, path, body);
    expect([res.status, res.body.error.code]).toEqual([403, "FORBIDDEN"]);
  });

  it("shows its own allocation and only its own events", async () => {
    const allocation = await call<{ byModel: Array<{ heldGpus: number }> }>(
      a.key,
      "GET",
      "/v1/leases/gpu-pool/allocation",
    );
    expect(allocation.body.byModel).toEqual([{ gpuModel: "H100", heldGpus: 16, missingGpus: 0 }]);
    const history = await call<{ events: Array<{ tenantId: string }> }>(
      a.key,
      "GET",
      "/v1/leases/gpu-pool/history",
    );
    expect(history.body.events.length).toBeGreaterThan(0);
    expect(history.body.events.every((e) => e.tenantId === a.tenantId)).toBe(true);
  });

  it("gives notice on its own lease, recorded as the tenant's act", async () => {
    const res = await call<{ lease: Lease & { endsAt: string } }>(
      a.key,
      "POST",
      "/v1/leases/gpu-pool/notice",
      {
        reason: "moving out",
      },
    );
    expect(res.body.lease).toMatchObject({ status: "ending", endsAt: "2026-12-31T00:00:00.000Z" });
    const history = await call<{ versions: Array<{ kind: string; actor: string }> }>(
      a.key,
      "GET",
      "/v1/leases/gpu-pool/history",
    );
    expect(history.body.versions.at(-1)).toMatchObject({
      kind: "notice",
      actor: expect.stringMatching(/^tenant:/),
    });
  });
});
