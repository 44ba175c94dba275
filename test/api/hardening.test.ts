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
