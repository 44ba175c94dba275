import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKey, ErrorBody, Tenant, Whoami } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

interface Operation {
  method: string;
  path: string;
  access: unknown;
  hasBody: boolean;
}

let server: TestServer;
let operations: Operation[];
let a: { tenantId: string; key: string };
let b: { tenantId: string; key: string };
let bKeyIds: string[];
let bLeaseId: string;

const SITE = {
  name: "memphis",
  pue: 1.2,
  electricityUsdPerMwh: "67.00",
  powerSources: [{ kind: "grid", installedMw: 10, permittedMw: 10 }],
  topologyLevels: ["rack", "node"],
  nodes: [{ name: "n1", path: "r1", gpuModel: "H100", gpuCount: 8 }],
};

const LEASE = {
  name: "sneaky-lease",
  tenant: "lab-a",
  sites: ["memphis"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.00" }],
  startsAt: new Date(Date.now() + 86_400_000).toISOString(),
  endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
};

/** Valid bodies for the routes that take one; a route added later falls back to `{}` (auth runs first). */
const EXAMPLE_BODIES: Record<string, unknown> = {
  "post /v1/tenants": { name: "sneaky-lab" },
  "post /v1/api-keys": { name: "sneaky", role: "operator" },
  "patch /v1/sites/{site}/nodes/{node}": { state: "failed", reason: "tenant says so" },
  "post /v1/fleet/import": { sites: [{ ...SITE, name: "sneaky-site" }] },
  "post /v1/leases": LEASE,
  "post /v1/leases/quote": LEASE,
  "post /v1/leases/{lease}/cancel": { reason: "tenant says so" },
  "post /v1/leases/{lease}/notice": { reason: "tenant says so" },
  "post /v1/leases/{lease}/amendments": {
    amendment: { kind: "extend", endsAt: new Date(Date.now() + 60 * 86_400_000).toISOString() },
    reason: "tenant says so",
  },
};

function request(op: Operation, key: string, params: Record<string, string>) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));
  const body = op.hasBody ? JSON.stringify(EXAMPLE_BODIES[`${op.method} ${op.path}`] ?? {}) : undefined;
  return server.app.request(path, {
    method: op.method.toUpperCase(),
    body,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
  });
}

async function snapshot() {
  return server.db.query(
    `SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM node_events) AS events,
       (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM tenants) AS tenants,
       (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL) AS keys, (SELECT count(*) FROM leases) AS leases,
       (SELECT count(*) FROM lease_versions) AS versions, (SELECT count(*) FROM outbox) AS outbox`,
  );
}

beforeAll(async () => {
  server = await startTestServer();
  await server.app.request("/v1/fleet/import", {
    method: "POST",
    headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    body: JSON.stringify({ sites: [SITE] }),
  });
  a = await server.tenantKey("lab-a");
  b = await server.tenantKey("lab-b");
  const operator = { role: "operator" as const, keyId: "test", keyName: "test" };
  await server.access.createKey(operator, { name: "lab-b-second", role: "tenant", tenant: b.tenantId });
  bKeyIds = (
    await server.access.keys({ role: "tenant", keyId: "b", keyName: "b", tenantId: b.tenantId })
  ).map((k) => k.id);
  const lease = await server.leases.create(
    operator,
    { ...LEASE, name: "b-lease", tenant: b.tenantId },
    { reserve: false },
  );
  bLeaseId = lease.id;

  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { "x-leasehold-access"?: unknown; requestBody?: unknown }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method,
      path,
      access: op["x-leasehold-access"],
      hasBody: op.requestBody !== undefined,
    })),
  );
});
afterAll(async () => server?.close());

