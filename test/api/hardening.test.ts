import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
let tenantKey: string;

beforeAll(async () => {
  server = await startTestServer();
  tenantKey = (await server.tenantKey("frontier-lab")).key;
});
afterAll(async () => server?.close());

const nestedJson = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const nestedYaml = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}\n`;

async function send(path: string, body: string, type: string, key: string) {
  return server.app.request(path, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${key}`, "content-type": type },
  });
}

describe("a body nested thousands deep", () => {
  const cases = [
    { path: "/v1/tenants", type: "application/json", body: `{"name":${nestedJson(5000)}}` },
    { path: "/v1/tenants", type: "application/json", body: nestedObject(5000) },
    { path: "/v1/leases", type: "application/json", body: `{"name":"x","lines":${nestedJson(5000)}}` },
    { path: "/v1/leases/quote", type: "application/json", body: nestedObject(5000) },
    { path: "/v1/fleet/import", type: "application/json", body: `{"sites":${nestedJson(5000)}}` },
    { path: "/v1/fleet/import", type: "application/yaml", body: `sites: ${nestedYaml(5000)}` },
  ];
  for (const { path, type, body } of cases) {
    for (const who of ["operator", "tenant"] as const) {
      it(`is refused with a 4xx and an error code on ${path} (${type}, ${who} key)`, async () => {
        const response = await send(path, body, type, who === "operator" ? server.operatorKey : tenantKey);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        const error = ((await response.json()) as { error: { code: string; message: string } }).error;
        expect(error.code).toMatch(/^[A-Z_]+$/);
      });
    }
  }

  it("names the depth bound when the operator sends one too deep", async () => {
    const response = await send("/v1/tenants", nestedObject(200), "application/json", server.operatorKey);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; issues: Array<{ field: string; bound?: string }> };
    };
    expect(error.code).toBe("MALFORMED_JSON");
    expect(error.issues[0]?.bound).toBe("nesting <= 64");
  });

  it("accepts ordinary nesting", async () => {
    const response = await send(
      "/v1/tenants",
      `{"name":"rival-lab"}`,
      "application/json",
      server.operatorKey,
    );
    expect(response.status).toBe(201);
  });
});

describe("free text with control characters", () => {
  it("is refused with the field named, and nothing changes", async () => {
    const { importSmallSite } = await import("../support/small-site.js");
    expect((await importSmallSite(server, "ctl-site", ["n1"])).status).toBe(200);
    const response = await server.app.request("/v1/sites/ctl-site/nodes/n1", {
      method: "PATCH",
      headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
      body: JSON.stringify({ state: "maintenance", reason: "fix\u001b[2J\u001b[31m PAID" }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; issues: Array<{ field: string }> };
    };
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.issues[0]?.field).toBe("reason");
    const node = await server.app.request("/v1/sites/ctl-site/nodes/n1", {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    expect(((await node.json()) as { node: { state: string } }).node.state).toBe("healthy");
  });
});

describe("request limits", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      rates: { failedAuthPerMinute: 3, quotesPerMinute: 2, importsPerMinute: 1 },
    });
  });
  afterAll(async () => limited?.close());

  const get = (key: string) =>
    limited.app.request("/v1/sites", { headers: { authorization: `Bearer ${key}` } });

  it("a client that keeps failing to authenticate gets 429 with retry-after, even with a good key", async () => {
    for (let i = 0; i < 3; i++) expect((await get(`lh_op_wrong${i}`)).status).toBe(401);
    const refused = await get(limited.operatorKey);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const { error } = (await refused.json()) as { error: { code: string; issues: Array<{ bound: string }> } };
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.issues[0]?.bound).toBe("<= 3 per minute");
  });

  it("quotes and imports are limited per key, and one key's limit leaves another's alone", async () => {
    const other = await startTestServer({
      rates: { failedAuthPerMinute: 100, quotesPerMinute: 2, importsPerMinute: 1 },
    });
    try {
      const tenant = await other.tenantKey("lab");
      const quote = (key: string) =>
        other.app.request("/v1/leases/quote", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({}),
        });
      expect((await quote(other.operatorKey)).status).toBe(400);
      expect((await quote(other.operatorKey)).status).toBe(400);
      const third = await quote(other.operatorKey);
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("30");
      expect((await quote(tenant.key)).status).not.toBe(429);
      const { importSmallSite } = await import("../support/small-site.js");
      expect((await importSmallSite(other, "first", ["n1"])).status).toBe(200);
      expect((await importSmallSite(other, "second", ["n1"])).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe("what a tenant learns of the operator", () => {
  it("the same answer for a site that exists and one that does not; 'operator' as the actor", async () => {
    const { h100SiteDoc } = await import("../support/h100-site.js");
    const auth = (key: string) => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });
    const doc = h100SiteDoc(
      "quiet-site",
      { halls: 1, blocksPerHall: 2, racksPerBlock: 2, nodesPerRack: 8 },
      10,
    );
    const imported = await server.app.request("/v1/fleet/import", {
      method: "POST",
      headers: auth(server.operatorKey),
      body: JSON.stringify(doc),
    });
    expect(imported.status).toBe(200);
    const other = await server.tenantKey("quiet-lab");
    const list = (site: string, key: string) =>
      server.app.request(`/v1/leases?site=${site}`, { headers: auth(key) });
    const real = await list("quiet-site", other.key);
    const fake = await list("no-such-site", other.key);
    expect([real.status, fake.status]).toEqual([200, 200]);
    expect(await real.json()).toEqual(await fake.json());
    expect((await list("no-such-site", server.operatorKey)).status).toBe(404);

    const created = await server.app.request("/v1/leases?reserve=true", {
      method: "POST",
      headers: auth(server.operatorKey),
      body: JSON.stringify({
        name: "watched",
        tenant: "quiet-lab",
        sites: ["quiet-site"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 64, pricePerGpuHour: "2.10" }],
        startsAt: new Date().toISOString(),
        endsAt: "2030-01-01T00:00:00Z",
        isolation: "node",
      }),
    });
    expect(created.status).toBe(201);
    const history = await server.app.request("/v1/leases/watched/history", { headers: auth(other.key) });
    const text = await history.text();
    expect(text).toContain('"actor":"operator"');
    expect(text).not.toMatch(/operator:[^"]*key_/);
    const asOperator = await server.app.request("/v1/leases/watched/history", {
      headers: auth(server.operatorKey),
    });
    expect(await asOperator.text()).toMatch(/"actor":"operator:[^"]+\(key_/);
  });
});
