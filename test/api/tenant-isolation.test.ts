import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKey, ErrorBody, Tenant, Whoami } from "../../src/contract/generated/api.js";
import { MemoryLimits } from "../../src/limits/memory-limits.js";
import { plausible } from "../support/bad-requests.js";
import { changedTables, databaseDigest } from "../support/database-digest.js";
import {
  type Operation as DocumentOperation,
  fillPath,
  operationsOf,
  resolver,
} from "../support/openapi-operations.js";
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
  "put /v1/tenants/{tenant}/serving-profile": { targetUtilisation: 0.5 },
  "put /v1/tenants/{tenant}/limit-plans/{plan}": {
    kind: "api_tier",
    subscribers: 1,
    expectedUsage: 0.1,
    limits: [{ modelClass: "medium", dimension: "requests", window: "minute", limit: 10 }],
  },
  "post /v1/leases/{lease}/invoices": { month: new Date().toISOString().slice(0, 7) },
  "post /v1/leases/{lease}/amendments": {
    amendment: { kind: "extend", endsAt: new Date(Date.now() + 60 * 86_400_000).toISOString() },
    reason: "tenant says so",
  },
  "post /v1/limits/check": {
    subject: "sneaky-user",
    plan: "tier-1",
    modelClass: "large",
    inputTokens: 10,
    maxOutputTokens: 10,
  },
  "post /v1/limits/check/batch": {
    checks: [
      { subject: "sneaky-user", plan: "tier-1", modelClass: "large", inputTokens: 10, maxOutputTokens: 10 },
    ],
  },
  "post /v1/limits/settle": {
    subject: "sneaky-user",
    modelClass: "large",
    reservationId: 1,
    outputTokens: 5,
  },
  "post /v1/sites/{site}/agent-keys": { nodes: ["n1"] },
  "put /v1/health-policy": { fatalXids: [13], missedIntervals: 1, recoveryHeartbeats: 1 },
  "post /v1/agent/heartbeats": {
    site: "memphis",
    node: "n1",
    heartbeats: [
      {
        agentId: "sneaky",
        sequence: 1,
        readAt: new Date().toISOString(),
        intervalS: 10,
        gpus: [],
        gpusLost: 8,
      },
    ],
  },
  "post /v1/tenants/{tenant}/portfolio/deals": {
    name: "sneaky-deal",
    provider: "AWS",
    chip: "Trainium2",
    powerMw: 100,
    onlineAt: "2027-01-01",
  },
  "post /v1/tenants/{tenant}/portfolio/import": {
    csv: "name,provider,chip,powerMw,onlineAt\nsneaky-deal,AWS,Trainium2,100,2027-01-01\n",
  },
  "put /v1/tenants/{tenant}/portfolio/target": { powerMw: 1, at: "2030-01-01" },
  "put /v1/tenants/{tenant}/unit-economics": { utilisationPercent: "1" },
  "post /v1/tenants/{tenant}/unit-economics/preview": { utilisationPercent: "1" },
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
  const limits = new MemoryLimits();
  server = await startTestServer({ limits });
  await server.app.request("/v1/fleet/import", {
    method: "POST",
    headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    body: JSON.stringify({ sites: [SITE] }),
  });
  a = await server.tenantKey("lab-a");
  b = await server.tenantKey("lab-b");
  const tier = [{ dimension: "requests" as const, window: "minute" as const, limit: 1_000 }];
  limits.publish(a.tenantId, [{ plan: "tier-1", modelClass: "large", limits: tier }]);
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
  // B's usage limits: a plan and a published set (version 1), for A's key to reach for.
  const bKey = { role: "tenant" as const, keyId: "b", keyName: "b", tenantId: b.tenantId };
  await server.limitPlans.savePlan(
    bKey,
    b.tenantId,
    "b-tier",
    EXAMPLE_BODIES["put /v1/tenants/{tenant}/limit-plans/{plan}"],
  );
  await server.limitSets.plan(bKey, b.tenantId, { publish: true });

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
  it("declares operator, tenant, checker or agent access on every /v1 route", () => {
    const v1 = operations.filter((op) => op.path.startsWith("/v1/"));
    expect(v1.length).toBeGreaterThan(10);
    for (const op of v1) {
      expect
        .soft(["operator", "tenant", "checker", "agent"], `${op.method.toUpperCase()} ${op.path}`)
        .toContain(op.access);
    }
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
});

/**
 * The routes a tenant key may call without naming a tenant's resource, and why each is safe: it
 * answers about the caller alone, or about nothing tenant-specific. A route added later that takes
 * no lease, tenant or key must be listed here with its reason, or the test below fails.
 */
const UNSCOPED: Record<string, string> = {
  "GET /healthz": "public: whether the server is up",
  "GET /docs": "public: the API console page",
  "GET /openapi.json": "public: the API's description",
  "GET /v1/whoami": "the calling key itself",
  "GET /v1/tenants": "lists the caller's own tenant only",
  "GET /v1/api-keys": "lists the caller's own tenant's keys only",
  "GET /v1/leases": "lists the caller's own leases only",
  "GET /v1/leased-gpus": "counts the caller's own leases only",
  "POST /v1/limits/check": "checks the caller's own tenant's subjects only (naming another tenant is a 404)",
  "POST /v1/limits/check/batch": "checks the caller's own tenant's subjects only",
  "POST /v1/limits/settle": "settles the caller's own tenant's reservations only",
  "GET /v1/limits/decisions": "counts the caller's own tenant's decisions only",
  "GET /v1/invoices": "lists the caller's own invoices and notes only",
};