describe("access policy, read from the OpenAPI document", () => {
  it("declares operator or tenant access on every /v1 route", () => {
    const v1 = operations.filter((op) => op.path.startsWith("/v1/"));
    expect(v1.length).toBeGreaterThan(10);
    for (const op of v1) {
      expect.soft(["operator", "tenant"], `${op.method.toUpperCase()} ${op.path}`).toContain(op.access);
    }
  });

  it("declares who may call the routes outside /v1: anyone for health and docs, operators for metrics", () => {
    const outside = operations
      .filter((op) => !op.path.startsWith("/v1/"))
      .map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.access]);
    expect(Object.fromEntries(outside)).toEqual({
      "GET /healthz": "public",
      "GET /docs": "public",
      "GET /openapi.json": "public",
      "GET /metrics": "operator",
    });
  });

  it("documents every /v1 route the server answers, so none escapes a policy", () => {
    const documented = new Set(operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
    const served = server.app.routes
      .filter((r) => r.path.startsWith("/v1/") && r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).toBeGreaterThan(0);
    for (const route of new Set(served)) expect.soft(documented, route).toContain(route);
  });

  it("answers a tenant key with 403 FORBIDDEN on every operator route, and writes nothing", async () => {
    const before = await snapshot();
    const params = {
      site: "memphis",
      node: "n1",
      tenant: b.tenantId,
      id: bKeyIds[0] ?? "x",
      lease: bLeaseId,
    };
    const operatorOps = operations.filter((op) => op.access === "operator");
    expect(operatorOps.length).toBeGreaterThan(5);
    for (const op of operatorOps) {
      const res = await request(op, a.key, params);
      const label = `${op.method.toUpperCase()} ${op.path}`;
      expect.soft(res.status, label).toBe(403);
      if (res.status === 403) expect.soft(((await res.json()) as ErrorBody).error.code).toBe("FORBIDDEN");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("never shows tenant A anything of tenant B's on a tenant route", async () => {
    const secrets = [b.tenantId, "lab-b", ...bKeyIds, bLeaseId, "b-lease"];
    const tenantOps = operations.filter((op) => op.access === "tenant");
    expect(tenantOps.length).toBeGreaterThan(2);
    for (const op of tenantOps) {
      const res = await request(op, a.key, { tenant: b.tenantId, id: bKeyIds[0] ?? "x", lease: bLeaseId });
      const label = `${op.method.toUpperCase()} ${op.path}`;
      expect.soft([200, 404], label).toContain(res.status);
      // A 404 may echo the reference the caller sent; only a successful answer could leak.
      const text = res.status === 200 ? await res.text() : "";
      for (const secret of secrets) expect.soft(text, label).not.toContain(secret);
    }
  });
});

describe("tenant isolation", () => {
  const as = (key: string, path: string, init: RequestInit = {}) =>
    server.app.request(path, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });

  it("lists only the caller's own tenant", async () => {
    const body = (await (await as(a.key, "/v1/tenants")).json()) as { tenants: Tenant[] };
    expect(body.tenants.map((t) => t.id)).toEqual([a.tenantId]);
    const all = (await (await as(server.operatorKey, "/v1/tenants")).json()) as { tenants: Tenant[] };
    expect(all.tenants).toHaveLength(2);
  });

  it.each(["id", "name"])(
    "answers another tenant's %s with 404 TENANT_NOT_FOUND, as if it did not exist",
    async (by) => {
      const ref = by === "id" ? b.tenantId : "lab-b";
      const res = await as(a.key, `/v1/tenants/${ref}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe("TENANT_NOT_FOUND");
      expect((await as(a.key, `/v1/tenants/${a.tenantId}`)).status).toBe(200);
    },
  );

  it("lists only the caller's own API keys", async () => {
    const body = (await (await as(a.key, "/v1/api-keys")).json()) as { apiKeys: ApiKey[] };
    expect(body.apiKeys).toHaveLength(1);
    expect(body.apiKeys.every((k) => k.tenantId === a.tenantId)).toBe(true);
  });

  it("tells a tenant key who it is", async () => {
    const me = (await (await as(a.key, "/v1/whoami")).json()) as Whoami;
    expect(me).toMatchObject({ role: "tenant", tenantId: a.tenantId });
  });

  it("cannot create keys or tenants, nor revoke another tenant's key", async () => {
    const json = { "content-type": "application/json" };
    const makeKey = { name: "mine", role: "tenant", tenant: a.tenantId };
    const attempts = [
      as(a.key, "/v1/api-keys", { method: "POST", headers: json, body: JSON.stringify(makeKey) }),
      as(a.key, "/v1/tenants", { method: "POST", headers: json, body: JSON.stringify({ name: "lab-c" }) }),
      as(a.key, `/v1/api-keys/${bKeyIds[0]}`, { method: "DELETE" }),
    ];
    expect((await Promise.all(attempts)).map((r) => r.status)).toEqual([403, 403, 403]);
    expect((await as(b.key, "/v1/whoami")).status).toBe(200);
  });
});
