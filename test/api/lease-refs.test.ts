import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody, Lease, LeaseAllocation } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * Lease references: an id, a name unique in the caller's view, or `tenant/name` (the slash sent as
 * %2F). Two tenants may both have `gpu-pool`; the bare name is then ambiguous to the operator only.
 */

const clock = new ManualClock("2026-12-01T00:00:00.000Z");
let server: TestServer;
let a: { tenantId: string; key: string };
let b: { tenantId: string; key: string };
const leases: Record<string, Lease> = {};

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
const op = <T>(method: string, path: string, body?: unknown) =>
  call<T>(server.operatorKey, method, path, body);

const request = (tenant: string, name: string) => ({
  name,
  tenant,
  sites: ["lab"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.50" }],
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
  expect((await importSmallSite(server, "lab", nodes, 5)).status).toBe(200);
  a = await server.tenantKey("lab-a");
  b = await server.tenantKey("lab-b");
  for (const [tenant, name, reserve] of [
    ["lab-a", "gpu-pool", true],
    ["lab-b", "gpu-pool", false],
    ["lab-b", "batch-pool", false],
  ] as const) {
    const created = await op<{ lease: Lease }>(
      "POST",
      `/v1/leases?reserve=${reserve}`,
      request(tenant, name),
    );
    expect(created.status).toBe(201);
    leases[`${tenant}/${name}`] = created.body.lease;
  }
});
afterAll(async () => server?.close());

const lease = (ref: string) => {
  const found = leases[ref];
  if (!found) throw new Error(`no fixture ${ref}`);
  return found;
};

describe("a lease name two tenants share", () => {
  it.each([
    ["GET", ""],
    ["GET", "/allocation"],
    ["GET", "/history"],
    ["GET", "/node-moves"],
    ["POST", "/reserve"],
    ["POST", "/cancel"],
    ["POST", "/notice"],
    ["POST", "/amendments"],
  ])(
    "answers the operator's %s /v1/leases/gpu-pool%s with 409 LEASE_AMBIGUOUS naming both as tenant/name",
    async (method, suffix) => {
      const body =
        suffix === "/amendments"
          ? { amendment: { kind: "extend", endsAt: "2028-01-01T00:00:00Z" }, reason: "renewal" }
          : method === "POST" && suffix !== "/reserve"
            ? { reason: "which one?" }
            : undefined;
      const res = await op<ErrorBody>(method, `/v1/leases/gpu-pool${suffix}`, body);
      expect([res.status, res.body.error.code]).toEqual([409, "LEASE_AMBIGUOUS"]);
      expect(res.body.error.candidates).toEqual(["lab-a/gpu-pool", "lab-b/gpu-pool"]);
      expect(res.body.error.message).toContain("lab-a/gpu-pool, lab-b/gpu-pool");
    },
  );

  it("changes nothing when the reference is ambiguous", async () => {
    await op("POST", "/v1/leases/gpu-pool/cancel", { reason: "which one?" });
    const all = await op<{ leases: Lease[] }>("GET", "/v1/leases");
    expect(all.body.leases.map((l) => [l.name, l.status, l.version]).sort()).toEqual(
      [
        ["batch-pool", "draft", 1],
        ["gpu-pool", "active", lease("lab-a/gpu-pool").version],
        ["gpu-pool", "draft", 1],
      ].sort(),
    );
  });

  it("resolves tenant/name (tenant by name or id, the slash as %2F) on every lease route", async () => {
    const shown = await op<{ lease: Lease }>("GET", "/v1/leases/lab-b%2Fgpu-pool");
    expect([shown.status, shown.body.lease.id]).toEqual([200, lease("lab-b/gpu-pool").id]);
    const byTenantId = await op<{ lease: Lease }>("GET", `/v1/leases/${a.tenantId}%2Fgpu-pool`);
    expect(byTenantId.body.lease.id).toBe(lease("lab-a/gpu-pool").id);
    const allocation = await op<LeaseAllocation>("GET", "/v1/leases/lab-a%2Fgpu-pool/allocation");
    expect([allocation.status, allocation.body.leaseId]).toEqual([200, lease("lab-a/gpu-pool").id]);
    for (const suffix of ["/history", "/node-moves"]) {
      expect((await op("GET", `/v1/leases/lab-a%2Fgpu-pool${suffix}`)).status).toBe(200);
    }
    const amended = await op<{ lease: Lease }>("POST", "/v1/leases/lab-a%2Fgpu-pool/amendments", {
      amendment: { kind: "extend", endsAt: "2028-01-01T00:00:00Z" },
      reason: "renewal",
    });
    expect([amended.status, amended.body.lease.endsAt]).toEqual([200, "2028-01-01T00:00:00.000Z"]);
    const cancelled = await op<{ lease: Lease }>("POST", "/v1/leases/lab-b%2Fgpu-pool/cancel", {
      reason: "not needed",
    });
    expect([cancelled.status, cancelled.body.lease.id, cancelled.body.lease.status]).toEqual([
      200,
      lease("lab-b/gpu-pool").id,
      "cancelled",
    ]);
    const other = await op<{ lease: Lease }>("GET", "/v1/leases/lab-a%2Fgpu-pool");
    expect(other.body.lease.status).toBe("active");
  });

  it("keeps ids and names unique in the caller's view working", async () => {
    expect(
      (await op<{ lease: Lease }>("GET", `/v1/leases/${lease("lab-b/gpu-pool").id}`)).body.lease.name,
    ).toBe("gpu-pool");
    expect((await op<{ lease: Lease }>("GET", "/v1/leases/batch-pool")).body.lease.id).toBe(
      lease("lab-b/batch-pool").id,
    );
  });

  it("is never ambiguous to a tenant key: it resolves among the tenant's own leases", async () => {
    for (const [who, tenant] of [
      [a, "lab-a"],
      [b, "lab-b"],
    ] as const) {
      const shown = await call<{ lease: Lease }>(who.key, "GET", "/v1/leases/gpu-pool");
      expect([shown.status, shown.body.lease.id]).toEqual([200, lease(`${tenant}/gpu-pool`).id]);
      const qualified = await call<{ lease: Lease }>(who.key, "GET", `/v1/leases/${tenant}%2Fgpu-pool`);
      expect(qualified.body.lease.id).toBe(lease(`${tenant}/gpu-pool`).id);
    }
  });

  it("answers a tenant naming another tenant's lease as tenant/name with 404, as if it did not exist", async () => {
    const res = await call<ErrorBody>(a.key, "GET", "/v1/leases/lab-b%2Fbatch-pool");
    expect([res.status, res.body.error.code]).toEqual([404, "LEASE_NOT_FOUND"]);
    expect(res.body.error.message).toBe("no lease with id or name lab-b/batch-pool");
  });

  it("refuses a reference with more than one slash or an empty part as a bad path parameter", async () => {
    for (const ref of ["lab-a%2Fgpu-pool%2Fx", "%2Fgpu-pool", "lab-a%2F"]) {
      const res = await op<ErrorBody>("GET", `/v1/leases/${ref}`);
      expect([ref, res.status, res.body.error.code]).toEqual([ref, 400, "VALIDATION_FAILED"]);
    }
  });
});

describe("a misspelled lease name", () => {
  it("gets the closest names the caller may see, qualified where two tenants share one", async () => {
    const res = await op<ErrorBody>("GET", "/v1/leases/gpu-pol");
    expect([res.status, res.body.error.code]).toEqual([404, "LEASE_NOT_FOUND"]);
    expect(res.body.error.message).toBe(
      "no lease with id or name gpu-pol; did you mean lab-a/gpu-pool or lab-b/gpu-pool?",
    );
  });

  it("never suggests another tenant's lease names to a tenant key", async () => {
    const mine = await call<ErrorBody>(a.key, "GET", "/v1/leases/batch-pol");
    expect(mine.body.error.message).toBe("no lease with id or name batch-pol");
    const theirs = await call<ErrorBody>(b.key, "GET", "/v1/leases/batch-pol");
    expect(theirs.body.error.message).toBe("no lease with id or name batch-pol; did you mean batch-pool?");
  });
});