/** Path parameters that name a tenant's own resources, and B's values for each way to name them. */
const SCOPED_PARAMS = ["lease", "tenant", "id", "invoice"];

describe("another tenant's key on a tenant's resources, for every route of /openapi.json", () => {
  let secrets: string[];
  let variants: Array<{ by: string; path: Record<string, string>; query: Record<string, string> }>;
  let doc: unknown;

  beforeAll(async () => {
    doc = await (await server.app.request("/openapi.json")).json();
    secrets = [b.tenantId, "lab-b", ...bKeyIds, "lab-b-key", "lab-b-second", bLeaseId, "b-lease"];
    const common = { site: "memphis", node: "n1", template: "rent-half", plan: "b-tier", version: "1" };
    variants = [
      {
        by: "id",
        path: {
          ...common,
          lease: bLeaseId,
          tenant: b.tenantId,
          id: bKeyIds[0] ?? "x",
          invoice: "INV-000001",
        },
        query: { tenant: b.tenantId, subject: bLeaseId, site: "memphis" },
      },
      {
        by: "name",
        path: {
          ...common,
          lease: "b-lease",
          tenant: "lab-b",
          id: "lab-b-second",
          invoice: "inv_01jd4x9k3m8n2p5q7r9s1t3v5w",
        },
        query: { tenant: "lab-b", subject: b.tenantId, site: "memphis" },
      },
    ];
  });

  /** The request `op` makes with tenant A's key on B's resources named `by` id or name. */
  function requestFor(op: DocumentOperation, variant: (typeof variants)[number]) {
    const resolve = resolver(doc);
    const query = new URLSearchParams();
    for (const p of op.parameters.filter((p) => p.in === "query")) {
      const value = variant.query[p.name] ?? (p.required ? String(plausible(p.schema, resolve)) : undefined);
      if (value !== undefined) query.set(p.name, value);
    }
    const example = EXAMPLE_BODIES[`${op.method.toLowerCase()} ${op.path}`];
    const body = op.bodyTypes.includes("application/json")
      ? JSON.stringify(example ?? plausible(op.bodySchema ?? {}, resolve))
      : undefined;
    const url = `${fillPath(op.path, variant.path)}${query.size ? `?${query}` : ""}`;
    return { url, body, sent: [...Object.values(variant.path), ...query.values()] };
  }

  it("answers 403 or 404, or only the caller's own data, and never a byte of the other tenant's", async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(30);
    const before = await databaseDigest(server.db);
    for (const op of operations) {
      const label = `${op.method} ${op.path}`;
      const scoped = op.parameters.some((p) => p.in === "path" && SCOPED_PARAMS.includes(p.name));
      const othersOnly = op.access === "operator" || op.access === "agent";
      const expected = scoped || othersOnly ? [403, 404] : [200];
      if (!scoped && !othersOnly) {
        expect
          .soft(UNSCOPED[label], `${label} takes no tenant's resource: list it with a reason`)
          .toBeDefined();
      }
      for (const variant of variants) {
        const { url, body, sent } = requestFor(op, variant);
        const res = await server.app.request(url, {
          method: op.method,
          headers: {
            authorization: `Bearer ${a.key}`,
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
        expect.soft(expected, `${label} by ${variant.by}`).toContain(res.status);
        // A refusal may echo the reference the caller sent; anything else of B's is a leak.
        let text = await res.text();
        for (const ref of sent) text = text.split(ref).join("");
        for (const secret of secrets) expect.soft(text, `${label} by ${variant.by}`).not.toContain(secret);
      }
    }
    expect(changedTables(before, await databaseDigest(server.db))).toEqual([]);
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

/** Runs last: it adds a tenant and a key, which the listings above would count. */
describe("a checker key (a tenant's gateway)", () => {
  it("answers a checker key with 403 FORBIDDEN on every operator and tenant route, and writes nothing", async () => {
    const operator = { role: "operator" as const, keyId: "test", keyName: "test" };
    const c = await server.tenantKey("lab-c");
    const { key } = await server.access.createKey(operator, {
      name: "lab-c-gateway",
      role: "checker",
      tenant: c.tenantId,
    });
    const before = await snapshot();
    const params = { site: "memphis", node: "n1", tenant: c.tenantId, id: "x", lease: bLeaseId };
    const refused = operations.filter(
      (op) => op.path.startsWith("/v1/") && (op.access === "operator" || op.access === "tenant"),
    );
    expect(refused.length).toBeGreaterThan(10);
    for (const op of refused) {
      const res = await request(op, key, params);
      const label = `${op.method.toUpperCase()} ${op.path}`;
      expect.soft(res.status, label).toBe(403);
      if (res.status === 403) expect.soft(((await res.json()) as ErrorBody).error.code).toBe("FORBIDDEN");
    }
    expect(await snapshot()).toEqual(before);
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
});
