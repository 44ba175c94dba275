import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

function post(path: string, body: unknown, key: string | undefined, apiKey = server.operatorKey) {
  return server.app.request(path, {
    method: "POST",
    headers: {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      ...(key === undefined ? {} : { "idempotency-key": key }),
    },
    body: JSON.stringify(body),
  });
}

const count = async (table: string) =>
  Number((await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

describe("Idempotency-Key on POST", () => {
  it("the same key and body replays the first response and acts once", async () => {
    const first = await post("/v1/tenants", { name: "lab-a" }, "create-lab-a");
    expect(first.status).toBe(201);
    const tenants = await count("tenants");
    const again = await post("/v1/tenants", { name: "lab-a" }, "create-lab-a");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await count("tenants")).toBe(tenants);
  });

  it("without a key the same request acts again (and here is refused as a duplicate)", async () => {
    expect((await post("/v1/tenants", { name: "lab-b" }, undefined)).status).toBe(201);
    expect((await post("/v1/tenants", { name: "lab-b" }, undefined)).status).toBe(409);
  });

  it("the same key with another body is refused with 422 and changes nothing", async () => {
    expect((await post("/v1/tenants", { name: "lab-c" }, "k-c")).status).toBe(201);
    const tenants = await count("tenants");
    const reused = await post("/v1/tenants", { name: "lab-d" }, "k-c");
    expect(reused.status).toBe(422);
    const { error } = (await reused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(error.message).toContain("POST /v1/tenants");
    expect(await count("tenants")).toBe(tenants);
  });

  it("a refused request's answer is replayed too: the key stays bound to what it asked", async () => {
    const refused = await post("/v1/tenants", { name: "Not A Valid Name!" }, "k-bad");
    expect(refused.status).toBe(400);
    const again = await post("/v1/tenants", { name: "Not A Valid Name!" }, "k-bad");
    expect(again.status).toBe(400);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("keys belong to the API key that sent them", async () => {
    const tenant = await server.tenantKey("lab-e");
    expect((await post("/v1/tenants", { name: "lab-f" }, "shared-key")).status).toBe(201);
    const other = await post("/v1/tenants", { name: "lab-g" }, "shared-key", tenant.key);
    expect(other.status).toBe(403);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
  });

  it("a fleet import (YAML or JSON) replays instead of importing twice", async () => {
    const first = await importSmallSite(server, "idem-site", ["n1", "n2"]);
    expect(first.status).toBe(200);
    const body = {
      sites: [
        {
          name: "idem-2",
          pue: 1.2,
          electricityUsdPerMwh: "80",
          powerSources: [{ kind: "grid", installedMw: 2, permittedMw: 2 }],
          topologyLevels: ["rack", "node"],
          nodes: [{ name: "n1", path: "r1", gpuModel: "H100", gpuCount: 8 }],
        },
      ],
    };
    const a = await post("/v1/fleet/import", body, "import-2");
    const b = await post("/v1/fleet/import", body, "import-2");
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
  });

  it("a key that is not printable ASCII, or too long, is refused naming the header", async () => {
    for (const key of ["", "x".repeat(256), "clé"]) {
      const response = await server.app.request("/v1/tenants", {
        method: "POST",
        headers: {
          authorization: `Bearer ${server.operatorKey}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify({ name: "lab-z" }),
      });
      expect(response.status, JSON.stringify(key)).toBe(400);
      const { error } = (await response.json()) as { error: { issues: Array<{ field: string }> } };
      expect(error.issues[0]?.field).toBe("Idempotency-Key");
    }
  });
});
